/**
 * The learner reaches a problem only through the environment. Imports: the learner's
 * files, and everything they load at run time, touch nothing that holds a problem's
 * functions (the problem model, the language, the environment's implementation, the
 * kernel runner, the simulator); from the environment they take types only. Run time: the
 * environment object handed to the learner leads to no kernel, expression or problem by
 * any chain of properties.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEnvironment } from '../../../../src/core/env';
import { compileProblem } from '../../../../src/core/problem/compile';
import type { CompiledProblem } from '../../../../src/core/problem/types';

const root = resolve(__dirname, '../../../..');
const folder = join(root, 'src/core/solvers/q-learning');
/** The learner side of the solver folder (the other files adapt a problem to it). */
const LEARNER = [
  'learner.ts',
  'evaluation.ts',
  'held-pairs.ts',
  'relative.ts',
  'windows.ts',
  'window-fit.ts',
  'window-bins.ts',
  'log-value.ts',
  'networks.ts',
  'encoding.ts',
  'replay.ts',
  'noise.ts',
  'config.ts',
];
const FORBIDDEN = [
  'src/core/problem/',
  'src/core/lang/',
  'src/core/env/',
  'src/core/solvers/kernels.ts',
  'src/core/solvers/problem.ts',
  'src/core/sim/step.ts',
  'src/core/sim/simulate.ts',
];

interface Import {
  spec: string;
  typeOnly: boolean;
}

function importsOf(file: string): Import[] {
  const src = readFileSync(file, 'utf8');
  const out: Import[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gms;
  for (const m of src.matchAll(re)) out.push({ spec: m[3], typeOnly: m[2] !== undefined });
  return out;
}

function resolveModule(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null; // a package
  const base = resolve(dirname(from), spec);
  for (const f of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(f)) return f;
  throw new Error(`cannot resolve ${spec} from ${from}`);
}

/** Every repository file loaded at run time by the given files (type-only imports are erased). */
function runtimeClosure(files: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...files];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const imp of importsOf(f)) {
      if (imp.typeOnly) continue;
      const target = resolveModule(f, imp.spec);
      if (target) todo.push(target);
    }
  }
  return seen;
}

describe('the learner’s boundary', () => {
  const files = LEARNER.map((f) => join(folder, f));

  it('imports from the environment only its types', () => {
    for (const f of files)
      for (const imp of importsOf(f)) {
        const target = resolveModule(f, imp.spec);
        if (!target) continue;
        const rel = relative(root, target);
        if (rel.startsWith('src/core/env/')) {
          expect(rel, `${relative(root, f)} imports ${imp.spec}`).toBe('src/core/env/index.ts');
          expect(imp.typeOnly, `${relative(root, f)}: import type from the environment`).toBe(true);
        }
      }
  });

  it('loads nothing that holds a problem’s functions at run time', () => {
    const closure = [...runtimeClosure(files)].map((f) => relative(root, f));
    expect(closure.length).toBeGreaterThan(LEARNER.length); // nn and random are reached
    for (const f of closure)
      for (const bad of FORBIDDEN) expect(f.startsWith(bad), `learner loads ${f}`).toBe(false);
  });

  it('the import scanner sees imports (it finds the problem model behind the adapter)', () => {
    const closure = [...runtimeClosure([join(folder, 'solve.ts')])].map((f) => relative(root, f));
    expect(closure).toContain('src/core/env/environment.ts');
    expect(closure).toContain('src/core/solvers/kernels.ts');
  });

  it('hands the learner an object with no path to kernels or expressions', () => {
    const source = readFileSync(join(root, 'resources/examples/lqr-1d.ts'), 'utf8');
    const problem = compileProblem(source).problem as CompiledProblem;
    const env = createEnvironment(problem, 8);
    env.reset(1);
    env.step(new Float64Array(8), 0.01);
    expect(Object.isFrozen(env)).toBe(true);
    // Walk every property (own, enumerable or not, and symbols) of every reachable object.
    const seen = new Set<unknown>();
    const todo: unknown[] = [env];
    const keys = new Set<string>();
    while (todo.length > 0) {
      const o = todo.pop();
      if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) continue;
      seen.add(o);
      expect(o).not.toBe(problem);
      expect(o).not.toBe(problem.kernels);
      expect(o).not.toBe(problem.exprs);
      for (const k of Reflect.ownKeys(o)) {
        keys.add(String(k));
        const d = Object.getOwnPropertyDescriptor(o, k)!;
        todo.push(d.value, d.get, d.set);
      }
      todo.push(Object.getPrototypeOf(o));
    }
    for (const k of ['kernels', 'exprs', 'dynamics', 'drift', 'noise', 'reward', 'run', 'inputs'])
      expect(keys.has(k), `reachable key '${k}'`).toBe(false);
    expect([...Reflect.ownKeys(env)].sort()).toEqual(
      [
        'controlBox',
        'controlDim',
        'discount',
        'horizon',
        'reset',
        'size',
        'stateBox',
        'stateDim',
        'states',
        'step',
        'times',
      ].sort(),
    );
  });
});
