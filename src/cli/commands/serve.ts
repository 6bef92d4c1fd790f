/** `lcm serve`: runs API, controllers and simulators in one process until SIGINT/SIGTERM. */
import type { Command } from 'commander';
import { startServe } from '../../app/serve.js';
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
    runUntilSignal(await startServe(loadServerConfig(flags)));
  });
}
