import { describe, expect, it } from 'vitest';
import { API_VERSION, type AnyResource } from '../../resources/index.js';
import type { PhaseHistoryEntry } from '../../resources/kinds/phase-machine.js';
import { deriveFeedEvents, type ChangeEvent } from './derive-feed-events.js';
import { FeedMemory } from './feed-memory.js';
import { newHistoryEntries } from './new-history-entries.js';

const NOW = new Date('2026-11-25T10:00:00Z');

/** Each entry one minute after the previous one's phase (Pending at 09:00, the next at 09:01…). */
let minute = 0;
function entry(to: string, from?: string, reason?: string): PhaseHistoryEntry {
  minute += 1;
  return {
    ...(from ? { from } : {}),
    to,
    at: new Date(Date.parse('2026-11-25T09:00:00.000Z') + minute * 60_000).toISOString(),
    ...(reason ? { reason } : {}),
  };
}

function aSession(rv: number, history: PhaseHistoryEntry[], status = {}): AnyResource {
  return {
    apiVersion: API_VERSION,
    kind: 'LabletSession',
    metadata: { name: 's1', namespace: 'default', uid: 'u-s1', resourceVersion: String(rv) },
    spec: { definition: { name: 'ccna-1' }, owner: { userId: 'student-1' } },
    status: { phase: history.at(-1)?.to, history, ...status },
  };
}

function aWorker(rv: number, history: PhaseHistoryEntry[], labels = {}): AnyResource {
  return {
    apiVersion: API_VERSION,
    kind: 'Worker',
    metadata: { name: 'w1', uid: 'u-w1', resourceVersion: String(rv), labels },
    spec: { template: 'small', region: 'sim-1' },
    status: { phase: history.at(-1)?.to, history },
  };
}

function aDefinition(rv: number, state: string, phase?: string, generation = 1): AnyResource {
  return {
    apiVersion: API_VERSION,
    kind: 'LabletDefinition',
    metadata: {
      name: 'ccna-1',
      namespace: 'default',
      uid: 'u-d1',
      resourceVersion: String(rv),
      generation,
      creationTimestamp: '2026-11-25T08:00:00.000Z',
    },
    spec: { family: 'ccna', version: '1.0.0', displayName: 'CCNA', state },
    ...(phase ? { status: { phase } } : {}),
  };
}

function change(type: ChangeEvent['type'], object: AnyResource): ChangeEvent {
  return { type, revision: Number(object.metadata.resourceVersion), object };
}

const PENDING = entry('Pending', undefined, 'Created');
const SCHEDULED = entry('Scheduled', 'Pending', 'Bound');

