/**
 * Preload (sandboxed, CommonJS): exposes the typed `window.lab` bridge and nothing else.
 * Every call goes through ipcRenderer.invoke on a fixed channel; main validates senders.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC, type AppInfo, type LabBridge } from './api';

const lab: LabBridge = {
  getInfo: () => ipcRenderer.invoke(IPC.appInfo) as Promise<AppInfo>,
};

contextBridge.exposeInMainWorld('lab', lab);
