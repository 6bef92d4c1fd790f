/** The `lcm` command line: one program, one file per verb under commands/. */
import { Command } from 'commander';
import { isLcmError } from '../errors/index.js';
import { registerServeCommand } from './commands/serve.js';

export function createProgram(): Command {
  const program = new Command('lcm').description('Lablet Cloud Manager').showHelpAfterError();
  registerServeCommand(program);
  return program;
}

/** Runs the CLI; typed errors print their message (no stack) and exit 1. */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await createProgram().parseAsync([...argv]);
  } catch (error) {
    if (!isLcmError(error)) throw error;
    console.error(`lcm: ${error.message}`);
    process.exitCode = 1;
  }
}
