import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { aboutText, buildMenuTemplate } from '../../src/main/menu';

function submenu(t: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const item = t.find((m) => m.label === label);
  expect(item, `menu ${label}`).toBeDefined();
  return item?.submenu as MenuItemConstructorOptions[];
}

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

  it('About text shows the version', () => {
    expect(aboutText('HJB Lab', '1.2.3', '45.0.0').message).toBe('HJB Lab 1.2.3');
  });
});
