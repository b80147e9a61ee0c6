import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { zlibSync } from 'fflate';
import {
  createProject,
  decodeArray,
  decodeShareFragment,
  parseProject,
  ProjectError,
  serializeProject,
  SHARE_PREFIX,
  type EncodedArray,
} from '../../../src/core/project';
import { bytesToBase64 } from '../../../src/core/project/base64';

/**
 * The contract under test: whatever the input, parseProject either returns a project that
 * serializes and parses again, or throws a ProjectError that is not an internal bug.
 */
function checkParse(text: string): 'ok' | string {
  let project;
  try {
    project = parseProject(text);
  } catch (err) {
    if (!(err instanceof ProjectError)) throw new Error(`non-ProjectError escaped: ${String(err)}`);
    expect(err.code).not.toBe('internal');
    expect(err.message.length).toBeGreaterThan(0);
    return err.code;
  }
  expect(parseProject(serializeProject(project))).toBeDefined();
  return 'ok';
}

/** A small but complete project file: every field kind, every dtype, two runs. */
function baseText(): string {
  const project = createProject({
    title: 'fuzz',
    source: 'export default problem({})',
    settings: { solver: 'grid', values: { grid: [5, 4], tol: 1e-8, method: 'howard', refine: true } },
    view: { camera: { position: [1, 2, 3], target: [0, 0, 0] }, overlay: 'residual', selectedRunId: 'b' },
    runs: [
      {
        id: 'a',
        solver: 'grid',
        label: 'first',
        createdAt: '2025-01-01T00:00:00Z',
        settings: { grid: [5, 4] },
        summary: { converged: true, residual: { max: 1e-9, l2: 1e-10 } },
        arrays: {
          value: { dtype: 'float64', shape: [5, 4], data: new Float64Array(20).map((_, i) => i / 3) },
          policy: { dtype: 'float32', shape: [5, 4], data: new Float32Array(20).fill(-0.5) },
        },
      },
      {
        id: 'b',
        solver: 'grid',
        label: 'second',
        createdAt: '2025-01-02T00:00:00.000+02:00',
        settings: {},
        summary: { iterations: 3 },
        arrays: {
          changes: { dtype: 'int32', shape: [3], data: new Int32Array([5, 2, 0]) },
          mask: { dtype: 'uint8', shape: [2, 2], data: new Uint8Array([1, 0, 0, 1]) },
        },
      },
    ],
  });
  return serializeProject(project);
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every (container, key) slot in a document, so a mutation can target any field at any depth. */
function slots(doc: Json): { parent: Json[] | { [k: string]: Json }; key: string | number }[] {
  const out: { parent: Json[] | { [k: string]: Json }; key: string | number }[] = [];
  const visit = (v: Json): void => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        out.push({ parent: v, key: i });
        visit(item);
      });
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        out.push({ parent: v, key: k });
        visit(item);
      }
    }
  };
  visit(doc);
  return out;
}

const OPS = [
  'drop',
  'rename',
  'retype',
  'corrupt-base64',
  'reshape',
  'huge-number',
  'deep-nesting',
  'duplicate-run',
  'version',
  'empty-container',
] as const;
type Op = (typeof OPS)[number];

function deepNest(depth: number): string {
  return '['.repeat(depth) + '1' + ']'.repeat(depth);
}

/** Apply one structural mutation; returns the new document text. */
function mutate(text: string, op: Op, pick: number, value: Json): string {
  // Already deeply nested: this test's own helpers are recursive, so leave it as it is.
  if (text.includes('[[[[[[[[[[[[')) return text;
  const doc = JSON.parse(text) as Json;
  const all = slots(doc);
  const slot = all[pick % all.length];
  const get = (): Json => (slot.parent as Record<string | number, Json>)[slot.key];
  const set = (v: Json): void => {
    (slot.parent as Record<string | number, Json>)[slot.key] = v;
  };
  switch (op) {
    case 'drop':
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key as string];
      break;
    case 'rename':
      if (!Array.isArray(slot.parent)) {
        const v = get();
        delete slot.parent[slot.key as string];
        slot.parent[`${slot.key}_${pick % 7}`] = v;
      } else set(value);
      break;
    case 'retype':
      set(value);
      break;
    case 'corrupt-base64': {
      const strings = all.filter(
        (s) => typeof (s.parent as Record<string | number, Json>)[s.key] === 'string',
      );
      const target = strings[pick % strings.length];
      const s = (target.parent as Record<string | number, string>)[target.key];
      const at = pick % Math.max(1, s.length);
      const replacement = String.fromCharCode(32 + (pick % 95));
      (target.parent as Record<string | number, Json>)[target.key] =
        s.slice(0, at) + replacement + s.slice(at + 1);
      break;
    }
    case 'reshape': {
      const shapes = all.filter((s) => s.key === 'shape');
      if (shapes.length === 0) break;
      const target = shapes[pick % shapes.length];
      const choices: Json[] = [
        [pick % 30],
        [5, 4, 1],
        [],
        [4, 5],
        [-1, -20],
        [2 ** 40, 2 ** 40],
        [1.5, 2],
        value,
      ];
      (target.parent as Record<string | number, Json>)[target.key] = choices[pick % choices.length];
      break;
    }
    case 'huge-number':
      set('__HUGE__');
      return JSON.stringify(doc).replace(
        '"__HUGE__"',
        ['1e999', '-1e999', '1e308', '-0', '9007199254740993'][pick % 5],
      );
    case 'deep-nesting':
      set('__DEEP__');
      return JSON.stringify(doc).replace('"__DEEP__"', deepNest([10, 1000, 100_000][pick % 3]));
    case 'duplicate-run': {
      const d = doc as { runs?: Json[] };
      if (Array.isArray(d.runs) && d.runs.length > 0) d.runs.push(d.runs[pick % d.runs.length]);
      break;
    }
    case 'version':
      (doc as Record<string, Json>).schemaVersion = [0, 1, 2, -1, 1.5, '1', null, 1e300][pick % 8];
      break;
    case 'empty-container':
      set(Array.isArray(get()) ? [] : {});
      break;
  }
  return JSON.stringify(doc, null, pick % 2 === 0 ? 2 : undefined);
}

