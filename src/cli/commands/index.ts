import type { CliCommand } from '../command';
import { check } from './check';

/** Every CLI command, in the order `hjb --help` lists them. Add new commands here. */
export const commands: CliCommand[] = [check];
