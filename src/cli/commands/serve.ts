/** `lcm serve`: runs API, controllers and simulators in one process until SIGINT/SIGTERM. */
import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { startServe } from '../../app/serve.js';

interface ServeFlags {
  config?: string;
  host?: string;
  port?: string;
  dataDir?: string;
  databaseUrl?: string;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the whole system in one process (embedded store unless DATABASE_URL is set)')
    .option('--config <file>', 'YAML config file (default: ./lcm.yaml when present)')
    .option('--host <address>', 'address to bind')
    .option('--port <port>', 'HTTP port')
    .option('--data-dir <dir>', 'folder of the embedded store')
    .option('--database-url <url>', 'PostgreSQL connection string')
    .action(async (flags: ServeFlags) => {
      const config = loadConfig({
        ...(flags.config ? { configFile: flags.config } : {}),
        overrides: {
          host: flags.host,
          port: flags.port === undefined ? undefined : Number(flags.port),
          dataDir: flags.dataDir,
          databaseUrl: flags.databaseUrl,
        },
      });
      const server = await startServe(config);
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
    });
}
