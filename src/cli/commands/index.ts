import type { CliCommand } from '../command';
import { check } from './check';
import { diffuse } from './diffuse';
import { simulate } from './simulate';
import { solve } from './solve';
import { solvers } from './solvers';
import { sweepDtCommand } from './sweep-dt';
import { validate } from './validate';

/** Every CLI command, in the order `hjb --help` lists them. Add new commands here. */
export const commands: CliCommand[] = [check, solve, simulate, diffuse, sweepDtCommand, solvers, validate];
