/** `lcm sim`: runs the simulators alone, shared by `lcm api` and `lcm controller` processes. */
import type { Command } from 'commander';
import {
  addServerOptions,
  loadServerConfig,
  runUntilSignal,
  type ServerFlags,
} from '../server-options.js';

export function registerSimCommand(program: Command): void {
  addServerOptions(
    program
      .command('sim')
      .description(
        'run the simulated cloud, CML, LDS and grading engine as one process (providers.simHostUrl)',
      ),
  ).action(async (flags: ServerFlags) => {
    const { startSimMode } = await import('../../app/sim-mode.js');
    const host = await startSimMode(loadServerConfig(flags));
    process.stdout.write(`simulator host: ${host.url}\n`);
    runUntilSignal(host);
  });
}
