import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../../src/core/problem/compile';
import type { CompiledProblem, DiffusionProblem } from '../../../src/core/problem/types';

const H = 'import { problem, diffusion, sin, exp } from "hjb-lab";\n';

/** A valid base spec with `extra` fields merged in (later keys win). */
function spec(fields: string): string {
  return `${H}export default problem({
  states: { theta: [-1, 1], omega: [-2, 2] },
  controls: { u: [-1, 1] },
  ${fields}
});`;
}

const BASE = `minimize: ({ theta }, { u }) => theta ** 2 + u ** 2, discount: 1,
  drift: ({ theta, omega }, { u }) => ({ theta: omega, omega: u }),`;

function messages(source: string, overrides?: Record<string, number>): string[] {
  const r = compileProblem(source, overrides ? { overrides } : {});
  return r.diagnostics.map((d) => d.message);
}

function ok(source: string): CompiledProblem {
  const r = compileProblem(source);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.problem as CompiledProblem;
}

describe('compileProblem validation', () => {
  it('a complete problem compiles', () => {
    const p = ok(spec(BASE));
    expect(p.states.map((s) => s.boundary)).toEqual(['reflect', 'reflect']);
    expect(p.noiseDim).toBe(0);
    expect(p.kernels.dynamics.outputs).toEqual(['f[theta]', 'f[omega]', 'r']);
    expect(p.kernels.dynamicsDa.outputs).toEqual(['df[theta]/du', 'df[omega]/du', 'dr/du']);
  });

  it('drift is missing a state / has an unknown state', () => {
    expect(messages(spec(`${BASE} drift: ({ theta }) => ({ theta: 1 }),`))).toContain(
      "drift is missing the state 'omega'",
    );
    expect(messages(spec(`${BASE} drift: () => ({ theta: 1, omega: 0, omgea: 2 }),`))[0]).toBe(
      "drift has 'omgea', which is not a state — did you mean 'omega'?",
    );
  });

  it('noise must be a d×k matrix', () => {
    expect(messages(spec(`${BASE} noise: [[0.1, 0], [0.2]],`))[0]).toMatch(/noise must be a 2×k matrix/);
    expect(messages(spec(`${BASE} noise: [[0.1]],`))[0]).toMatch(/noise must be a 2×k matrix/);
    const p = ok(spec(`${BASE} noise: ({ theta }) => [[0.1, theta, 0], [0, 0, 0.3]],`));
    expect(p.noiseDim).toBe(3);
    expect(p.noiseDiagonal).toBe(false);
    expect(p.kernels.dynamics.outputs).toHaveLength(2 + 6 + 1);
  });

  it('bounds: min < max, geometric spacing needs min > 0, controls min ≤ max', () => {
    expect(
      messages(
        `${H}export default problem({ states: { x: [1, -1] }, controls: {}, maximize: 0, discount: 1, drift: () => ({ x: 0 }) });`,
      )[0],
    ).toMatch(/state 'x' needs min < max/);
    expect(
      messages(
        `${H}export default problem({ states: { x: { min: 0, max: 1, spacing: 'geometric' } }, controls: {}, maximize: 0, discount: 1, drift: () => ({ x: 0 }) });`,
      )[0],
    ).toMatch(/geometric spacing of state 'x' needs min > 0/);
    expect(messages(spec(`${BASE}`).replace('u: [-1, 1]', 'u: [2, 1]'))[0]).toMatch(
      /control 'u' has min 2 greater than max 1/,
    );
    expect(messages(spec(BASE).replace('theta: [-1, 1]', 'theta: [-1, 1, 2]'))[0]).toMatch(
      /must be \[min, max\]/,
    );
    expect(
      messages(spec(BASE).replace('theta: [-1, 1]', 'theta: { min: -1, max: 1, boundary: "reflekt" }'))[0],
    ).toMatch(/did you mean 'reflect'/);
  });

  it('time structure: both discount and horizon, or neither without a target', () => {
    expect(messages(spec(`${BASE} horizon: 2,`))).toContain(
      'give either discount (infinite horizon) or horizon (finite horizon), not both',
    );
    const none = spec(BASE.replace('discount: 1,', ''));
    expect(messages(none)[0]).toMatch(/needs a time structure/);
    const exitProblem = ok(
      spec(BASE.replace('discount: 1,', 'target: ({ theta }) => theta * theta < 0.01,')),
    );
    expect(exitProblem.discount).toBeNull();
    expect(exitProblem.kernels.exit).toBeDefined();
    const finite = ok(spec(BASE.replace('discount: 1,', 'horizon: 2, terminal: ({ theta }) => theta ** 2,')));
    expect(finite.horizon).toBe(2);
    expect(messages(spec(`${BASE} terminal: 1,`))[0]).toMatch(/terminal .* needs horizon/);
  });

  it('objective: exactly one of maximize/minimize, and the sense applies to reward, terminal and exit', () => {
    expect(messages(spec(BASE.replace('minimize:', 'maximize: 1, minimize:')))[0]).toMatch(
      /either maximize .* or minimize/,
    );
    expect(messages(spec(BASE.replace(/minimize: [^,]+, [^,]+,/, '')))[0]).toMatch(/needs an objective/);
    const p = ok(spec(BASE.replace('discount: 1,', 'horizon: 1, terminal: 5,')));
    const outs = p.kernels.terminal!.outputs.map(() => new Float64Array(1));
    p.kernels.terminal!.run(
      [0, 0, 0, 0].map(() => new Float64Array(1)),
      outs,
      1,
    );
    expect(outs[0][0]).toBe(-5);
  });

  it('unknown spec fields and control-dependent terminal are diagnostics', () => {
    expect(messages(spec(`${BASE} discout: 1,`))[0]).toBe(
      "problem has no field 'discout' — did you mean 'discount'?",
    );
    expect(messages(spec(BASE.replace('discount: 1,', 'horizon: 1, terminal: (s, { u }) => u,')))[0]).toMatch(
      /terminal cannot depend on the control 'u'/,
    );
  });

  it('exact: policy keyed by control or a number for one control; missing controls reported', () => {
    const p = ok(spec(`${BASE} exact: { value: ({ theta }) => -theta, policy: ({ theta }) => -theta },`));
    expect(p.kernels.exact!.outputs).toEqual(['V', 'u*']);
    expect(messages(spec(`${BASE} exact: { value: () => 0, policy: () => ({ v: 1 }) },`))[0]).toMatch(
      /'v', which is not a control/,
    );
  });

  it('time may appear in every function and is detected', () => {
    const p = ok(
      spec(
        BASE.replace('drift: ({ theta, omega }, { u }) =>', 'drift: ({ theta, omega }, { u }, t) =>').replace(
          'omega: u })',
          'omega: u * sin(t) })',
        ),
      ),
    );
    expect(p.timeDependent).toBe(true);
    expect(ok(spec(BASE)).timeDependent).toBe(false);
  });

  it('parameters: top-level numeric constants with the literal range (including a minus sign); overrides', () => {
    const src = `${H}const a = -2.5, b = 3;\nlet c = 4;\nconst notParam = a * 2;\nexport default problem({ states: { x: [-1, 1] }, controls: {}, maximize: 0, discount: b, drift: ({ x }) => ({ x: a * x + c }) });`;
    const p = ok(src);
    expect(p.parameters.map((x) => [x.name, x.value])).toEqual([
      ['a', -2.5],
      ['b', 3],
      ['c', 4],
    ]);
    const ra = p.parameters[0].range;
    expect(src.slice(ra.start, ra.end)).toBe('-2.5');
    expect([ra.line, ra.column]).toEqual([2, 11]);
    const q = compileProblem(src, { overrides: { b: 7, a: 1 } }).problem as CompiledProblem;
    expect(q.discount).toBe(7);
    expect(q.parameters[0].value).toBe(1);
    expect(messages(src, { bb: 1 })[0]).toBe("there is no parameter 'bb' to set — did you mean 'b'?");
  });

  it('missing export default', () => {
    expect(messages(`${H}const a = 1;`)[0]).toMatch(/export default problem/);
  });
});

