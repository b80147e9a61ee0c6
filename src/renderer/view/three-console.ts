/**
 * three.js messages, minus one: @react-three/fiber 9 creates a THREE.Clock for every canvas
 * (its store's `clock`, which the lab does not use), and three r183+ warns that Clock is
 * deprecated. That warning says nothing about the lab, so it is dropped; every other
 * message of three.js goes to the console as before.
 */
import { setConsoleFunction } from 'three';

/** Whether three.js's message is the Clock deprecation caused by @react-three/fiber. */
export function isFiberClockWarning(type: string, message: unknown): boolean {
  return (
    type === 'warn' &&
    typeof message === 'string' &&
    message.startsWith('THREE.Clock: This module has been deprecated')
  );
}

export function installThreeConsole(): void {
  setConsoleFunction((type: string, message: unknown, ...params: unknown[]) => {
    if (isFiberClockWarning(type, message)) return;
    if (type === 'error') console.error(message, ...params);
    else if (type === 'warn') console.warn(message, ...params);
    else console.log(message, ...params);
  });
}
