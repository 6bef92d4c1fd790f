/** The `lcm` command line: one program, one file per verb under commands/. */
import { Command, CommanderError } from 'commander';
import { registerActionCommands } from './commands/action.js';
import { registerApiCommand } from './commands/api.js';
import { registerApiKeyCommand } from './commands/apikey.js';
import { registerApplyCommand } from './commands/apply.js';
import { registerControllerCommand } from './commands/controller.js';
import { registerDeleteCommand } from './commands/delete.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerDescribeCommand } from './commands/describe.js';
import { registerExplainCommand } from './commands/explain.js';
import { registerGetCommand } from './commands/get.js';
import { registerLoginCommand } from './commands/login.js';
import { registerServeCommand } from './commands/serve.js';
import { registerSimCommand } from './commands/sim.js';
import { registerWaitCommand } from './commands/wait.js';
import { EXIT_CODES, exitCodeFor } from './exit-codes.js';

export function createProgram(): Command {
  // Set before adding commands: subcommands inherit both settings.
  const program = new Command('lcm')
    .description('Lablet Cloud Manager')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'lcm: ')) })
    .showHelpAfterError('(add --help for usage)');
  registerServeCommand(program);
  registerApiCommand(program);
  registerControllerCommand(program);
  registerSimCommand(program);
  registerLoginCommand(program);
  registerGetCommand(program);
  registerDescribeCommand(program);
  registerApplyCommand(program);
  registerDeleteCommand(program);
  registerWaitCommand(program);
  registerExplainCommand(program);
  registerActionCommands(program);
  registerApiKeyCommand(program);
  registerDemoCommand(program);
  return program;
}

/**
 * Runs the CLI. A failure the user can act on prints one line, `lcm: <message>`, and sets the exit
 * code of docs/cli.md (usage errors 2, Unauthorized 3, Forbidden 4, NotFound 5, …); anything
 * else is a bug and is rethrown with its stack.
 */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await createProgram().parseAsync([...argv]);
  } catch (error) {
    // Commander has printed its own message (or the help) already.
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
      return;
    }
    const code = exitCodeFor(error);
    if (code === undefined) throw error;
    console.error(`lcm: ${(error as Error).message}`);
    process.exitCode = code;
  }
}
