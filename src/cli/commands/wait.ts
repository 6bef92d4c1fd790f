/**
 * `lcm wait <kind>/<name> --for phase=Ready`: follows the object until it gets there (exit 0), can
 * no longer get there or is deleted (1), or the timeout passes (6), showing progress on stderr.
 */
import type { Command } from 'commander';
import { InvalidError } from '../../errors/index.js';
import type { AnyResource, KindDefinition } from '../../resources/index.js';
import {
  addConnectionOptions,
  withApiSession,
  type ApiSession,
  type ConnectionFlags,
} from '../api-session.js';
import { CommandFailedError, EXIT_CODES } from '../exit-codes.js';
import { followChanges, interruptSignal } from '../follow-changes.js';
import { objectRef, resolveKind } from '../kind-aliases.js';
import { addNamespaceOption, namespaceFor } from '../namespace-option.js';
import { WaitProgress } from '../output/wait-progress.js';
import { parseDuration } from '../parse-duration.js';
import {
  evaluateWait,
  observedValue,
  parseWaitTarget,
  type WaitState,
  type WaitTarget,
} from '../wait-target.js';

interface WaitFlags extends ConnectionFlags {
  namespace?: string;
  for: string;
  timeout: string;
}

interface WaitRequest {
  kind: KindDefinition;
  name: string;
  namespace: string | undefined;
  target: WaitTarget;
  timeoutMs: number;
}

type Outcome = WaitState | { state: 'deleted' } | { state: 'timeout' } | { state: 'interrupted' };

export function registerWaitCommand(program: Command): void {
  const command = program
    .command('wait')
    .description('wait until an object reaches a phase or condition')
    .argument('<object>', '<kind>/<name>, e.g. session/s1')
    .requiredOption(
      '--for <target>',
      'phase=<Phase> or condition=<Type>[=<Status>] (default status True)',
    )
    .option('--timeout <duration>', 'give up after this long, e.g. 90s, 10m, 1h', '10m')
    .action(async (ref: string, flags: WaitFlags) => {
      const [kindName = '', name = ''] = ref.split('/');
      if (!kindName || !name || ref.split('/').length !== 2)
        throw new InvalidError(`"${ref}" is not <kind>/<name> (e.g. session/s1)`, {
          details: { field: 'object' },
        });
      const kind = resolveKind(kindName);
      const request: WaitRequest = {
        kind,
        name,
        namespace: namespaceFor(kind, flags),
        target: parseWaitTarget(flags.for, kind.kind),
        timeoutMs: parseDuration(flags.timeout, '--timeout'),
      };
      await withApiSession(flags, (session) => waitForObject(session, request));
    });
  addNamespaceOption(command);
  addConnectionOptions(command);
}

async function waitForObject(session: ApiSession, request: WaitRequest): Promise<void> {
  const { kind, name, namespace, target } = request;
  const client = session.resources;
  const list = namespace ? { namespace } : {};
  // The list fixes the revision to follow from; the object read after it is at least as new.
  const { revision } = await client.list(kind.kind, { ...list, limit: 1 });
  const ref = objectRef(kind.kind, name);
  const progress = new WaitProgress({
    goal: `${ref} ${target.text}`,
    tty: process.stderr.isTTY,
    write: (text) => process.stderr.write(text),
    clock: session.clock,
  });
  const consider = (object: AnyResource): Outcome => {
    progress.update(`${target.type} ${observedValue(target, object)}`);
    return evaluateWait(target, object);
  };
  let outcome: Outcome;
  try {
    outcome = consider(await client.get(kind.kind, name, namespace));
    if (outcome.state === 'pending')
      outcome = await followUntilDone(session, request, consider, revision);
  } finally {
    progress.stop();
  }
  report(outcome, request, progress);
}

/** Follows the object's changes until `consider` says it is done, the timeout passes or Ctrl-C. */
async function followUntilDone(
  session: ApiSession,
  request: WaitRequest,
  consider: (object: AnyResource) => Outcome,
  sinceRevision: number,
): Promise<Outcome> {
  const result: { outcome: Outcome } = { outcome: { state: 'pending' } };
  const done = new AbortController();
  const finish = (outcome: Outcome): void => {
    result.outcome = outcome;
    done.abort();
  };
  const interrupt = interruptSignal();
  interrupt.signal.addEventListener('abort', () => finish({ state: 'interrupted' }));
  const timer = session.clock.setTimer(request.timeoutMs, () => finish({ state: 'timeout' }));
  try {
    await followChanges({
      client: session.resources,
      kind: request.kind,
      list: request.namespace ? { namespace: request.namespace } : {},
      sinceRevision,
      signal: done.signal,
      onChange: (object, type) => {
        if (object.metadata.name !== request.name) return;
        const outcome = type === 'DELETED' ? { state: 'deleted' as const } : consider(object);
        if (outcome.state !== 'pending') finish(outcome);
      },
    });
  } finally {
    timer.cancel();
    interrupt.dispose();
  }
  return result.outcome;
}

function report(outcome: Outcome, request: WaitRequest, progress: WaitProgress): void {
  const ref = objectRef(request.kind.kind, request.name);
  const goal = request.target.text;
  switch (outcome.state) {
    case 'met':
      process.stdout.write(`${ref} ${goal} reached after ${progress.elapsed()}\n`);
      return;
    case 'unreachable':
      throw new CommandFailedError(`${ref} will not reach ${goal}: ${outcome.reason}`);
    case 'deleted':
      throw new CommandFailedError(`${ref} was deleted while waiting for ${goal}`);
    case 'timeout':
      throw new CommandFailedError(
        `timed out after ${progress.elapsed()} waiting for ${ref} ${goal} (now ${progress.current()})`,
        EXIT_CODES.timeout,
      );
    case 'interrupted':
      throw new CommandFailedError('interrupted', EXIT_CODES.interrupted);
    case 'pending':
      throw new Error('wait ended while pending');
  }
}
