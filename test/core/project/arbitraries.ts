import { plainJsonProblem } from '../../../src/core/project/json-value';
import fc from 'fast-check';
import {
  COLORMAPS,
  OVERLAYS,
  type JsonValue,
  type Project,
  type ProjectRun,
  type SettingValue,
  type StoredArray,
} from '../../../src/core/project';

const name = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== '__proto__');
// JSON numbers have no negative zero (JSON.stringify(-0) is "0"); only typed arrays keep it.
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x));

const settingValue: fc.Arbitrary<SettingValue> = fc.oneof(
  finite,
  fc.integer(),
  fc.string({ maxLength: 20 }),
  fc.boolean(),
  fc.array(finite, { maxLength: 4 }),
);

// fast-check's JSON values include objects keyed "__proto__", which the format refuses
// by design (a separate test checks that refusal): a valid project never holds one.
const summaryValue: fc.Arbitrary<JsonValue> = fc
  .jsonValue({ maxDepth: 3 })
  .map((v) => JSON.parse(JSON.stringify(v)) as JsonValue)
  .filter((v) => plainJsonProblem(v) === null);

/** A stored array of any dtype whose shape matches its data (0 to 3 axes, some empty). */
export const storedArray: fc.Arbitrary<StoredArray> = fc
  .tuple(
    fc.constantFrom('float64', 'float32', 'int32', 'uint8'),
    fc.array(fc.nat({ max: 5 }), { maxLength: 3 }),
  )
  .chain(([dtype, shape]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    switch (dtype) {
      case 'float64':
        return fc
          .float64Array({ minLength: n, maxLength: n })
          .map((data): StoredArray => ({ dtype, shape, data }));
      case 'float32':
        return fc
          .float32Array({ minLength: n, maxLength: n })
          .map((data): StoredArray => ({ dtype, shape, data }));
      case 'int32':
        return fc
          .int32Array({ minLength: n, maxLength: n })
          .map((data): StoredArray => ({ dtype, shape, data }));
      default:
        return fc
          .uint8Array({ minLength: n, maxLength: n })
          .map((data): StoredArray => ({ dtype: 'uint8', shape, data }));
    }
  });

const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

const run = (id: string): fc.Arbitrary<ProjectRun> =>
  fc.record({
    id: fc.constant(id),
    solver: fc.constantFrom('grid', 'neural'),
    label: fc.string({ maxLength: 30 }),
    createdAt: isoDate,
    settings: fc.dictionary(name, settingValue, { maxKeys: 4 }),
    summary: fc.dictionary(name, summaryValue, { maxKeys: 4 }),
    arrays: fc.dictionary(name, storedArray, { maxKeys: 3 }),
  });

const vec3 = fc.tuple(finite, finite, finite);

/** Any valid project: unicode text, every kind of setting, random runs with random arrays. */
export const project: fc.Arbitrary<Project> = fc
  .uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 3 })
  .chain((ids) =>
    fc.record({
      title: fc.string({ maxLength: 40, unit: 'grapheme' }),
      source: fc.string({ maxLength: 400, unit: 'binary' }),
      settings: fc.record({
        solver: fc.constantFrom('grid', 'neural', 'qlearning'),
        values: fc.dictionary(name, settingValue, { maxKeys: 6 }),
      }),
      view: fc.record({
        camera: fc.option(fc.record({ position: vec3, target: vec3 }), { nil: null }),
        overlay: fc.constantFrom(...OVERLAYS),
        policyIndex: fc.nat({ max: 5 }),
        colormap: fc.constantFrom(...COLORMAPS),
        selectedRunId: ids.length > 0 ? fc.option(fc.constantFrom(...ids), { nil: null }) : fc.constant(null),
      }),
      runs: fc.tuple(...ids.map(run)),
    }),
  );
