/**
 * From a `diffusion({...})` spec value to a DiffusionProblem (docs/numerics.md §15; docs/architecture.md §4).
 *
 * Syntax (documented for users in src/core/lang/hjb-lab-dts.ts):
 *   diffusion({
 *     title?: string,
 *     data: { mixture: { weights?, means, covariances? | std? } }   // Gaussian mixture
 *         | { toy: 'eight-gaussians' | 'two-moons' | …, count?: 2000 } // built-in 2-D set
 *         | { points: number[][] }                                  // samples
 *         | { logDensity: (x) => number, dim? },                    // unnormalized log p
 *     forward?: { vp: { betaMin, betaMax } }                        // default VP(0.1, 20)
 *             | { drift: (x, t) => number[], sigma: (t) => number },
 *     horizon?: number,                                             // default 1
 *     bounds?: [min, max] | [[min, max], …] | { min: number[], max: number[] },
 *     names?: string[],                                             // default x, y (2-D)
 *   })
 * Mixture weights are normalized to sum to one; `std` (a number or one per component)
 * is shorthand for isotropic covariances std²·I.
 */
import type { DiffusionData, DiffusionProblem, ForwardSde, ParameterSpec } from './types';
import type { Expr } from '../lang/ir';
import { sym } from '../lang/ir';
import { freeSymbols } from '../lang/ir-graph';
import { compileKernel } from '../lang/kernel';
import type { Loc } from '../lang/diagnostics';
import { LangError } from '../lang/diagnostics';
import type { Interpreter } from '../lang/interpreter';
import { latexNumber, latexSymbol, toLatex } from '../lang/latex';
import type { Value } from '../lang/values';
import { ArrayValue, ObjectValue, SpecValue, describe, isFunction, isNumeric, toExpr } from '../lang/values';
import { SpecReader } from './validate';
import { numbers, readMatrix, readMixture } from './mixture-spec';

export const DIFFUSION_KEYS = ['title', 'data', 'forward', 'horizon', 'bounds', 'names'] as const;
export const TOY_SETS = [
  'eight-gaussians',
  'two-moons',
  'checkerboard',
  'swiss-roll',
  'circles',
  'pinwheel',
] as const;
const MAX_POINTS = 100_000;
const MAX_COUNT = 1_000_000;
/** Toy sets are drawn inside [−TOY_EXTENT, TOY_EXTENT]² (with a margin in the default bounds). */
const TOY_EXTENT = 3;

function defaultNames(d: number): string[] {
  if (d === 1) return ['x'];
  if (d === 2) return ['x', 'y'];
  if (d === 3) return ['x', 'y', 'z'];
  return Array.from({ length: d }, (_, i) => `x[${i}]`);
}

