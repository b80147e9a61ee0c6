/** What an outer iteration of any grid method tells the driver (solve.ts). */
export interface IterationReport {
  iteration: number;
  residualMax: number;
  residualL2: number;
  policyChanges: number;
  /** Finite horizon: the time just computed. */
  time?: number;
}

export interface Reporter {
  cancelled(): boolean;
  /** V in the internal (maximize) sense; policy per control. */
  iteration(report: IterationReport, V: Float64Array, policy: readonly Float64Array[]): void;
}
