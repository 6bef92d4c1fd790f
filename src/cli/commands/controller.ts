/** `lcm controller <name>`: one controller as its own process against a remote API (LCM_API_URL, LCM_API_KEY). */
import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { InvalidError } from '../../errors/index.js';
import { runUntilSignal } from '../server-options.js';

interface ControllerFlags {
  config?: string;
  apiUrl?: string;
  host?: string;
  port?: string;
}

export function registerControllerCommand(program: Command): void {
  program
    .command('controller')
    .description('run one controller against a remote API, with leader election')
    .argument('<name>', 'which controller (an unknown name lists the known ones)')
    .option('--config <file>', 'YAML config file (default: ./lcm.yaml when present)')
    .option(
      '--api-url <url>',
      'URL of the API (env LCM_API_URL); the key comes from env LCM_API_KEY',
    )
    .option('--host <address>', 'address of the health server')
    .option('--port <port>', 'serve /healthz, /readyz and /metrics on this port (default: none)')
    .action(async (name: string, flags: ControllerFlags) => {
      const config = loadConfig({
        ...(flags.config ? { configFile: flags.config } : {}),
        overrides: { apiUrl: flags.apiUrl, host: flags.host },
      });
      // Loaded on use, as for `lcm serve`.
      const { startControllerMode } = await import('../../app/controller-mode.js');
      runUntilSignal(
        await startControllerMode({
          config,
          name,
          ...(flags.port === undefined ? {} : { port: parsePort(flags.port) }),
        }),
      );
    });
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new InvalidError(`--port "${text}" is not a port number`, { details: { field: 'port' } });
  return port;
}
