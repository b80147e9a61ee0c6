/**
 * The blank template of "New": the smallest complete problem — one state, one control,
 * every part present and commented — for a user who starts from nothing rather than from
 * an example.
 */
export const BLANK_PROBLEM = `import { problem } from 'hjb-lab';

// A new control problem. Top-level numeric constants become sliders in the inspector.
const rho = 0.5;

export default problem({
  title: 'Untitled problem',
  // The state and its domain; add more states as { name: [min, max] }.
  states: { x: [-2, 2] },
  // The controls and their bounds.
  controls: { u: [-1, 1] },
  // The running cost (or 'maximize' for a reward), discounted at rate rho.
  minimize: ({ x }, { u }) => x * x + 0.1 * u * u,
  discount: rho,
  // dx = drift dt + noise dW.
  drift: ({ x }, { u }) => ({ x: u }),
  noise: { x: 0.2 },
});
`;