export function compileDiffusion(
  value: SpecValue,
  interp: Interpreter,
  parameters: ParameterSpec[],
  reader: SpecReader,
): DiffusionProblem | null {
  const spec = value.spec;
  const at = (k: string): Loc => reader.locOf(spec, k);
  reader.checkKeys(spec, DIFFUSION_KEYS, 'diffusion');
  const title = spec.has('title')
    ? (reader.string(spec.get('title'), 'title', at('title')) ?? '')
    : 'Diffusion';

  const dataV = spec.get('data');
  if (!(dataV instanceof ObjectValue)) {
    reader.error(
      dataV === undefined
        ? 'a diffusion needs data: { mixture }, { toy }, { points } or { logDensity }'
        : `data must be an object such as { toy: 'eight-gaussians' }, not ${describe(dataV)}`,
      dataV === undefined ? value.loc : at('data'),
    );
    return null;
  }
  const sources = ['mixture', 'toy', 'points', 'logDensity'].filter((k) => dataV.has(k));
  if (sources.length !== 1) {
    reader.error(
      sources.length === 0
        ? 'data needs one source: mixture, toy, points or logDensity'
        : `data has several sources (${sources.join(', ')}); give exactly one`,
      at('data'),
    );
    return null;
  }
  const source = sources[0];
  reader.checkKeys(
    dataV,
    source === 'toy' ? ['toy', 'count'] : source === 'logDensity' ? ['logDensity', 'dim'] : [source],
    'data',
  );
  const dloc = reader.locOf(dataV, source);

  // Dimension: from the data, else from bounds or names, else 2.
  let dim: number | null = null;
  let mixture: { weights: number[]; means: number[][]; covariances: number[][][] } | null = null;
  let points: number[][] | null = null;
  let toy: { name: string; count: number } | null = null;
  if (source === 'mixture') {
    mixture = reader.attempt(() => readMixture(dataV.get('mixture'), dloc));
    if (!mixture) return null;
    dim = mixture.means[0].length;
  } else if (source === 'points') {
    points = reader.attempt(() => readMatrix(dataV.get('points'), 'points', dloc, MAX_POINTS));
    if (!points) return null;
    dim = points[0].length;
  } else if (source === 'toy') {
    const name = reader.choice(dataV.get('toy'), TOY_SETS, 'the toy data set', dloc);
    let count = 2000;
    if (dataV.has('count')) {
      const c = reader.number(dataV.get('count'), 'count', reader.locOf(dataV, 'count'));
      if (c !== null && (!Number.isInteger(c) || c < 1 || c > MAX_COUNT))
        reader.error(`count must be a whole number from 1 to ${MAX_COUNT}`, reader.locOf(dataV, 'count'));
      else if (c !== null) count = c;
    }
    if (!name) return null;
    toy = { name, count };
    dim = 2;
  } else if (dataV.has('dim')) {
    const d = reader.number(dataV.get('dim'), 'dim', reader.locOf(dataV, 'dim'));
    if (d !== null && Number.isInteger(d) && d >= 1 && d <= 64) dim = d;
    else reader.error('dim must be a whole number from 1 to 64', reader.locOf(dataV, 'dim'));
  }

  let names: string[] | null = null;
  if (spec.has('names')) {
    const n = spec.get('names');
    if (
      n instanceof ArrayValue &&
      n.items.every((x) => typeof x === 'string' && /^[A-Za-z_]\w*$/.test(x)) &&
      new Set(n.items).size === n.items.length
    )
      names = n.items as string[];
    else reader.error('names must be an array of distinct identifiers such as ["x", "y"]', at('names'));
  }
  const boundsV = spec.get('bounds');
  if (dim === null) {
    if (names) dim = names.length;
    else if (boundsV instanceof ArrayValue && boundsV.items.every((b) => b instanceof ArrayValue))
      dim = boundsV.items.length;
    else dim = 2;
  }
  if (names && names.length !== dim) {
    reader.error(`names has ${names.length} entries but the data is ${dim}-dimensional`, at('names'));
    return null;
  }
  const coord = names ?? defaultNames(dim);
  if (coord.includes('t')) {
    reader.error("the name 't' is reserved for time", at('names'));
    return null;
  }

  let horizon = 1;
  if (spec.has('horizon')) {
    const h = reader.number(spec.get('horizon'), 'horizon', at('horizon'));
    if (h !== null && h > 0) horizon = h;
    else if (h !== null) reader.error(`horizon must be positive, not ${h}`, at('horizon'));
  }

  const xs = coord.map((n) => sym(n));
  const xArray = new ArrayValue(xs);
  let data: DiffusionData | null = null;
  if (mixture) data = { type: 'mixture', ...mixture };
  else if (points) data = { type: 'points', points };
  else if (toy) data = { type: 'toy', name: toy.name, count: toy.count };
  else {
    const fn = dataV.get('logDensity');
    const e = reader.attempt(() => {
      if (!isFunction(fn))
        throw new LangError('logDensity must be a function of x (an array of coordinates)', dloc);
      const v = interp.call(fn, [xArray], { loc: dloc });
      if (!isNumeric(v)) throw new LangError(`logDensity must return a number, not ${describe(v)}`, dloc);
      return toExpr(v, dloc);
    });
    if (e) data = { type: 'logDensity', expr: e, kernel: compileKernel([e], coord, ['logp']) };
  }

  const forward = readForward(spec, coord, xArray, interp, reader, at);
  const bounds = readBounds(boundsV, dim, reader, at('bounds'), mixture, points, toy !== null);
  if (reader.failed || !data || !forward || !bounds) return null;

  const latex: Record<string, string> = {};
  latex.data =
    data.type === 'mixture'
      ? `p_{\\mathrm{data}} = \\sum_{k=1}^{${data.weights.length}} w_k\\, \\mathcal{N}(m_k, S_k)`
      : data.type === 'toy'
        ? `p_{\\mathrm{data}}: \\text{${data.name}}\\ (${data.count}\\ \\text{samples})`
        : data.type === 'points'
          ? `p_{\\mathrm{data}}: ${data.points.length}\\ \\text{points}`
          : `\\log p_{\\mathrm{data}} = ${toLatex(data.expr)} + \\text{const}`;
  latex.forward =
    forward.type === 'vp'
      ? `dY = -\\tfrac12 \\beta(t)\\, Y\\, dt + \\sqrt{\\beta(t)}\\, dB, \\quad \\beta(t) = ${latexNumber(forward.betaMin)} + ${latexNumber(forward.betaMax - forward.betaMin)}\\, t`
      : `\\begin{aligned} ${forward.drift.map((f, i) => `dY_{${latexSymbol(coord[i])}} &= ${toLatex(f)}\\, dt + ${toLatex(forward.sigma)}\\, dB_{${i + 1}}`).join(' \\\\ ')} \\end{aligned}`;
  latex.horizon = `T = ${latexNumber(horizon)}`;
  latex.domain = coord
    .map((n, i) => `${latexSymbol(n)} \\in [${latexNumber(bounds.min[i])}, ${latexNumber(bounds.max[i])}]`)
    .join(',\\quad ');
  return { kind: 'diffusion', title, dim, names: coord, bounds, data, forward, horizon, parameters, latex };
}

