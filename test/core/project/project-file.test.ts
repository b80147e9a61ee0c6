import { describe, expect, it } from 'vitest';
import {
  createProject,
  CURRENT_SCHEMA_VERSION,
  MAX_PROJECT_BYTES,
  parseProject,
  PROJECT_EXTENSION,
  ProjectError,
  serializeProject,
  type Project,
} from '../../../src/core/project';
import { bytesOf, sampleProject } from './fixtures';

function parseError(text: string, opts?: Parameters<typeof parseProject>[1]): ProjectError {
  try {
    parseProject(text, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(ProjectError);
    return err as ProjectError;
  }
  throw new Error('parseProject accepted a bad file');
}

function serializeError(project: Project): ProjectError {
  try {
    serializeProject(project);
  } catch (err) {
    expect(err).toBeInstanceOf(ProjectError);
    return err as ProjectError;
  }
  throw new Error('serializeProject accepted a bad project');
}

/** The sample project's file as a mutable JSON document. */
function sampleDoc(): Record<string, unknown> & { runs: Record<string, unknown>[] } {
  return JSON.parse(serializeProject(sampleProject()));
}

describe('serializeProject → parseProject', () => {
  it('gives back the same source, settings, view, summary and bit-identical arrays', () => {
    const project = sampleProject();
    const back = parseProject(serializeProject(project));
    expect(back.title).toBe(project.title);
    expect(back.source).toBe(project.source);
    expect(back.settings).toEqual(project.settings);
    expect(back.view).toEqual(project.view);
    expect(back.runs).toHaveLength(1);
    const [run] = back.runs;
    const [orig] = project.runs;
    expect({ ...run, arrays: undefined }).toEqual({ ...orig, arrays: undefined });
    for (const name of Object.keys(orig.arrays)) {
      expect(run.arrays[name].dtype).toBe(orig.arrays[name].dtype);
      expect(run.arrays[name].shape).toEqual(orig.arrays[name].shape);
      expect(run.arrays[name].data.constructor).toBe(orig.arrays[name].data.constructor);
      expect(bytesOf(run.arrays[name].data)).toEqual(bytesOf(orig.arrays[name].data));
    }
    // And a second trip writes exactly the same text.
    expect(serializeProject(back)).toBe(serializeProject(project));
  });

  it('writes a tagged, versioned, readable JSON document', () => {
    const text = serializeProject(sampleProject());
    const doc = JSON.parse(text);
    expect(doc.format).toBe('hjb-lab');
    expect(doc.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(Object.keys(doc)).toEqual([
      'format',
      'schemaVersion',
      'title',
      'source',
      'settings',
      'view',
      'runs',
    ]);
    expect(doc.runs[0].arrays.value).toMatchObject({
      dtype: 'float64',
      shape: [201, 200],
      encoding: 'deflate-base64',
    });
    expect(text).toContain('\n  "title": ');
    expect(PROJECT_EXTENSION).toBe('.hjblab');
  });

  it('omits runs when there are none and reads such a file back with an empty list', () => {
    const text = serializeProject(createProject({ source: 'x' }));
    expect(JSON.parse(text)).not.toHaveProperty('runs');
    expect(parseProject(text).runs).toEqual([]);
  });

  it('accepts a byte-order mark', () => {
    expect(parseProject('\uFEFF' + serializeProject(createProject())).title).toBe('Untitled');
  });

  it('stores a project whose arrays are views into larger buffers', () => {
    const project = sampleProject();
    const big = new Float64Array(10).map((_, i) => i);
    project.runs[0].arrays = { slice: { dtype: 'float64', shape: [2, 2], data: big.subarray(3, 7) } };
    const back = parseProject(serializeProject(project));
    expect(Array.from(back.runs[0].arrays.slice.data)).toEqual([3, 4, 5, 6]);
  });
});

describe('createProject', () => {
  it('fills every missing part with a default, without sharing objects between projects', () => {
    const a = createProject();
    const b = createProject();
    expect(a).toEqual({
      title: 'Untitled',
      source: '',
      settings: { solver: 'grid', values: {} },
      view: { camera: null, overlay: 'none', policyIndex: 0, colormap: 'viridis', selectedRunId: null },
      runs: [],
    });
    a.settings.values.tol = 1;
    a.view.colormap = 'magma';
    expect(b.settings.values).toEqual({});
    expect(b.view.colormap).toBe('viridis');
    expect(createProject({ view: { colormap: 'coolwarm' } }).view.overlay).toBe('none');
  });
});

describe('parseProject refuses bad files with a clear ProjectError', () => {
  it('not JSON', () => {
    const err = parseError('{"format": "hjb-lab",');
    expect(err.code).toBe('not-json');
    expect(err.message).toMatch(/^not a JSON file/);
  });

  it.each([['[]'], ['42'], ['null'], ['"hjb-lab"'], ['{}'], ['{"format": "hjb-lab2", "schemaVersion": 1}']])(
    'not an HJB Lab project: %s',
    (text) => {
      const err = parseError(text);
      expect(err.code).toBe('not-hjb-lab');
      expect(err.message).toContain('not an HJB Lab project');
    },
  );

  it('made by a newer version', () => {
    const doc = { ...sampleDoc(), schemaVersion: 7, somethingNew: true };
    const err = parseError(JSON.stringify(doc));
    expect(err.code).toBe('newer-version');
    expect(err.message).toBe('made by a newer version of HJB Lab (schema 7; this app reads up to 1)');
  });

  it.each([[-1], [1.5], ['1'], [null]])('a schemaVersion that is not a version: %j', (version) => {
    const err = parseError(JSON.stringify({ ...sampleDoc(), schemaVersion: version }));
    expect(err.code).toBe('invalid-field');
    expect(err.message).toMatch(/^schemaVersion: /);
  });

  it('missing field, with its path', () => {
    const doc = sampleDoc();
    delete (doc.runs[0] as { createdAt?: unknown }).createdAt;
    const err = parseError(JSON.stringify(doc));
    expect(err.code).toBe('invalid-field');
    expect(err.message).toBe('runs[0].createdAt: missing');
    expect(err.path).toBe('runs[0].createdAt');
  });

  it('mistyped field, with its path', () => {
    const doc = sampleDoc();
    (doc.settings as { solver: unknown }).solver = 3;
    const err = parseError(JSON.stringify(doc));
    expect(err.message).toBe('settings.solver: expected a string, got number 3');
  });

  it('unknown field (a renamed field must not be dropped silently)', () => {
    const { runs, ...rest } = sampleDoc();
    const err = parseError(JSON.stringify({ ...rest, rnus: runs }));
    expect(err.code).toBe('invalid-field');
    expect(err.message).toBe('unknown field "rnus"');
  });

  it('bad enum value', () => {
    const doc = sampleDoc();
    (doc.view as { colormap: string }).colormap = 'jet';
    expect(parseError(JSON.stringify(doc)).message).toBe(
      'view.colormap: must be "viridis" or "magma" or "coolwarm", got "jet"',
    );
  });

  it('bad setting value', () => {
    const doc = sampleDoc();
    (doc.settings as { values: Record<string, unknown> }).values.grid = { x: 1 };
    expect(parseError(JSON.stringify(doc)).message).toBe(
      'settings.values.grid: must be a number, a string, a boolean or a list of numbers',
    );
  });

  it('bad date', () => {
    const doc = sampleDoc();
    doc.runs[0].createdAt = 'yesterday';
    expect(parseError(JSON.stringify(doc)).message).toBe('runs[0].createdAt: must be an ISO 8601 date-time');
  });

  it('a __proto__ key', () => {
    const text = serializeProject(sampleProject()).replace('"grid": [', '"__proto__": 1, "grid": [');
    const err = parseError(text);
    expect(err.code).toBe('invalid-field');
    expect(err.message).toContain('"__proto__"');
  });

  it('array length not matching its shape', () => {
    const doc = sampleDoc();
    (doc.runs[0].arrays as Record<string, { shape: number[] }>).value.shape = [200, 200];
    const err = parseError(JSON.stringify(doc));
    expect(err.code).toBe('shape-mismatch');
    expect(err.message).toBe('runs[0].arrays.value: 40200 values do not match shape [200, 200]');
  });

  it('non-finite number where one is required', () => {
    const text = serializeProject(sampleProject()).replace('"actions": 41', '"actions": 1e999');
    const err = parseError(text);
    expect(err.code).toBe('non-finite');
    expect(err.message).toBe('settings.values.actions: a finite number is required');
  });

  it('duplicate run ids and a selected run that does not exist', () => {
    const doc = sampleDoc();
    doc.runs.push(doc.runs[0]);
    expect(parseError(JSON.stringify(doc)).message).toBe(
      'runs[1].id: another run already has the id "run-1"',
    );
    const doc2 = sampleDoc();
    (doc2.view as { selectedRunId: string }).selectedRunId = 'run-9';
    expect(parseError(JSON.stringify(doc2)).message).toBe(
      'view.selectedRunId: there is no run with the id "run-9"',
    );
  });

  it('file over the size limit', () => {
    const text = serializeProject(createProject({ source: 'x'.repeat(5000) }));
    const err = parseError(text, { maxBytes: 4096 });
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/^the file is too large \(at least .*; the limit is 4.0 KiB\)$/);
    expect(MAX_PROJECT_BYTES).toBe(64 * 1024 * 1024);
  });

  it('counts UTF-8 bytes, not characters, against the limit', () => {
    // 1500 three-byte characters: 1.5 K characters but 4.5 KB on disk.
    const text = serializeProject(createProject({ source: '→'.repeat(1500) }));
    expect(text.length).toBeLessThan(4096);
    expect(parseError(text, { maxBytes: 4096 }).code).toBe('too-large');
    expect(parseProject(text, { maxBytes: 8192 }).source).toBe('→'.repeat(1500));
  });

  it('arrays decoding to more than the decoded-size budget', () => {
    const err = parseError(serializeProject(sampleProject()), { maxDecodedBytes: 100_000 });
    expect(err.code).toBe('too-large');
    expect(err.path).toMatch(/^runs\[0\]\.arrays\./);
  });
});

describe('serializeProject refuses projects it could not read back', () => {
  it('non-finite setting', () => {
    const project = sampleProject();
    project.settings.values.tol = NaN;
    const err = serializeError(project);
    expect(err.code).toBe('non-finite');
    expect(err.message).toBe('settings.values.tol: a finite number is required');
  });

  it('non-finite camera coordinate and summary value', () => {
    const project = sampleProject();
    project.view.camera!.position[1] = Infinity;
    expect(serializeError(project).message).toBe('view.camera.position[1]: a finite number is required');
    const p2 = sampleProject();
    p2.runs[0].summary.residual = { max: Infinity };
    expect(serializeError(p2).message).toBe('runs[0].summary.residual.max: a finite number is required');
  });

  it('data not matching its shape or its dtype', () => {
    const project = sampleProject();
    project.runs[0].arrays.value.shape = [201, 201];
    expect(serializeError(project).message).toBe(
      'runs[0].arrays.value: 40200 values do not match shape [201, 201]',
    );
    const p2 = sampleProject();
    (p2.runs[0].arrays.mask as { data: unknown }).data = new Float32Array(4);
    expect(serializeError(p2).message).toBe('runs[0].arrays.mask: data is not a uint8 array');
  });

  it('a project too large for a file', () => {
    const project = createProject({ source: 'x'.repeat(2000) });
    try {
      serializeProject(project, { maxBytes: 1000 });
      expect.unreachable();
    } catch (err) {
      expect((err as ProjectError).code).toBe('too-large');
      expect((err as ProjectError).message).toContain('the limit is 1000 bytes');
    }
  });

  it('a project that is not even shaped like one', () => {
    expect(serializeError({} as Project)).toBeInstanceOf(ProjectError);
    expect(serializeError({ ...sampleProject(), runs: [{}] } as Project)).toBeInstanceOf(ProjectError);
  });
});
