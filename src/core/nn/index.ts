/**
 * Small float64 multilayer perceptrons for the neural solvers: construction and seeded
 * initialisation, batched inference, training passes with backpropagation (and float32
 * inference and training passes for SiLU networks in WebAssembly SIMD), Adam with a
 * cosine schedule, exact input gradients and Hessians of scalar networks (forward mode),
 * parameter gradients of losses on ∇f, and plain-data serialisation.
 */
export {
  ACTIVATIONS,
  activate,
  activateWithDerivatives,
  expInto,
  logistic,
  softplus,
  type Activation,
} from './activation';
export {
  checkSpec,
  cloneMlp,
  createMlp,
  defaultInit,
  forward,
  ForwardScratch,
  maxWidth,
  mlpLayout,
  setConstantOutput,
  type InitScheme,
  type LayerLayout,
  type Mlp,
  type MlpSpec,
} from './mlp';
export { Float32Forward } from './forward32';
export { Tape } from './backprop';
export { Float32Tape } from './backprop32';
export { Adam, BatchSampler, cosineRate, gatherRows, type AdamOptions } from './adam';
export { fitMse, mseOf, solveOutputLayer, type FitOptions, type Validation } from './train';
export { affineForward, choleskySolve } from './linalg';
export { parameterGradientWithInputGradient, valueGradientHessian } from './derivatives';
export { mlpFromStored, mlpToStored, type StoredMlp } from './serialize';