describe('diffusion specs', () => {
  it('mixture with std shorthand, default VP forward and horizon', () => {
    const r = compileProblem(
      `${H}export default diffusion({ data: { mixture: { means: [[0, 0], [1, 1]], std: 0.5 } } });`,
    );
    expect(r.diagnostics).toEqual([]);
    const p = r.problem as DiffusionProblem;
    expect(p.forward).toEqual({ type: 'vp', betaMin: 0.1, betaMax: 20 });
    expect(p.horizon).toBe(1);
    if (p.data.type !== 'mixture') throw new Error('mixture expected');
    expect(p.data.weights).toEqual([0.5, 0.5]);
    expect(p.data.covariances[1]).toEqual([
      [0.25, 0],
      [0, 0.25],
    ]);
  });

  it('toy sets, points, logDensity with a kernel, custom forward SDE', () => {
    const toy = compileProblem(`${H}export default diffusion({ data: { toy: 'two-moons', count: 500 } });`)
      .problem as DiffusionProblem;
    expect(toy.data).toEqual({ type: 'toy', name: 'two-moons', count: 500 });
    expect(
      compileProblem(`${H}export default diffusion({ data: { toy: 'two-moon' } });`).diagnostics[0].message,
    ).toMatch(/did you mean 'two-moons'/);
    const pts = compileProblem(
      `${H}export default diffusion({ data: { points: [[0, 1], [2, 3], [1, 1]] } });`,
    ).problem as DiffusionProblem;
    expect(pts.dim).toBe(2);
    const ld = compileProblem(
      `${H}export default diffusion({ data: { logDensity: ([x, y]) => -(x * x + y * y) / 2 }, bounds: [-3, 3], forward: { drift: ([x, y], t) => [-x, -y], sigma: (t) => 1 + t } });`,
    );
    expect(ld.diagnostics).toEqual([]);
    const p = ld.problem as DiffusionProblem;
    if (p.data.type !== 'logDensity' || p.forward.type !== 'custom') throw new Error('unexpected');
    const out = new Float64Array(1);
    p.data.kernel.run([Float64Array.of(1), Float64Array.of(2)], [out], 1);
    expect(out[0]).toBe(-2.5);
    expect(p.forward.kernel.outputs).toEqual(['f[x]', 'f[y]', 'sigma']);
  });

  it('invalid diffusion specs are diagnostics', () => {
    const m = (s: string): string =>
      compileProblem(`${H}export default diffusion(${s});`).diagnostics[0]?.message ?? '';
    expect(m('{}')).toMatch(/needs data/);
    expect(m('{ data: { toy: "circles", points: [[1]] } }')).toMatch(/several sources/);
    expect(m('{ data: { mixture: { means: [[0, 0]], covariances: [[[1, 2], [2, 1]]] } } }')).toMatch(
      /positive definite/,
    );
    expect(m('{ data: { logDensity: (x) => 0 } }')).toMatch(/give bounds/);
    expect(m('{ data: { toy: "circles" }, forward: { vp: { betaMin: 5, betaMax: 1 } } }')).toMatch(
      /betaMin ≤ betaMax/,
    );
  });
});
