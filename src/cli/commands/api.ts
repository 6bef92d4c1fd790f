/** `lcm api`: runs the API alone (no simulators, no controllers) until SIGINT/SIGTERM. */
import type { Command } from 'commander';
import {
  addServerOptions,
  loadServerConfig,
  runUntilSignal,
  type ServerFlags,
} from '../server-options.js';

export function registerApiCommand(program: Command): void {
  addServerOptions(
    program
      .command('api')
      .description('run only the API; controllers run as `lcm controller <name>` processes'),
  ).action(async (flags: ServerFlags) => {
    const { startApiMode } = await import('../../app/api-mode.js');
    runUntilSignal(await startApiMode(loadServerConfig(flags)));
  });
}
