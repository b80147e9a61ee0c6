/**
 * The lab's frames (lab-frames.ts) in a project file: float32 arrays under `lab.*` keys and
 * their sizes in the summary, read back with every length checked.
 */
import { ProjectError } from '../../project/errors';
import type { JsonValue } from '../../project/json-value';
import type { StoredRun } from '../solver';
import type { FieldFrames, FrameKind, LabFrames, ParticleFrames } from './lab-frames';

const KINDS: readonly FrameKind[] = ['exact', 'grid', 'trained'];

const f32 = (data: Float32Array, shape: number[]) => ({ dtype: 'float32' as const, shape, data });

/** Adds the frames' arrays to `arrays` and returns their summary entry. */
export function writeLabFrames(lab: LabFrames, dim: number, arrays: StoredRun['arrays']): JsonValue {
  const fields: Record<string, JsonValue> = {};
  for (const kind of KINDS) {
    const f = lab.fields[kind];
    if (!f) continue;
    fields[kind] = { value: f.value !== undefined };
    if (f.value) arrays[`lab.${kind}.value`] = f32(f.value, [f.value.length]);
    f.control.forEach((c, i) => (arrays[`lab.${kind}.control${i}`] = f32(c, [c.length])));
  }
  const particles: Record<string, JsonValue> = {};
  for (const kind of KINDS) {
    const p = lab.particles[kind];
    if (!p) continue;
    particles[kind] = { n: p.n, times: [...p.times] };
    arrays[`lab.${kind}.particles`] = f32(p.xs, [p.times.length, dim, p.n]);
  }
  return { fields, particles };
}

function fail(path: string, message: string): never {
  throw new ProjectError('invalid-field', message, path);
}

function float32(run: StoredRun, key: string, length: number): Float32Array {
  const a = run.arrays[key];
  if (!a || a.dtype !== 'float32') fail(`arrays.${key}`, `the diffusion run needs a float32 array '${key}'`);
  if (a.data.length !== length)
    fail(`arrays.${key}`, `'${key}' must have ${length} numbers, not ${a.data.length}`);
  return a.data;
}

const isObject = (v: JsonValue | undefined): v is Record<string, JsonValue> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The frames from the summary entry and arrays; `nodes · times` is the display's size. */
export function readLabFrames(
  run: StoredRun,
  meta: JsonValue | undefined,
  dim: number,
  fieldLength: number,
): LabFrames | undefined {
  if (!isObject(meta)) return undefined;
  const out: LabFrames = { fields: {}, particles: {} };
  const fields = isObject(meta.fields) ? meta.fields : {};
  const particles = isObject(meta.particles) ? meta.particles : {};
  for (const kind of KINDS) {
    const f = fields[kind];
    if (!isObject(f)) continue;
    const frames: FieldFrames = {
      control: Array.from({ length: dim }, (_, i) => float32(run, `lab.${kind}.control${i}`, fieldLength)),
    };
    if (f.value === true) frames.value = float32(run, `lab.${kind}.value`, fieldLength);
    out.fields[kind] = frames;
  }
  for (const kind of KINDS) {
    const p = particles[kind];
    if (!isObject(p)) continue;
    const n = p.n;
    const times = p.times;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
      fail(`summary.lab.particles.${kind}.n`, 'n must be a whole number ≥ 1');
    if (!Array.isArray(times) || !times.every((t) => typeof t === 'number'))
      fail(`summary.lab.particles.${kind}.times`, 'times must be numbers');
    const frames: ParticleFrames = {
      n,
      times: Float64Array.from(times as number[]),
      xs: float32(run, `lab.${kind}.particles`, times.length * dim * n),
    };
    out.particles[kind] = frames;
  }
  return out;
}
