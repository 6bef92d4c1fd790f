/** The stored login of `lcm login`: `<config dir>/credentials.json`, readable by its owner only. */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InvalidError } from '../errors/index.js';

export interface StoredLogin {
  /** Base URL of the API the token belongs to. */
  server: string;
  token: string;
  /** RFC 3339; the token is refused after this. */
  expiresAt: string;
}

/** `$LCM_CONFIG_DIR`, else `$XDG_CONFIG_HOME/lcm`, else `~/.config/lcm`. */
export function configDirFrom(env: NodeJS.ProcessEnv): string {
  if (env.LCM_CONFIG_DIR) return env.LCM_CONFIG_DIR;
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'lcm');
}

export class CredentialsFile {
  readonly path: string;
  readonly #dir: string;

  constructor(options: { dir: string }) {
    this.#dir = options.dir;
    this.path = join(options.dir, 'credentials.json');
  }

  /** The stored login, or `undefined` when nobody logged in yet. */
  async read(): Promise<StoredLogin | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const parsed = parseLogin(text);
    if (!parsed)
      throw new InvalidError(`${this.path} is not a stored login; run \`lcm login\` again`, {
        details: { field: 'credentials' },
      });
    return parsed;
  }

  /** Replaces the stored login; the folder is 0700 and the file 0600, written atomically. */
  async write(login: StoredLogin): Promise<void> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, this.path);
  }
}

function parseLogin(text: string): StoredLogin | undefined {
  try {
    const value = JSON.parse(text) as Partial<StoredLogin>;
    if (
      typeof value.server === 'string' &&
      typeof value.token === 'string' &&
      typeof value.expiresAt === 'string'
    )
      return { server: value.server, token: value.token, expiresAt: value.expiresAt };
  } catch {
    // not JSON: reported by the caller as not a stored login
  }
  return undefined;
}