describe('deriveFeedEvents', () => {
  it('turns a new session into one event per history entry, with stable ids and its fields', () => {
    const events = deriveFeedEvents(change('ADDED', aSession(3, [PENDING])), new FeedMemory(), NOW);
    expect(events).toEqual([
      {
        id: 'u-s1.0',
        type: 'ccm.lablet.session.pending',
        subject: 'default/s1',
        time: PENDING.at,
        revision: 3,
        data: {
          name: 's1',
          namespace: 'default',
          phase: 'Pending',
          reason: 'Created',
          definition: 'ccna-1',
          owner: 'student-1',
        },
      },
    ]);
  });

  it('emits only the phase change a modification added, and nothing for other status writes', () => {
    const memory = new FeedMemory();
    deriveFeedEvents(change('ADDED', aSession(3, [PENDING])), memory, NOW);
    const moved = deriveFeedEvents(
      change('MODIFIED', aSession(4, [PENDING, SCHEDULED], { worker: 'w1' })),
      memory,
      NOW,
    );
    const touched = deriveFeedEvents(
      change('MODIFIED', aSession(5, [PENDING, SCHEDULED], { message: 'still there' })),
      memory,
      NOW,
    );
    expect(moved).toMatchObject([
      {
        id: 'u-s1.1',
        type: 'ccm.lablet.session.scheduled',
        data: { phase: 'Scheduled', previousPhase: 'Pending', worker: 'w1' },
      },
    ]);
    expect(touched).toEqual([]);
  });

  it('knows objects seeded as of the resume revision, so their later writes are read exactly', () => {
    const memory = new FeedMemory();
    memory.seed([aSession(4, [PENDING, SCHEDULED])], 10);
    const touched = deriveFeedEvents(
      change('MODIFIED', aSession(11, [PENDING, SCHEDULED], { message: 'x' })),
      memory,
      NOW,
    );
    expect(touched).toEqual([]);
  });

  it('re-sends at most the latest phase event, with its original id, for an object first seen modified', () => {
    const events = deriveFeedEvents(
      change('MODIFIED', aSession(12, [PENDING, SCHEDULED])),
      new FeedMemory(),
      NOW,
    );
    expect(events.map((event) => event.id)).toEqual(['u-s1.1']);
  });

  it('forgets deleted objects and emits nothing for the deletion', () => {
    const memory = new FeedMemory();
    deriveFeedEvents(change('ADDED', aSession(3, [PENDING])), memory, NOW);
    expect(deriveFeedEvents(change('DELETED', aSession(4, [PENDING])), memory, NOW)).toEqual([]);
    expect(memory.get(aSession(4, [PENDING]))).toBeUndefined();
  });

  it('announces a scale-up worker on creation and a scale-down with its phase change', () => {
    const memory = new FeedMemory();
    const created = deriveFeedEvents(
      change('ADDED', aWorker(3, [PENDING], { 'lcm.io/scale-up': 'true' })),
      memory,
      NOW,
    );
    const running = [PENDING, entry('Provisioning', 'Pending'), entry('Running', 'Provisioning')];
    deriveFeedEvents(change('MODIFIED', aWorker(4, running.slice(0, 2))), memory, NOW);
    deriveFeedEvents(change('MODIFIED', aWorker(5, running)), memory, NOW);
    const draining = deriveFeedEvents(
      change(
        'MODIFIED',
        aWorker(6, [...running, entry('Draining', 'Running', 'ScaleDown: IdleTimeout')]),
      ),
      memory,
      NOW,
    );
    expect(created.map((event) => event.type)).toEqual([
      'ccm.worker.scaled.up',
      'ccm.worker.pending',
    ]);
    expect(created[0]).toMatchObject({ id: 'u-w1.scaled-up', subject: 'w1' });
    expect(draining).toMatchObject([
      { id: 'u-w1.3', type: 'ccm.worker.draining' },
      {
        id: 'u-w1.3.scaled-down',
        type: 'ccm.worker.scaled.down',
        data: { name: 'w1', region: 'sim-1', reason: 'IdleTimeout' },
      },
    ]);
  });

  it('does not call an operator drain a scale-down', () => {
    const running = [PENDING, entry('Running', 'Pending')];
    const memory = new FeedMemory();
    memory.seed([aWorker(4, running)], 4);
    const events = deriveFeedEvents(
      change('MODIFIED', aWorker(5, [...running, entry('Draining', 'Running', 'DrainRequested')])),
      memory,
      NOW,
    );
    expect(events.map((event) => event.type)).toEqual(['ccm.worker.draining']);
  });

  it('announces a definition created Active as created and activated', () => {
    const events = deriveFeedEvents(
      change('ADDED', aDefinition(3, 'Active')),
      new FeedMemory(),
      NOW,
    );
    expect(events).toMatchObject([
      { id: 'u-d1.created', type: 'ccm.lablet.definition.created', subject: 'default/ccna-1' },
      { id: 'u-d1.activated.1', type: 'ccm.lablet.definition.activated' },
    ]);
  });

  it('announces a definition state change once, whatever status writes follow it', () => {
    const memory = new FeedMemory();
    deriveFeedEvents(change('ADDED', aDefinition(3, 'Active')), memory, NOW);
    const mirrored = deriveFeedEvents(
      change('MODIFIED', aDefinition(4, 'Active', 'Active')),
      memory,
      NOW,
    );
    const deprecated = deriveFeedEvents(
      change('MODIFIED', aDefinition(5, 'Deprecated', 'Active', 2)),
      memory,
      NOW,
    );
    const mirroredAgain = deriveFeedEvents(
      change('MODIFIED', aDefinition(6, 'Deprecated', 'Deprecated', 2)),
      memory,
      NOW,
    );
    expect(mirrored).toEqual([]);
    expect(deprecated).toMatchObject([
      {
        id: 'u-d1.deprecated.2',
        type: 'ccm.lablet.definition.deprecated',
        data: { state: 'Deprecated' },
      },
    ]);
    expect(mirroredAgain).toEqual([]);
  });

  it('reads an unseen definition against the state its controller last mirrored', () => {
    const fresh = () => new FeedMemory();
    const activated = deriveFeedEvents(
      change('MODIFIED', aDefinition(9, 'Active', 'Draft', 2)),
      fresh(),
      NOW,
    );
    const unchanged = deriveFeedEvents(
      change('MODIFIED', aDefinition(9, 'Active', 'Active', 2)),
      fresh(),
      NOW,
    );
    expect(activated.map((event) => event.id)).toEqual(['u-d1.activated.2']);
    expect(unchanged).toEqual([]);
  });
});

describe('newHistoryEntries', () => {
  const session = (history: { to: string; at: string }[]) =>
    ({ kind: 'LabletSession', metadata: { name: 's1' }, spec: {}, status: { history } }) as never;

  it('sends both steps of a write that passed through a phase, for an object first seen', () => {
    const entries = newHistoryEntries(
      session([
        { to: 'Stopping', at: '2026-01-01T00:00:00.000Z' },
        { to: 'Stopped', at: '2026-01-01T00:00:01.000Z' },
        { to: 'Archived', at: '2026-01-01T00:00:02.000Z' },
        { to: 'Terminated', at: '2026-01-01T00:00:02.000Z' },
      ]),
      false,
      undefined,
    );
    expect(entries.map((e) => [e.index, e.entry.to])).toEqual([
      [2, 'Archived'],
      [3, 'Terminated'],
    ]);
  });

  it('sends only what is past the entries already covered', () => {
    const history = [
      { to: 'Pending', at: '2026-01-01T00:00:00.000Z' },
      { to: 'Scheduled', at: '2026-01-01T00:00:01.000Z' },
    ];
    expect(newHistoryEntries(session(history), false, 1).map((e) => e.entry.to)).toEqual([
      'Scheduled',
    ]);
  });
});