function readForward(
  spec: ObjectValue,
  coord: string[],
  xArray: ArrayValue,
  interp: Interpreter,
  reader: SpecReader,
  at: (k: string) => Loc,
): ForwardSde | null {
  if (!spec.has('forward')) return { type: 'vp', betaMin: 0.1, betaMax: 20 };
  const f = spec.get('forward');
  const loc = at('forward');
  if (!(f instanceof ObjectValue)) {
    reader.error('forward must be { vp: { betaMin, betaMax } } or { drift, sigma }', loc);
    return null;
  }
  if (f.has('vp')) {
    reader.checkKeys(f, ['vp'], 'forward');
    const vp = f.get('vp');
    if (!(vp instanceof ObjectValue)) {
      reader.error('vp must be { betaMin, betaMax }', loc);
      return null;
    }
    reader.checkKeys(vp, ['betaMin', 'betaMax'], 'vp');
    const bmin = vp.has('betaMin') ? reader.number(vp.get('betaMin'), 'betaMin', loc) : 0.1;
    const bmax = vp.has('betaMax') ? reader.number(vp.get('betaMax'), 'betaMax', loc) : 20;
    if (bmin === null || bmax === null) return null;
    if (!(bmin > 0) || !(bmax >= bmin)) {
      reader.error(`the VP schedule needs 0 < betaMin ≤ betaMax (got ${bmin}, ${bmax})`, loc);
      return null;
    }
    return { type: 'vp', betaMin: bmin, betaMax: bmax };
  }
  reader.checkKeys(f, ['drift', 'sigma'], 'forward');
  if (!f.has('drift') || !f.has('sigma')) {
    reader.error('a custom forward SDE needs both drift: (x, t) => [...] and sigma: (t) => number', loc);
    return null;
  }
  const t = sym('t');
  return reader.attempt(() => {
    const dv = f.get('drift');
    const dres = isFunction(dv) ? interp.call(dv, [xArray, t], { loc }) : dv;
    if (!(dres instanceof ArrayValue) || dres.items.length !== coord.length)
      throw new LangError(`the forward drift must return an array of ${coord.length} numbers`, loc);
    const drift = dres.items.map((x) => toExpr(x, loc, 'an entry of the forward drift'));
    const sv = f.get('sigma');
    const sres = isFunction(sv) ? interp.call(sv, [t], { loc }) : sv;
    const sigma: Expr = toExpr(sres, loc, 'sigma');
    const free = freeSymbols([sigma]);
    for (const n of coord)
      if (free.has(n)) throw new LangError(`sigma may depend on time only, not on '${n}'`, loc);
    const inputs = [...coord, 't'];
    return {
      type: 'custom' as const,
      drift,
      sigma,
      kernel: compileKernel([...drift, sigma], inputs, [...coord.map((n) => `f[${n}]`), 'sigma']),
    };
  });
}

