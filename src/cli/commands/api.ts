/** `lcm api`: runs the API alone (no simulators, no controllers) until SIGINT/SIGTERM. */
import type { Command } from 'commander';
import { startApiMode } from '../../app/api-mode.js';
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
    runUntilSignal(await startApiMode(loadServerConfig(flags)));
  });
}
