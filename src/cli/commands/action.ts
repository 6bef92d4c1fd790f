/**
 * The action verbs — `lcm stop session s1`, `lcm drain worker w1`, `lcm extend session s1 --end +30m`
 * … — one command per action name the API serves (api/actions), each `POST {object}/{action}`.
 */
import type { Command } from 'commander';
import { ACTIONS } from '../../api/actions/index.js';
import { InvalidError } from '../../errors/index.js';
import type { AnyResource } from '../../resources/index.js';
import {
  addConnectionOptions,
  objectPath,
  withApiSession,
  type ConnectionFlags,
} from '../api-session.js';
import { namesOf, objectRef, resolveKind, SERVED_KINDS } from '../kind-aliases.js';
import { addNamespaceOption, DEFAULT_NAMESPACE } from '../namespace-option.js';
import { parseTimeOrOffset } from '../parse-duration.js';

interface ActionFlags extends ConnectionFlags {
  namespace?: string;
  end?: string;
}

/** The body of each action that takes one, from its flags. */
const BODIES: Readonly<
  Record<string, (flags: ActionFlags, nowMs: number) => Record<string, unknown>>
> = {
  extend: (flags, nowMs) => ({ end: parseTimeOrOffset(flags.end ?? '', nowMs, '--end') }),
};

export function registerActionCommands(program: Command): void {
  const kindsByAction = new Map<string, string[]>();
  for (const action of ACTIONS)
    kindsByAction.set(action.name, [...(kindsByAction.get(action.name) ?? []), action.kind]);
  for (const [name, kinds] of kindsByAction) {
    const summary = ACTIONS.filter((action) => action.name === name)
      .map((action) => `${displayName(action.kind)}: ${action.summary}`)
      .join('; ');
    const command = program
      .command(name)
      .description(summary)
      .argument('<kind>', kinds.map(displayName).join(' or '))
      .argument('<name>')
      .action(async (kindName: string, objectName: string, flags: ActionFlags) => {
        await runAction(name, kinds, kindName, objectName, flags);
      });
    if (name === 'extend')
      command.requiredOption(
        '--end <time>',
        'the new end: an RFC 3339 time or +<duration> (e.g. +30m)',
      );
    addNamespaceOption(command);
    addConnectionOptions(command);
  }
}

async function runAction(
  name: string,
  kinds: readonly string[],
  kindName: string,
  objectName: string,
  flags: ActionFlags,
): Promise<void> {
  const kind = resolveKind(kindName);
  if (!kinds.includes(kind.kind))
    throw new InvalidError(
      `\`lcm ${name}\` applies to ${kinds.map(displayName).join(' and ')}, not ${kindName}`,
      {
        details: { field: 'kind' },
      },
    );
  await withApiSession(flags, async (session) => {
    const body = BODIES[name]?.(flags, session.clock.nowMs()) ?? {};
    const path = `${objectPath(kind, objectName, flags.namespace ?? DEFAULT_NAMESPACE)}/${name}`;
    await session.call<AnyResource>('POST', path, body);
    const detail = Object.entries(body)
      .map(([key, value]) => ` (${key} ${String(value)})`)
      .join('');
    process.stdout.write(`${objectRef(kind.kind, objectName)}: ${name} requested${detail}\n`);
  });
}

/** `session` for LabletSession: the first short name, singular. */
function displayName(kind: string): string {
  const served = SERVED_KINDS.find((known) => known.kind === kind);
  return (served ? namesOf(served)[0] : kind.toLowerCase())?.replace(/s$/, '') ?? kind;
}
