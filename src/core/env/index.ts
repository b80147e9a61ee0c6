/**
 * The environment view of a control problem for model-free learners: reset, step, and the
 * boxes, discount and horizon — nothing that leads back to the problem's functions.
 */
export { createEnvironment, type Box, type Environment, type Transition } from './environment';
