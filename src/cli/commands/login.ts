/** `lcm login`: exchanges a user name and password for a token and stores it for later commands. */
import type { Command } from 'commander';
import { InvalidError } from '../../errors/index.js';
import { ApiSession } from '../api-session.js';
import { configDirFrom, CredentialsFile } from '../credentials-file.js';
import { promptLine, promptSecret, readStdin } from '../prompt.js';

/** Where `lcm serve` listens by default. */
const DEFAULT_SERVER = 'http://127.0.0.1:8080';

interface LoginFlags {
  server?: string;
  username?: string;
  passwordStdin?: boolean;
}

export function registerLoginCommand(program: Command): void {
  program
    .command('login')
    .description('log in as a built-in user; the token is stored for the other commands')
    .option(
      '--server <url>',
      `API base URL (env LCM_API_URL; default: last login, else ${DEFAULT_SERVER})`,
    )
    .option('-u, --username <name>', 'user name (asked on a terminal when omitted)')
    .option(
      '--password-stdin',
      'read the password from stdin (the default when stdin is not a terminal)',
    )
    .action(async (flags: LoginFlags) => {
      const credentials = new CredentialsFile({ dir: configDirFrom(process.env) });
      const previous = await credentials.read().catch(() => undefined);
      const session = new ApiSession({
        server: flags.server ?? (process.env.LCM_API_URL || previous?.server) ?? DEFAULT_SERVER,
      });
      try {
        const username = flags.username ?? (await askUsername());
        const password = await readPassword(flags.passwordStdin === true);
        const issued = await session.call<{ token: string; expiresAt: string }>(
          'POST',
          '/api/auth/login',
          { username, password },
        );
        await credentials.write({ server: session.server, ...issued });
        process.stdout.write(
          `Logged in to ${session.server} as ${username} until ${issued.expiresAt}.\n`,
        );
      } finally {
        await session.close();
      }
    });
}

async function askUsername(): Promise<string> {
  const username = process.stdin.isTTY ? await promptLine('Username: ') : '';
  if (!username)
    throw new InvalidError('no user name: pass --username', { details: { field: 'username' } });
  return username;
}

async function readPassword(fromStdin: boolean): Promise<string> {
  const password =
    fromStdin || !process.stdin.isTTY
      ? (await readStdin()).replace(/\r?\n$/, '')
      : await promptSecret('Password: ');
  if (!password) throw new InvalidError('no password given', { details: { field: 'password' } });
  return password;
}
