/**
 * BiCGSTAB on the policy-evaluation system, preconditioned by the aggregation multigrid
 * (multigrid.ts). Two V-cycles and two products per iteration; kept as a choice
 * (linearSolver: 'bicgstab') and as the comparison for GMRES in bench/grid.ts.
 */
import type { Discretization } from './discretization';
import type { CancelCheck, LinearResult } from './linear-result';
import { AggregationMultigrid } from './multigrid';
import { systemResidual, type LinearSystem } from './system';

export class MultigridBicgstab {
  private readonly work: Float64Array[];

  constructor(
    private readonly disc: Discretization,
    private readonly mg: AggregationMultigrid = new AggregationMultigrid(disc),
  ) {
    this.work = Array.from({ length: 7 }, () => new Float64Array(disc.n));
  }

  /** Stops when the diagonal-scaled residual is ≤ max(tol, relTol · the initial one). */
  solve(
    sys: LinearSystem,
    x: Float64Array,
    tol: number,
    relTol: number,
    maxIter: number,
    cancelled: CancelCheck,
  ): LinearResult {
    const n = this.disc.n;
    const mg = this.mg;
    const A = mg.A;
    const [r, r0, p, v, s, t, z] = this.work;
    const diag = sys.diag;
    let res = systemResidual(this.disc, sys, x, r);
    tol = Math.max(tol, relTol * res);
    if (res <= tol) return { iterations: 0, residual: res, converged: true, cancelled: false };
    mg.load(sys);
    r0.set(r);
    p.fill(0);
    v.fill(0);
    let rho = 1;
    let alpha = 1;
    let omega = 1;
    for (let it = 1; it <= maxIter; it++) {
      let rhoNew = 0;
      for (let i = 0; i < n; i++) rhoNew += r0[i] * r[i];
      if (rhoNew === 0 || !Number.isFinite(rhoNew))
        return { iterations: it, residual: res, converged: false, cancelled: false };
      const beta = (rhoNew / rho) * (alpha / omega);
      rho = rhoNew;
      for (let i = 0; i < n; i++) p[i] = r[i] + beta * (p[i] - omega * v[i]);
      mg.precondition(p, z);
      A.multiply(z, v);
      let r0v = 0;
      for (let i = 0; i < n; i++) r0v += r0[i] * v[i];
      alpha = rho / r0v;
      res = 0;
      for (let i = 0; i < n; i++) {
        x[i] += alpha * z[i];
        const si = r[i] - alpha * v[i];
        s[i] = si;
        const a = Math.abs(si / diag[i]);
        if (a > res) res = a;
      }
      if (res <= tol) return { iterations: it, residual: res, converged: true, cancelled: false };
      mg.precondition(s, z);
      A.multiply(z, t);
      let tt = 0;
      let ts = 0;
      for (let i = 0; i < n; i++) {
        tt += t[i] * t[i];
        ts += t[i] * s[i];
      }
      omega = tt > 0 ? ts / tt : 0;
      res = 0;
      for (let i = 0; i < n; i++) {
        x[i] += omega * z[i];
        const ri = s[i] - omega * t[i];
        r[i] = ri;
        const a = Math.abs(ri / diag[i]);
        if (a > res) res = a;
      }
      if (res <= tol) return { iterations: it, residual: res, converged: true, cancelled: false };
      if (omega === 0) return { iterations: it, residual: res, converged: false, cancelled: false };
      if ((it & 3) === 0 && cancelled())
        return { iterations: it, residual: res, converged: false, cancelled: true };
    }
    return { iterations: maxIter, residual: res, converged: false, cancelled: false };
  }
}
