/** What `lcm serve` and `lcm api` share: store and listen flags, the first admin's password, signals. */
import type { Command } from 'commander';
import type { RunningServer } from '../app/serve.js';
import { loadConfig, type LcmConfig } from '../config/index.js';

export interface ServerFlags {
  config?: string;
  host?: string;
  port?: string;
  dataDir?: string;
  databaseUrl?: string;
}

export function addServerOptions(command: Command): Command {
  return command
    .option('--config <file>', 'YAML config file (default: ./lcm.yaml when present)')
    .option('--host <address>', 'address to bind')
    .option('--port <port>', 'HTTP port')
    .option('--data-dir <dir>', 'folder of the embedded store')
    .option('--database-url <url>', 'PostgreSQL connection string');
}

/** The configuration: defaults ← config file ← env ← these flags. */
export function loadServerConfig(flags: ServerFlags): Readonly<LcmConfig> {
  return loadConfig({
    ...(flags.config ? { configFile: flags.config } : {}),
    overrides: {
      host: flags.host,
      port: flags.port === undefined ? undefined : Number(flags.port),
      dataDir: flags.dataDir,
      databaseUrl: flags.databaseUrl,
    },
  });
}

/** Shows the generated admin password once, then stops the server on SIGINT/SIGTERM. */
export function runUntilSignal(
  server: Pick<RunningServer, 'generatedAdminPassword' | 'stop'>,
): void {
  if (server.generatedAdminPassword)
    process.stderr.write(
      `\nFirst start: created user "admin" with password ${server.generatedAdminPassword}\n` +
        'It is shown only now. Log in with `lcm login` or at the dashboard, then change it.\n\n',
    );
  const shutdown = (): void => {
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
