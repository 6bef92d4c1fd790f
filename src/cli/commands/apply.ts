/** `lcm apply -f <file>`: creates or updates every object of one or more YAML files (`-` = stdin). */
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { InvalidError, isLcmError } from '../../errors/index.js';
import { addConnectionOptions, withApiSession, type ConnectionFlags } from '../api-session.js';
import { applyManifest } from '../apply-manifest.js';
import { CommandFailedError, exitCodeFor } from '../exit-codes.js';
import { objectRef } from '../kind-aliases.js';
import { addNamespaceOption, DEFAULT_NAMESPACE } from '../namespace-option.js';
import { parseManifests, type Manifest } from '../parse-manifests.js';
import { readStdin } from '../prompt.js';

interface ApplyFlags extends ConnectionFlags {
  filename: string[];
  namespace?: string;
}

export function registerApplyCommand(program: Command): void {
  const command = program
    .command('apply')
    .description('create or update the objects of YAML files (several documents per file)')
    .requiredOption(
      '-f, --filename <file>',
      'YAML file, `-` for stdin (repeatable)',
      (file: string, files: string[] | undefined) => [...(files ?? []), file],
    )
    .action(async (flags: ApplyFlags) => {
      const manifests = await readManifests(flags.filename, flags.namespace ?? DEFAULT_NAMESPACE);
      await withApiSession(flags, async (session) => {
        const failures: unknown[] = [];
        for (const manifest of manifests) {
          const ref = objectRef(manifest.object.kind, manifest.object.metadata.name);
          try {
            process.stdout.write(
              `${ref} ${await applyManifest(session.resources, manifest.object)}\n`,
            );
          } catch (error) {
            if (!isLcmError(error)) throw error;
            failures.push(error);
            process.stderr.write(
              `lcm: ${manifest.source}: document ${manifest.document} (${ref}): ${error.message}\n`,
            );
          }
        }
        if (failures.length > 0)
          throw new CommandFailedError(
            `${failures.length} of ${manifests.length} objects were not applied`,
            exitCodeFor(failures[0]),
          );
      });
    });
  addNamespaceOption(command);
  addConnectionOptions(command);
}

/** Every file is read and checked before anything is applied. */
async function readManifests(files: readonly string[], namespace: string): Promise<Manifest[]> {
  const manifests: Manifest[] = [];
  for (const file of files)
    manifests.push(...parseManifests(await readSource(file), file, namespace));
  return manifests;
}

async function readSource(file: string): Promise<string> {
  if (file === '-') return readStdin();
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new InvalidError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      {
        details: { field: 'filename' },
        cause: error,
      },
    );
  }
}
