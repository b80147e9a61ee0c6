import type { z } from 'zod';
import { atPath, formatPath, ProjectError } from './errors';
import { describeValue as describe } from './json-value';

/**
 * The first zod issue as a ProjectError whose message a user can act on:
 * `settings.solver: expected a string, got a number`, `view: unknown field "zoom"`.
 */
export function issueToProjectError(error: z.ZodError, prefix: readonly PropertyKey[] = []): ProjectError {
  const issue = error.issues[0];
  const path = formatPath([...prefix, ...issue.path]);
  const input: unknown = 'input' in issue ? issue.input : undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'number' && typeof input === 'number')
        return new ProjectError('non-finite', atPath(path, 'a finite number is required'), path);
      if (input === undefined) return new ProjectError('invalid-field', atPath(path, 'missing'), path);
      return new ProjectError(
        'invalid-field',
        atPath(path, `expected ${article(issue.expected)}, got ${describe(input)}`),
        path,
      );
    case 'unrecognized_keys': {
      const keys = issue.keys.map((k) => describe(k)).join(', ');
      return new ProjectError(
        'invalid-field',
        atPath(path, `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`),
        path,
      );
    }
    case 'invalid_value':
      return new ProjectError(
        'invalid-field',
        atPath(
          path,
          `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describe(input)}`,
        ),
        path,
      );
    case 'too_big':
      return new ProjectError('invalid-field', atPath(path, tooBig(issue.origin, issue.maximum)), path);
    case 'too_small':
      return new ProjectError('invalid-field', atPath(path, tooSmall(issue.origin, issue.minimum)), path);
    case 'invalid_format':
      return new ProjectError('invalid-field', atPath(path, issue.message), path);
    default:
      return new ProjectError('invalid-field', atPath(path, issue.message), path);
  }
}

function article(expected: string): string {
  if (expected === 'array') return 'a list';
  if (expected === 'object') return 'an object';
  if (expected === 'int') return 'a whole number';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function tooBig(origin: string, maximum: number | bigint): string {
  if (origin === 'string') return `must be at most ${maximum} characters`;
  if (origin === 'array') return `must have at most ${maximum} entries`;
  return `must be at most ${maximum}`;
}

function tooSmall(origin: string, minimum: number | bigint): string {
  if (origin === 'string')
    return minimum === 1 ? 'must not be empty' : `must be at least ${minimum} characters`;
  if (origin === 'array') return `must have at least ${minimum} entries`;
  return `must be at least ${minimum}`;
}
