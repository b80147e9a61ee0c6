import type { BenchSuite } from './suite';

/** All benchmark suites, in run order. Add new suites here. */
export const suites: BenchSuite[] = [];
