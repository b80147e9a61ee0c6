import { describe, expect, it } from 'vitest';
import type { CliCommand } from '../../src/cli/command';
import { UsageError } from '../../src/cli/command';
import { runCli } from '../../src/cli/main';
import { APP_VERSION } from '../../src/core/version';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), stderrIsTTY: false },
  };
}

const failing: CliCommand = {
  name: 'boom',
  summary: 'fails',
  usage: 'hjb boom',
  run: async () => {
    throw new UsageError('bad option --x');
  },
};

describe('cli dispatch', () => {
  it('--version prints the version', async () => {
    const t = io();
    expect(await runCli(['--version'], [], t.io)).toBe(0);
    expect(t.out.join('')).toBe(`${APP_VERSION}\n`);
  });
  it('unknown commands and thrown errors exit 1 with one line, no stack trace', async () => {
    const t = io();
    expect(await runCli(['nope'], [], t.io)).toBe(1);
    expect(t.err.join('')).toMatch(/unknown command 'nope'/);
    const u = io();
    expect(await runCli(['boom'], [failing], u.io)).toBe(1);
    expect(u.err.join('')).toBe('hjb boom: bad option --x\n');
  });
  it('help lists commands', async () => {
    const t = io();
    expect(await runCli(['--help'], [failing], t.io)).toBe(0);
    expect(t.out.join('')).toMatch(/boom\s+fails/);
  });
});
