/**
 * What the lab says when the selected solver refuses the problem: the solver's own reason,
 * and which solver of the Solver list to pick instead when its reason does not already
 * name one (the solvers' messages are shared with the CLI, where the choice is a flag).
 */
import type { SolverOffer } from '../../workers/protocol';

export function refusalWithChoice(
  offers: readonly Pick<SolverOffer, 'id' | 'title' | 'refusal'>[],
  solver: string,
): string | null {
  const refusal = offers.find((o) => o.id === solver)?.refusal ?? null;
  if (refusal === null) return null;
  const accepting = offers.filter((o) => o.refusal === null);
  if (accepting.length === 0) return refusal;
  const said = refusal.toLowerCase();
  if (accepting.some((o) => said.includes(o.title.toLowerCase()))) return refusal;
  const names = accepting.map((o) => `'${o.title}'`);
  const choice =
    names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
  return `${refusal} — pick ${choice} in Solver`;
}
