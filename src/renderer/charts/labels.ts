/**
 * What the paths chart accumulates, in the problem's own words: a minimize problem has a
 * cost, a maximize problem a reward, discounted when the problem has a discount rate.
 */
export function accumulatedQuantity(
  objective: 'maximize' | 'minimize' | null,
  discount: number | null,
): string {
  const what = objective === 'minimize' ? 'cost' : 'reward';
  return discount !== null && discount > 0 ? `discounted ${what}` : what;
}
