import { describe, expect, it } from 'vitest';
import {
  CURRENT_SCHEMA_VERSION,
  MIGRATIONS,
  migrateDocument,
  OLDEST_SCHEMA_VERSION,
  parseProject,
  ProjectError,
  serializeProject,
  type Migration,
} from '../../../src/core/project';
import { bytesOf, PENDULUM_SOURCE, sampleProject } from './fixtures';

/** A file as the schema-0 drafts wrote it: `problem` instead of `source`, no view. */
function version0Doc(): Record<string, unknown> {
  const current = JSON.parse(serializeProject(sampleProject()));
  const { source, view: _view, ...rest } = current;
  return { ...rest, schemaVersion: 0, problem: source };
}

describe('migrations', () => {
  it('has one step for every version from the oldest to the current one', () => {
    const froms = MIGRATIONS.map((m) => m.from).sort((a, b) => a - b);
    const expected = Array.from(
      { length: CURRENT_SCHEMA_VERSION - OLDEST_SCHEMA_VERSION },
      (_, i) => OLDEST_SCHEMA_VERSION + i,
    );
    expect(froms).toEqual(expected);
  });

  it('upgrades a version-0 file: problem becomes source, the view gets defaults with the latest run selected', () => {
    const project = parseProject(JSON.stringify(version0Doc()));
    expect(project.source).toBe(PENDULUM_SOURCE);
    expect(project.view).toEqual({
      camera: null,
      overlay: 'none',
      policyIndex: 0,
      colormap: 'viridis',
      selectedRunId: 'run-1',
    });
    const original = sampleProject();
    expect(project.settings).toEqual(original.settings);
    expect(bytesOf(project.runs[0].arrays.value.data)).toEqual(bytesOf(original.runs[0].arrays.value.data));
    // Saving writes the current version.
    expect(JSON.parse(serializeProject(project)).schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
  });

  it('upgrades a version-0 file without runs', () => {
    const { runs: _runs, ...doc } = version0Doc();
    expect(parseProject(JSON.stringify(doc)).view.selectedRunId).toBeNull();
  });

  it('reports a bad version-0 file by its own field names', () => {
    const doc = version0Doc();
    delete doc.problem;
    expect(() => parseProject(JSON.stringify(doc))).toThrow('problem: missing');
    const doc2 = { ...version0Doc(), source: 'x' };
    expect(() => parseProject(JSON.stringify(doc2))).toThrow('unknown field "source"');
  });

  it('chains steps in order through a registry', () => {
    const registry: Migration[] = [
      {
        from: 1,
        describe: 'b',
        up: (d) => ({ ...d, schemaVersion: 2, trail: [...(d.trail as string[]), 'b'] }),
      },
      { from: 0, describe: 'a', up: (d) => ({ ...d, schemaVersion: 1, trail: ['a'] }) },
      {
        from: 2,
        describe: 'c',
        up: (d) => ({ ...d, schemaVersion: 3, trail: [...(d.trail as string[]), 'c'] }),
      },
    ];
    expect(migrateDocument({ schemaVersion: 0 }, 0, 3, registry)).toEqual({
      schemaVersion: 3,
      trail: ['a', 'b', 'c'],
    });
    expect(migrateDocument({ schemaVersion: 2, trail: [] }, 2, 3, registry)).toEqual({
      schemaVersion: 3,
      trail: ['c'],
    });
  });

  it('refuses a gap in the registry and a step that does not advance the version', () => {
    const gap: Migration[] = [{ from: 0, describe: 'a', up: (d) => ({ ...d, schemaVersion: 1 }) }];
    expect(() => migrateDocument({}, 0, 2, gap)).toThrow(ProjectError);
    expect(() => migrateDocument({}, 0, 2, gap)).toThrow('no upgrade from schema 1');
    const stuck: Migration[] = [{ from: 0, describe: 'a', up: (d) => d }];
    expect(() => migrateDocument({ schemaVersion: 0 }, 0, 1, stuck)).toThrow(ProjectError);
  });
});