function readBounds(
  v: Value,
  dim: number,
  reader: SpecReader,
  loc: Loc,
  mixture: { means: number[][]; covariances: number[][][] } | null,
  points: number[][] | null,
  toy: boolean,
): { min: number[]; max: number[] } | null {
  const result = reader.attempt(() => {
    if (v === undefined) {
      if (mixture) {
        // Means ± 4 standard deviations of the widest component: p_data has negligible mass outside.
        const sd = Math.sqrt(Math.max(...mixture.covariances.flatMap((c) => c.map((r, i) => r[i]))));
        const min = Array.from(
          { length: dim },
          (_, i) => Math.min(...mixture.means.map((m) => m[i])) - 4 * Math.max(sd, 1),
        );
        const max = Array.from(
          { length: dim },
          (_, i) => Math.max(...mixture.means.map((m) => m[i])) + 4 * Math.max(sd, 1),
        );
        return { min, max };
      }
      if (points) {
        const min = Array.from({ length: dim }, (_, i) => Math.min(...points.map((p) => p[i])));
        const max = Array.from({ length: dim }, (_, i) => Math.max(...points.map((p) => p[i])));
        const pad = min.map((m, i) => Math.max(1, 0.25 * (max[i] - m)));
        return { min: min.map((m, i) => m - pad[i]), max: max.map((m, i) => m + pad[i]) };
      }
      if (toy) return { min: [-TOY_EXTENT - 1, -TOY_EXTENT - 1], max: [TOY_EXTENT + 1, TOY_EXTENT + 1] };
      throw new LangError('give bounds for a logDensity, e.g. bounds: [-4, 4]', loc);
    }
    if (v instanceof ArrayValue && v.items.length === 2 && v.items.every((x) => typeof x === 'number')) {
      const [a, b] = v.items as number[];
      return { min: new Array<number>(dim).fill(a), max: new Array<number>(dim).fill(b) };
    }
    if (v instanceof ArrayValue) {
      const rows = readMatrix(v, 'bounds', loc, 64);
      if (rows.length !== dim || rows[0].length !== 2)
        throw new LangError(`bounds must be [min, max] or ${dim} pairs [min, max]`, loc);
      return { min: rows.map((r) => r[0]), max: rows.map((r) => r[1]) };
    }
    if (v instanceof ObjectValue) {
      const min = numbers(v.get('min'), 'bounds.min', loc);
      const max = numbers(v.get('max'), 'bounds.max', loc);
      if (min.length !== dim || max.length !== dim)
        throw new LangError(`bounds.min and bounds.max need ${dim} entries each`, loc);
      return { min, max };
    }
    throw new LangError(
      `bounds must be [min, max], a list of pairs or { min, max }, not ${describe(v)}`,
      loc,
    );
  });
  if (!result) return null;
  for (let i = 0; i < dim; i++) {
    if (!(result.min[i] < result.max[i])) {
      reader.error(
        `bounds need min < max in every coordinate (coordinate ${i}: ${result.min[i]}, ${result.max[i]})`,
        loc,
      );
      return null;
    }
  }
  return result;
}
