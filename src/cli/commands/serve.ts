/** `lcm serve`: runs API, controllers and simulators in one process until SIGINT/SIGTERM. */
import type { Command } from 'commander';
import {
  addServerOptions,
  loadServerConfig,
  runUntilSignal,
  type ServerFlags,
} from '../server-options.js';

export function registerServeCommand(program: Command): void {
  addServerOptions(
    program
      .command('serve')
      .description(
        'run the whole system in one process (embedded store unless DATABASE_URL is set)',
      ),
  ).action(async (flags: ServerFlags) => {
    // Loaded on use: the whole system's modules would slow every other command's start.
    const { startServe } = await import('../../app/serve.js');
    runUntilSignal(await startServe(loadServerConfig(flags)));
  });
}
