import type { BenchSuite } from './suite';
import { lang } from './lang';
import { gridSuite } from './grid';
import { uiSuite } from './ui';
import { diffusionSuite } from './diffusion';
import { nnSuite } from './nn';
import { neuralSuite } from './neural';
import { qLearningSuite } from './q-learning';

/** All benchmark suites, in run order. Add new suites here. */
export const suites: BenchSuite[] = [
  lang,
  gridSuite,
  nnSuite,
  neuralSuite,
  qLearningSuite,
  diffusionSuite,
  uiSuite,
];
