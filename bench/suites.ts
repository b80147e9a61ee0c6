import type { BenchSuite } from './suite';
import { lang } from './lang';

/** All benchmark suites, in run order. Add new suites here. */
export const suites: BenchSuite[] = [lang];
