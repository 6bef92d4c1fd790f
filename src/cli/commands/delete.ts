/** `lcm delete <kind> <name>`: deletes one object (objects with finalizers go once they are released). */
import type { Command } from 'commander';
import { addConnectionOptions, withApiSession, type ConnectionFlags } from '../api-session.js';
import { objectRef, resolveKind } from '../kind-aliases.js';
import { addNamespaceOption, namespaceFor } from '../namespace-option.js';

export function registerDeleteCommand(program: Command): void {
  const command = program
    .command('delete')
    .description('delete one object')
    .argument('<kind>', 'kind, plural or short name (see `lcm get --help`)')
    .argument('<name>')
    .action(
      async (kindName: string, name: string, flags: ConnectionFlags & { namespace?: string }) => {
        const kind = resolveKind(kindName);
        await withApiSession(flags, async (session) => {
          const namespace = namespaceFor(kind, flags);
          const deleted = await session.resources.delete(
            kind.kind,
            name,
            namespace ? { namespace } : {},
          );
          const pending = deleted.metadata.finalizers?.length
            ? ` (deletion started; waiting for ${deleted.metadata.finalizers.join(', ')})`
            : '';
          process.stdout.write(`${objectRef(kind.kind, name)} deleted${pending}\n`);
        });
      },
    );
  addNamespaceOption(command);
  addConnectionOptions(command);
}
