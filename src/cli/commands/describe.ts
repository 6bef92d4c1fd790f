/** `lcm describe <kind> <name>`: one object for a person — metadata, spec, status, conditions, history. */
import type { Command } from 'commander';
import { addConnectionOptions, withApiSession, type ConnectionFlags } from '../api-session.js';
import { resolveKind } from '../kind-aliases.js';
import { addNamespaceOption, namespaceFor } from '../namespace-option.js';
import { describeObject } from '../output/describe-object.js';

export function registerDescribeCommand(program: Command): void {
  const command = program
    .command('describe')
    .description('show one object in detail')
    .argument('<kind>', 'kind, plural or short name (see `lcm get --help`)')
    .argument('<name>')
    .action(
      async (kindName: string, name: string, flags: ConnectionFlags & { namespace?: string }) => {
        const kind = resolveKind(kindName);
        await withApiSession(flags, async (session) => {
          const object = await session.resources.get(kind.kind, name, namespaceFor(kind, flags));
          process.stdout.write(describeObject(object, session.clock.nowMs()));
        });
      },
    );
  addNamespaceOption(command);
  addConnectionOptions(command);
}
