import type { BenchSuite } from './suite';
import { lang } from './lang';
import { gridSuite } from './grid';
import { nnSuite } from './nn';
import { diffusionSuite } from './diffusion';

/** All benchmark suites, in run order. Add new suites here. */
export const suites: BenchSuite[] = [lang, gridSuite, nnSuite, diffusionSuite];
