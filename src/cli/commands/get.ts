/** `lcm get <kind> [name]`: tables like kubectl's, or YAML/JSON; `-w` keeps printing changes. */
import type { Command } from 'commander';
import type { ListOptions } from '../../client/resource-client.js';
import {
  matchesLabelSelector,
  parseLabelSelector,
  type AnyResource,
} from '../../resources/index.js';
import {
  addConnectionOptions,
  withApiSession,
  type ApiSession,
  type ConnectionFlags,
} from '../api-session.js';
import { followChanges, interruptSignal } from '../follow-changes.js';
import { namesOf, resolveKind, SERVED_KINDS } from '../kind-aliases.js';
import { addNamespaceOption, namespaceFor } from '../namespace-option.js';
import {
  formatList,
  formatObject,
  parseOutputFormat,
  type FormatOptions,
} from '../output/format-objects.js';
import { WatchPrinter } from '../output/watch-printer.js';

interface GetFlags extends ConnectionFlags {
  namespace?: string;
  allNamespaces?: boolean;
  output: string;
  selector?: string;
  watch?: boolean;
}

export function registerGetCommand(program: Command): void {
  const command = program
    .command('get')
    .description('list the objects of a kind, or show one')
    .argument(
      '<kind>',
      `kind, plural or short name: ${SERVED_KINDS.map((kind) => namesOf(kind)[0]).join(', ')}`,
    )
    .argument('[name]', 'one object')
    .option('-A, --all-namespaces', 'list across every namespace')
    .option('-o, --output <format>', 'table, wide, yaml or json', 'table')
    .option('-l, --selector <selector>', 'label selector, e.g. tier=gold,env in (a,b)')
    .option('-w, --watch', 'after listing, print every change until Ctrl-C')
    .action(async (kindName: string, name: string | undefined, flags: GetFlags) => {
      const kind = resolveKind(kindName);
      const format = parseOutputFormat(flags.output);
      const allNamespaces = flags.allNamespaces === true && name === undefined;
      const namespace = allNamespaces ? undefined : namespaceFor(kind, flags);
      const list: ListOptions = {
        ...(namespace ? { namespace } : {}),
        ...(flags.selector ? { labelSelector: flags.selector } : {}),
      };
      await withApiSession(flags, async (session) => {
        const options = { kind, format, allNamespaces, nowMs: session.clock.nowMs() };
        if (flags.watch) await watchObjects(session, { ...options, list, name });
        else if (name !== undefined)
          write(formatObject(await session.resources.get(kind.kind, name, namespace), options));
        else printList((await session.resources.list(kind.kind, list)).items, options, namespace);
      });
    });
  addNamespaceOption(command);
  addConnectionOptions(command);
}

function printList(
  items: readonly AnyResource[],
  options: FormatOptions,
  namespace: string | undefined,
): void {
  const text = formatList(items, options);
  if (text) write(text);
  else
    process.stderr.write(
      `No ${options.kind.plural} found${namespace ? ` in namespace ${namespace}` : ''}.\n`,
    );
}

/** Lists (or gets one object), prints it, then prints each change until Ctrl-C. */
async function watchObjects(
  session: ApiSession,
  options: FormatOptions & { list: ListOptions; name: string | undefined },
): Promise<void> {
  const { kind, name, list } = options;
  const client = session.resources;
  const listed = await client.list(kind.kind, name === undefined ? list : { ...list, limit: 1 });
  // For one object the list only fixes the revision; the get may be newer (printed twice, never missed).
  const initial =
    name === undefined ? listed.items : [await client.get(kind.kind, name, list.namespace)];
  const selector = parseLabelSelector(list.labelSelector);
  const printer = new WatchPrinter({ ...options, write });
  printer.printInitial(initial, session.clock.nowMs());
  const interrupt = interruptSignal();
  try {
    await followChanges({
      client,
      kind,
      list,
      sinceRevision: listed.revision,
      signal: interrupt.signal,
      onChange: (object) => {
        const named = name === undefined || object.metadata.name === name;
        if (named && matchesLabelSelector(selector, object.metadata.labels))
          printer.printChange(object, session.clock.nowMs());
      },
    });
  } finally {
    interrupt.dispose();
  }
}

function write(text: string): void {
  process.stdout.write(text);
}
