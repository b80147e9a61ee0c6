import type { BenchSuite } from './suite';
import { lang } from './lang';
import { gridSuite } from './grid';
import { uiSuite } from './ui';

/** All benchmark suites, in run order. Add new suites here. */
export const suites: BenchSuite[] = [lang, gridSuite, uiSuite];