/** Text-level damage: truncation, flipped or inserted characters. */
function damageText(text: string, kind: number, pick: number): string {
  const at = pick % text.length;
  switch (kind % 3) {
    case 0:
      return text.slice(0, at);
    case 1:
      return (
        text.slice(0, at) +
        String.fromCharCode((text.charCodeAt(at) ^ (1 + (pick % 127))) & 0xffff) +
        text.slice(at + 1)
      );
    default:
      return text.slice(0, at) + '"}],{[:,0'[pick % 9] + text.slice(at);
  }
}

describe('fuzz: only ProjectError ever comes out of parseProject', () => {
  const base = baseText();
  const outcomes = new Map<string, number>();
  const count = (o: string): void => void outcomes.set(o, (outcomes.get(o) ?? 0) + 1);

  it('is sane: the base document parses', () => {
    expect(checkParse(base)).toBe('ok');
  });

  it('random JSON documents (1000)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        count(checkParse(JSON.stringify(v)));
      }),
      { numRuns: 1000 },
    );
  });

  it('random objects tagged as HJB Lab projects (1000)', () => {
    const field = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.constant(undefined));
    fc.assert(
      fc.property(
        fc.record({
          format: fc.constant('hjb-lab'),
          schemaVersion: fc.oneof(fc.constantFrom(0, 1), fc.integer(), fc.double()),
          title: field,
          source: field,
          problem: field,
          settings: fc.oneof(field, fc.record({ solver: field, values: field })),
          view: field,
          runs: fc.oneof(
            field,
            fc.array(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), { maxLength: 3 }),
          ),
        }),
        (doc) => {
          count(checkParse(JSON.stringify(doc)));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('random text (500)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'binary' }), (s) => {
        count(checkParse(s));
      }),
      { numRuns: 500 },
    );
  });

  it('structural mutations of a valid file (2000)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ op: fc.constantFrom(...OPS), pick: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) }),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
        (mutations) => {
          let text = base;
          // Deep nesting goes last: the test's own helpers (JSON.stringify) are recursive.
          const ordered = [...mutations].sort(
            (a, b) => Number(a.op === 'deep-nesting') - Number(b.op === 'deep-nesting'),
          );
          for (const m of ordered) text = mutate(text, m.op, m.pick, m.value as Json);
          count(checkParse(text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('text-level damage of a valid file: truncation, flipped and inserted characters (1000)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (kind, pick) => {
        count(checkParse(damageText(base, kind, pick)));
      }),
      { numRuns: 1000 },
    );
  });

  it('random array encodings (500)', () => {
    const enc = fc.record({
      dtype: fc.oneof(fc.constantFrom('float64', 'float32', 'int32', 'uint8'), fc.string()),
      shape: fc.oneof(fc.array(fc.integer({ min: -2, max: 40 }), { maxLength: 4 }), fc.jsonValue()),
      encoding: fc.oneof(fc.constant('deflate-base64'), fc.string()),
      data: fc.oneof(
        fc.base64String({ maxLength: 64 }),
        fc.uint8Array({ maxLength: 400 }).map((b) => bytesToBase64(zlibSync(b))),
        fc.string(),
      ),
    });
    fc.assert(
      fc.property(enc, (e) => {
        try {
          decodeArray(e as EncodedArray);
          count('ok');
        } catch (err) {
          expect(err).toBeInstanceOf(ProjectError);
          expect((err as ProjectError).code).not.toBe('internal');
          count((err as ProjectError).code);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('random share fragments (500)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        try {
          decodeShareFragment(SHARE_PREFIX + s);
        } catch (err) {
          expect(err).toBeInstanceOf(ProjectError);
          expect((err as ProjectError).code).not.toBe('internal');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('exercised every kind of refusal', () => {
    // Guards against a fuzz test that silently stops reaching the validator.
    for (const code of [
      'ok',
      'not-json',
      'not-hjb-lab',
      'newer-version',
      'invalid-field',
      'shape-mismatch',
      'non-finite',
      'bad-encoding',
    ])
      expect(outcomes.get(code) ?? 0, code).toBeGreaterThan(0);
  });
});
