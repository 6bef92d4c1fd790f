/**
 * Secrets as files: the secret `name` is the file `<secretsDir>/<name>` (setting `secretsDir`),
 * e.g. a licence token mounted from a Kubernetes Secret or written by an operator with mode 600.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretSource } from '../controllers/workers/secret-source.js';
import { InvalidError, NotFoundError } from '../errors/index.js';

/** A secret name is one file name: no separators, no leading dot (so never `..`). */
const SECRET_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,252}$/;

export class FileSecretSource implements SecretSource {
  readonly #dir: string;

  constructor(options: { dir: string }) {
    this.#dir = options.dir;
  }

  async read(name: string): Promise<string> {
    if (!SECRET_NAME.test(name))
      throw new InvalidError(`secret name "${name}" must be a plain file name`, {
        details: { field: 'tokenSecret' },
      });
    const path = join(this.#dir, name);
    let content: string;
    try {
      content = await readFile(path, 'utf8');
    } catch (error) {
      // Only the path goes into messages: never the content.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT')
        throw new NotFoundError(`secret "${name}" not found: create the file ${path}`);
      throw new InvalidError(`secret "${name}" cannot be read from ${path} (${code ?? 'error'})`, {
        details: { field: 'secretsDir' },
      });
    }
    const value = content.trim();
    if (value === '') throw new NotFoundError(`secret "${name}" is empty: ${path}`);
    return value;
  }
}
