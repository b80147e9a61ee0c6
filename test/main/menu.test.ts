import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi, type Mock } from 'vitest';
import { aboutText, buildMenuTemplate, type MenuActions } from '../../src/main/menu';

function submenu(t: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const item = t.find((m) => m.label === label);
  expect(item, `menu ${label}`).toBeDefined();
  return item?.submenu as MenuItemConstructorOptions[];
}

function item(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = items.find((m) => m.label === label);
  expect(found, `item ${label}`).toBeDefined();
  return found as MenuItemConstructorOptions;
}

function click(entry: MenuItemConstructorOptions): void {
  (entry.click as () => void)();
}

type ActionMocks = { [K in keyof Required<MenuActions>]: Mock<Required<MenuActions>[K]> };

function allActions(): ActionMocks {
  return {
    about: vi.fn(),
    newProject: vi.fn(),
    open: vi.fn(),
    openRecent: vi.fn(),
    clearRecent: vi.fn(),
    save: vi.fn(),
    saveAs: vi.fn(),
    exportAs: vi.fn(),
    copyShareLink: vi.fn(),
    close: vi.fn(),
  };
}

const RECENT = [
  { token: 't-1', name: 'pendulum', path: '/home/u/pendulum.hjblab' },
  { token: 't-2', name: 'merton', path: '/home/u/merton.hjblab' },
];

describe('application menu', () => {
  it('has File, Edit with the standard roles, View and Help → About', () => {
    const about = vi.fn();
    const t = buildMenuTemplate({ appName: 'HJB Lab', isMac: false, actions: { about } });
    expect(t.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Help']);
    const roles = submenu(t, 'Edit')
      .map((m) => m.role)
      .filter(Boolean);
    expect(roles).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
    const aboutItem = submenu(t, 'Help').find((m) => m.label === 'About HJB Lab');
    (aboutItem?.click as () => void)();
    expect(about).toHaveBeenCalledOnce();
  });

  it('adds the app menu on macOS and file actions with accelerators when given', () => {
    const t = buildMenuTemplate({
      appName: 'HJB Lab',
      isMac: true,
      actions: { about: vi.fn(), open: vi.fn(), save: vi.fn() },
    });
    expect(t[0].label).toBe('HJB Lab');
    const file = submenu(t, 'File');
    expect(file.find((m) => m.label === 'Open…')?.accelerator).toBe('CmdOrCtrl+O');
    expect(file.find((m) => m.label === 'Save')?.accelerator).toBe('CmdOrCtrl+S');
  });

  it('File: New, Open…, Open Recent, Save, Save As…, Export, Copy Share Link, Close, Quit, in groups', () => {
    const a = allActions();
    const t = buildMenuTemplate({ appName: 'HJB Lab', isMac: false, actions: a, recent: RECENT });
    const file = submenu(t, 'File');
    expect(file.map((m) => m.label ?? m.role ?? m.type)).toEqual([
      'New',
      'Open…',
      'Open Recent',
      'separator',
      'Save',
      'Save As…',
      'separator',
      'Export',
      'Copy Share Link',
      'separator',
      'Close',
      'separator',
      'quit',
    ]);
    const accelerators = Object.fromEntries(file.filter((m) => m.label).map((m) => [m.label, m.accelerator]));
    expect(accelerators).toMatchObject({
      New: 'CmdOrCtrl+N',
      'Open…': 'CmdOrCtrl+O',
      Save: 'CmdOrCtrl+S',
      'Save As…': 'CmdOrCtrl+Shift+S',
      Close: 'CmdOrCtrl+W',
    });
    click(item(file, 'New'));
    click(item(file, 'Open…'));
    click(item(file, 'Save'));
    click(item(file, 'Save As…'));
    click(item(file, 'Copy Share Link'));
    click(item(file, 'Close'));
    for (const k of ['newProject', 'open', 'save', 'saveAs', 'copyShareLink', 'close'] as const)
      expect(a[k], k).toHaveBeenCalledOnce();

    const exports = submenu(file, 'Export');
    expect(exports.map((m) => m.label)).toEqual(['PNG Image…', 'CSV Table…', 'JSON Data…']);
    exports.forEach(click);
    expect(a.exportAs.mock.calls).toEqual([['png'], ['csv'], ['json']]);
  });

  it('Open Recent lists the files (name, path) and opens by token; Clear Menu; empty state', () => {
    const a = allActions();
    const file = submenu(
      buildMenuTemplate({ appName: 'HJB Lab', isMac: true, actions: a, recent: RECENT }),
      'File',
    );
    const recent = submenu(file, 'Open Recent');
    expect(recent.map((m) => m.label ?? m.type)).toEqual(['pendulum', 'merton', 'separator', 'Clear Menu']);
    expect(item(recent, 'merton').sublabel).toBe('/home/u/merton.hjblab');
    click(item(recent, 'merton'));
    expect(a.openRecent).toHaveBeenCalledWith('t-2');
    click(item(recent, 'Clear Menu'));
    expect(a.clearRecent).toHaveBeenCalledOnce();
    // macOS: no Quit in File (it is in the app menu).
    expect(file.some((m) => m.role === 'quit')).toBe(false);

    const empty = submenu(
      submenu(buildMenuTemplate({ appName: 'HJB Lab', isMac: true, actions: a, recent: [] }), 'File'),
      'Open Recent',
    );
    expect(item(empty, 'No Recent Projects').enabled).toBe(false);
    expect(item(empty, 'Clear Menu').enabled).toBe(false);
  });

  it('View: reload and developer tools only in development (reload would drop unsaved work)', () => {
    const roles = (dev: boolean) =>
      submenu(
        buildMenuTemplate({ appName: 'HJB Lab', isMac: false, actions: allActions(), dev }),
        'View',
      ).map((m) => m.role);
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).toEqual(
      expect.arrayContaining(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']),
    );
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('About text shows the version', () => {
    expect(aboutText('HJB Lab', '1.2.3', '45.0.0').message).toBe('HJB Lab 1.2.3');
  });
});
