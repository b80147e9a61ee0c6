/** `hjb solvers`: each registered solver, what it accepts, and its settings with their ranges and flags. */
import type { CliCommand, CliIO } from '../command';
import { UsageError } from '../command';
import { listSolvers } from '../../core/solvers/registry';
import { describeRange } from '../../core/solvers/settings-spec';

const usage = 'npm run hjb -- solvers [--json]';

export const solvers: CliCommand = {
  name: 'solvers',
  summary: 'list the solvers, what each accepts, and their settings',
  usage,
  options: [{ name: 'json', help: 'print one JSON object: the solvers and their setting descriptions' }],
  async run(args: string[], io: CliIO): Promise<number> {
    const json = args.includes('--json');
    const bad = args.find((a) => a !== '--json');
    if (bad !== undefined) throw new UsageError(`solvers takes no '${bad}'. Usage: ${usage}`);
    const list = listSolvers();
    if (json) {
      io.stdout(
        JSON.stringify({
          solvers: list.map((s) => ({
            id: s.id,
            title: s.title,
            description: s.description,
            accepts: s.scope ?? null,
            settings: s.settings.describe(),
          })),
        }) + '\n',
      );
      return 0;
    }
    const lines: string[] = [];
    for (const s of list) {
      lines.push(
        `${s.id} — ${s.title}`,
        `  ${s.description}`,
        '  settings (--setting NAME=VALUE, or the flag):',
      );
      for (const spec of s.settings.describe()) {
        const flag = spec.flag ? ` (--${spec.flag})` : '';
        lines.push(`    ${spec.name}${flag}: ${spec.help}; ${describeRange(spec)}`);
      }
      lines.push('');
    }
    io.stdout(lines.join('\n'));
    return 0;
  },
};
