import { describe, expect, it } from 'vitest';
import {
  exportRequest,
  IpcValidationError,
  openRecentRequest,
  saveAsRequest,
  saveRequest,
  validatePayload,
  emptyRequest,
} from '../../../src/main/project/ipc-validate';
import { PathGrants } from '../../../src/main/project/path-grants';
import { fileNameFromTitle, isSafeFileName } from '../../../src/main/project/file-names';
import { MAX_PROJECT_BYTES } from '../../../src/core/project';

describe('IPC payload validation', () => {
  const token = '6f1c2a44-0d7e-4b3a-9d7f-2a2b3c4d5e6f';

  it('accepts well-formed requests', () => {
    expect(validatePayload('save', saveRequest, { text: '{}' })).toEqual({ text: '{}' });
    expect(validatePayload('save', saveRequest, { text: '{}', pathToken: token }).pathToken).toBe(token);
    expect(
      validatePayload('save-as', saveAsRequest, { text: 'x', suggestedName: 'LQR.hjblab' }).suggestedName,
    ).toBe('LQR.hjblab');
    expect(validatePayload('recent', openRecentRequest, { token }).token).toBe(token);
    const png = new Uint8Array([137, 80, 78, 71]);
    expect(
      validatePayload('export', exportRequest, { format: 'png', suggestedName: 'v.png', data: png }).data,
    ).toBe(png);
    expect(validatePayload('open', emptyRequest, undefined)).toBeUndefined();
  });

  it.each([
    ['a path instead of a token', saveRequest, { text: '{}', pathToken: '/etc/passwd' }],
    ['a path as suggested name', saveAsRequest, { text: '{}', suggestedName: '../../.bashrc' }],
    ['a Windows path as suggested name', saveAsRequest, { text: '{}', suggestedName: 'C:\\x.hjblab' }],
    ['a dot name', saveAsRequest, { text: '{}', suggestedName: '..' }],
    ['a control character', saveAsRequest, { text: '{}', suggestedName: 'a\u0000b' }],
    ['an extra field', saveRequest, { text: '{}', path: '/tmp/x' }],
    ['missing text', saveRequest, {}],
    ['text of the wrong type', saveRequest, { text: 42 }],
    ['an oversized text', saveRequest, { text: 'x'.repeat(MAX_PROJECT_BYTES + 1) }],
    ['not an object', saveRequest, 'hello'],
    ['an unknown export format', exportRequest, { format: 'exe', suggestedName: 'a.exe', data: '' }],
    ['export data of the wrong type', exportRequest, { format: 'csv', suggestedName: 'a.csv', data: [1, 2] }],
    ['a non-token', openRecentRequest, { token: 'recent-1' }],
    ['data on a request that takes none', emptyRequest, { path: '/x' }],
  ])('refuses %s', (_name, schema, payload) => {
    expect(() => validatePayload('lab:test', schema as typeof saveRequest, payload)).toThrow(
      IpcValidationError,
    );
  });

  it('names the channel and the field in the message', () => {
    expect(() => validatePayload('lab:file-save', saveRequest, { text: 1 })).toThrow(
      /^lab:file-save: invalid request at text: /,
    );
  });
});

describe('PathGrants', () => {
  it('resolves only tokens it issued, one per path, and forgets revoked and evicted ones', () => {
    const grants = new PathGrants(3);
    const a = grants.grant('/a.hjblab');
    expect(grants.grant('/a.hjblab')).toBe(a);
    expect(grants.resolve(a)).toBe('/a.hjblab');
    expect(grants.resolve('/a.hjblab')).toBeNull();
    expect(grants.resolve('00000000-0000-4000-8000-000000000000')).toBeNull();
    grants.revoke(a);
    expect(grants.resolve(a)).toBeNull();
    const b = grants.grant('/b');
    grants.grant('/c');
    grants.grant('/d');
    grants.grant('/b'); // refreshed: /c is now the oldest
    grants.grant('/e');
    expect(grants.resolve(b)).toBe('/b');
    expect(grants.grant('/c')).not.toBeNull();
  });
});

describe('file names', () => {
  it('accepts plain names and refuses paths', () => {
    expect(isSafeFileName('Inverted pendulum (v2).hjblab')).toBe(true);
    for (const bad of ['', 'a/b', 'a\\b', '...', 'a:b', 'x'.repeat(201), 'tab\there'])
      expect(isSafeFileName(bad)).toBe(false);
  });

  it('turns a title into a file name', () => {
    expect(fileNameFromTitle('LQR: 2/3 scale')).toBe('LQR 2 3 scale');
    expect(fileNameFromTitle('   ')).toBe('Untitled');
    expect(fileNameFromTitle('..')).toBe('Untitled');
  });
});
