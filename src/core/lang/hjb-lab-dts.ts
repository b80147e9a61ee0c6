/**
 * Typings of the `"hjb-lab"` module for the editor (Monaco `addExtraLib`). A plain string
 * so Node (tests, CLI) can use it too. `problem` is generic in the declared states and
 * controls, so inside drift, reward, noise, … the destructured names are checked and
 * completed. Symbolic values are typed `number`: arithmetic on them reads like ordinary
 * arithmetic and builds expressions at compile time.
 */
import { HELPER_NAMES } from './builtins';

export { HELPER_NAMES };

/** The path under which the typings should be registered. */
export const HJB_LAB_DTS_PATH = 'file:///node_modules/hjb-lab/index.d.ts';

export const HJB_LAB_DTS = `declare module "hjb-lab" {
  /** A closed interval [min, max]. */
  export type Interval = readonly [number, number];

  /** A scalar state: [min, max] or an object with options. */
  export interface StateOptions {
    min: number;
    max: number;
    /** The state wraps around (an angle). Implies boundary 'periodic'. */
    periodic?: boolean;
    /**
     * What happens at the faces of the box (default 'reflect' unless periodic):
     * 'reflect' pushes the process back for free; 'exit' stops it and collects \`exit\`;
     * 'constraint' makes controls whose drift leaves the box inadmissible there.
     */
    boundary?: "reflect" | "exit" | "constraint";
    /** Grid spacing hint; 'geometric' needs min > 0 (e.g. wealth). */
    spacing?: "uniform" | "geometric";
    /** Display label, e.g. "θ". */
    label?: string;
  }

  /** A vector state x: { dim: 6, min, max } becomes x[0] … x[5]; functions get an array. */
  export interface VectorStateOptions extends Omit<StateOptions, "min" | "max"> {
    dim: number;
    min: number | readonly number[];
    max: number | readonly number[];
  }

  export type StateDecl = Interval | StateOptions | VectorStateOptions;
  export type ControlDecl = Interval | { min: number; max: number; label?: string };

  /** What functions receive for the states: a number per scalar state, an array per vector state. */
  export type StateValues<S> = { readonly [K in keyof S]: S[K] extends { dim: number } ? number[] : number };
  export type ControlValues<C> = { readonly [K in keyof C]: number };

  /** A function of (states, controls, time). Time t is a symbol like the states. */
  export type ModelFn<S, C, R> = (states: StateValues<S>, controls: ControlValues<C>, t: number) => R;

  /** One entry per state: a number per scalar state, an array per vector state. */
  export type PerState<S> = { [K in keyof S]: S[K] extends { dim: number } ? readonly number[] : number };

  /** Noise Σ: a diagonal map { state: σ } (missing states have no noise), a d×k matrix, or one σ for all. */
  export type Noise<S> = Partial<{ [K in keyof S]: S[K] extends { dim: number } ? number | readonly number[] : number }> | readonly (readonly number[])[] | number;

  export interface ProblemSpec<S, C> {
    title?: string;
    states: S;
    controls: C;
    /** Reward rate r(x, a, t) to maximize (give maximize or minimize). */
    maximize?: ModelFn<S, C, number> | number;
    /** Cost rate c(x, a, t) to minimize (give maximize or minimize). */
    minimize?: ModelFn<S, C, number> | number;
    /** Discount rate ρ > 0: infinite horizon. Not together with horizon. */
    discount?: number;
    /** Horizon T > 0: finite horizon, with an optional terminal reward or cost. */
    horizon?: number;
    /** Terminal reward (or cost, for minimize) g(x) at the horizon. */
    terminal?: ModelFn<S, C, number> | number;
    /** Target set: the process stops when the predicate holds (exit and minimum-time problems). */
    target?: ModelFn<S, C, boolean>;
    /** Reward (or cost) collected on reaching the target or an exit face; default 0. */
    exit?: ModelFn<S, C, number> | number;
    /** Drift f(x, a, t): one entry per state. */
    drift: ModelFn<S, C, PerState<S>>;
    /** Noise Σ(x, a, t); omit for a deterministic problem. */
    noise?: Noise<S> | ModelFn<S, C, Noise<S>>;
    /** A known solution: value V(x, t) and policy a*(x, t) (an object keyed by control, or a number for one control). */
    exact?: {
      value: ModelFn<S, C, number>;
      policy?: ModelFn<S, C, { [K in keyof C]: number } | number>;
    };
  }

  export interface Problem {
    readonly __kind: "problem";
  }

  /** Declare a control problem. Export it: export default problem({ … }). */
  export function problem<const S extends Record<string, StateDecl>, const C extends Record<string, ControlDecl> = {}>(
    spec: ProblemSpec<S, C>,
  ): Problem;

  /** A diffusion generative model read as a control problem: V = −log p, u* = scaled score. */
  export interface DiffusionSpec {
    title?: string;
    /** The data distribution: exactly one source. */
    data:
      | { mixture: { weights?: readonly number[]; means: readonly (readonly number[])[]; covariances?: readonly (readonly (readonly number[])[])[]; std?: number | readonly number[] } }
      | { toy: "eight-gaussians" | "two-moons" | "checkerboard" | "swiss-roll" | "circles" | "pinwheel"; count?: number }
      | { points: readonly (readonly number[])[] }
      | { logDensity: (x: number[]) => number; dim?: number };
    /** Forward (noising) SDE; default VP with betaMin 0.1, betaMax 20. */
    forward?: { vp: { betaMin?: number; betaMax?: number } } | { drift: (x: number[], t: number) => number[]; sigma: ((t: number) => number) | number };
    /** Horizon T of the forward SDE; default 1. */
    horizon?: number;
    /** Domain: [min, max] for every coordinate, one pair per coordinate, or { min, max } arrays. */
    bounds?: Interval | readonly Interval[] | { min: readonly number[]; max: readonly number[] };
    /** Coordinate names; default x, y in 2-D. */
    names?: readonly string[];
  }

  export interface Diffusion {
    readonly __kind: "diffusion";
  }

  export function diffusion(spec: DiffusionSpec): Diffusion;

  export function sin(x: number): number;
  export function cos(x: number): number;
  export function tan(x: number): number;
  export function asin(x: number): number;
  export function acos(x: number): number;
  export function atan(x: number): number;
  export function sinh(x: number): number;
  export function cosh(x: number): number;
  export function tanh(x: number): number;
  export function exp(x: number): number;
  export function log(x: number): number;
  export function sqrt(x: number): number;
  export function abs(x: number): number;
  export function sign(x: number): number;
  export function floor(x: number): number;
  export function ceil(x: number): number;
  export function min(...xs: number[]): number;
  export function max(...xs: number[]): number;
  /** clamp(x, lo, hi) = min(max(x, lo), hi). */
  export function clamp(x: number, lo: number, hi: number): number;
  export function atan2(y: number, x: number): number;
  export function hypot(...xs: number[]): number;
  export function pow(x: number, y: number): number;
  /** Sum of an array. */
  export function sum(xs: readonly number[]): number;
  /** Dot product of two arrays of the same length. */
  export function dot(a: readonly number[], b: readonly number[]): number;
  /** Euclidean norm. */
  export function norm(a: readonly number[]): number;
  /** Matrix (array of rows) times vector. */
  export function matvec(m: readonly (readonly number[])[], v: readonly number[]): number[];
  /** [0, 1, …, n−1], or [start, …, end−1]: for compile-time loops. */
  export function range(n: number): number[];
  export function range(start: number, end: number): number[];
}
`;
