/** Admission of the built-in kinds: defaults, schema errors, semantic rules and transitions, through the client. */
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/index.js';
import { LocalResourceClient } from '../client/local-client.js';
import type { AnyResource } from '../resources/index.js';
import { createKindRegistry } from '../resources/kinds/built-in-kinds.js';
import { CONFORMANCE_CONFIG } from '../store/conformance/conformance-helpers.js';
import { MemoryStore } from '../store/memory/memory-store.js';
import { aDefinition, aReservation, aSession, aTemplate } from '../../test/support/builders.js';
import { BuiltInAdmission } from './built-in-admission.js';

let client: LocalResourceClient;
let store: MemoryStore;
const clock = new ManualClock(Date.parse('2026-01-01T08:00:00Z'));

async function rejection(
  work: Promise<unknown>,
): Promise<{ reason: string; message: string; details?: { field?: string } }> {
  try {
    await work;
  } catch (error) {
    return error as { reason: string; message: string; details?: { field?: string } };
  }
  throw new Error('expected a rejection');
}

beforeEach(async () => {
  store = new MemoryStore({ registry: createKindRegistry(), clock, config: CONFORMANCE_CONFIG });
  client = new LocalResourceClient({ store, admission: new BuiltInAdmission({ clock }) });
  return () => store.close();
});

describe('schema validation and defaults', () => {
  it('fills documented defaults', async () => {
    const definition = await client.create(aDefinition('ccna-1'));
    expect(definition.spec).toMatchObject({
      maxDurationMinutes: 60,
      labReuse: true,
      state: 'Draft',
      licenseAffinity: [],
    });
    const template = await client.create(aTemplate('small'));
    expect(template.spec).toMatchObject({
      ports: { from: 2000, to: 9999 },
      startupSeconds: 1200,
      drainTimeoutSeconds: 14400,
      enabled: true,
    });
  });

  it.each([
    [{ bogus: 1 }, 'spec.bogus', /not a known field/],
    [
      { state: 'Live' },
      'spec.state',
      /must be one of Draft, Active, Inactive, Deprecated, Archived/,
    ],
    [{ maxDurationMinutes: 600 }, 'spec.maxDurationMinutes', /480/],
    [
      { devices: [{ label: 'r1', protocols: ['rdp'] }] },
      'spec.devices.0.protocols.0',
      /must be one of serial, vnc/,
    ],
  ])('rejects the definition spec %j naming %s', async (spec, field, message) => {
    const error = await rejection(client.create(aDefinition('d1', spec)));
    expect(error).toMatchObject({ reason: 'Invalid', details: { field } });
    expect(error.message).toMatch(message);
  });

  it('rejects a timestamp that is not RFC 3339', async () => {
    await client.create(aDefinition('ccna-1', { state: 'Active' }));
    const error = await rejection(
      client.create(
        aSession('s1', { timeslot: { start: 'tomorrow', end: '2026-01-01T10:00:00Z' } }),
      ),
    );
    expect(error).toMatchObject({ reason: 'Invalid', details: { field: 'spec.timeslot.start' } });
    expect(error.message).toMatch(/RFC 3339/);
  });
});

describe('LabletDefinition rules', () => {
  it('rejects a version that is not semver', async () => {
    const error = await rejection(client.create(aDefinition('d1', { version: 'v1' })));
    expect(error).toMatchObject({ reason: 'Invalid', details: { field: 'spec.version' } });
    expect(error.message).toMatch(/semantic version/);
  });

  it('rejects a second definition with the same family and version, also by editing a Draft', async () => {
    await client.create(aDefinition('d1'));
    const error = await rejection(client.create(aDefinition('d2')));
    expect(error).toMatchObject({ reason: 'Invalid', details: { field: 'spec.version' } });
    const draft = await client.create(aDefinition('d2', { version: '1.1.0' }));
    const edited = await rejection(
      client.update({ ...draft, spec: { ...draft.spec, version: '1.0.0' } }),
    );
    expect(edited).toMatchObject({ reason: 'Invalid', details: { field: 'spec.version' } });
    const renamed = await client.update({
      ...draft,
      spec: { ...draft.spec, displayName: 'same version, new name' },
    });
    expect(renamed.spec.version).toBe('1.1.0');
  });

  it('lets a Draft change freely but freezes the spec once Active, except state', async () => {
    const draft = await client.create(aDefinition('d1'));
    const edited = await client.update({
      ...draft,
      spec: { ...draft.spec, displayName: 'Renamed' },
    });
    const active = await client.update({ ...edited, spec: { ...edited.spec, state: 'Active' } });
    const error = await rejection(
      client.update({ ...active, spec: { ...active.spec, displayName: 'Again' } }),
    );
    expect(error).toMatchObject({ reason: 'Invalid', details: { field: 'spec.displayName' } });
    expect(error.message).toMatch(/new version/);
    const deprecated = await client.update({
      ...active,
      spec: { ...active.spec, state: 'Deprecated' },
    });
    expect(deprecated.spec.state).toBe('Deprecated');
  });

  it('allows only the state moves of the lifecycle', async () => {
    const active = await client.create(aDefinition('d1', { state: 'Active' }));
    const error = await rejection(
      client.update({ ...active, spec: { ...active.spec, state: 'Draft' } }),
    );
    expect(error).toMatchObject({ reason: 'Invalid', details: { field: 'spec.state' } });
    expect(error.message).toMatch(/may move to Inactive, Deprecated/);
  });

  it('fills resources from the topology estimate and checks the topology and devices', async () => {
    const definition = await client.create(aDefinition('d1'));
    expect(definition.spec.resources).toMatchObject({ nodes: 1 });
    expect((definition.spec.resources as { memoryMiB: number }).memoryMiB).toBeGreaterThan(0);
    const broken = await rejection(
      client.create(aDefinition('d2', { version: '2.0.0', topology: 'nodes: [ {' })),
    );
    expect(broken).toMatchObject({ reason: 'Invalid' });
    expect(broken.details?.field).toMatch(/^spec\.topology/);
    const ghost = await rejection(
      client.create(
        aDefinition('d3', { version: '3.0.0', devices: [{ label: 'ghost', protocols: ['ssh'] }] }),
      ),
    );
    expect(ghost.details?.field).toMatch(/^spec\.devices/);
    expect(ghost.message).toMatch(/ghost/);
  });

  it('needs a topology or an artifact, not both', async () => {
    const none = await rejection(client.create(aDefinition('d1', { topology: undefined })));
    expect(none).toMatchObject({ reason: 'Invalid', details: { field: 'spec.topology' } });
    const both = await rejection(
      client.create(aDefinition('d1', { artifact: { uri: 'https://example.com/lab.yaml' } })),
    );
    expect(both).toMatchObject({ reason: 'Invalid', details: { field: 'spec.artifact' } });
  });
});

describe('LabletSession rules', () => {
  it('pins the definition by name and defaults the timeslot to now + the maximum duration', async () => {
    await client.create(aDefinition('ccna-1', { state: 'Active', maxDurationMinutes: 90 }));
    const session = await client.create(aSession('s1'));
    expect(session.spec).toMatchObject({
      definition: { name: 'ccna-1', version: '1.0.0' },
      desiredState: 'Active',
      timeslot: { start: '2026-01-01T08:00:00.000Z', end: '2026-01-01T09:30:00.000Z' },
    });
    expect(session.status).toMatchObject({
      phase: 'Pending',
      history: [{ to: 'Pending', reason: 'Created' }],
    });
  });

  it('resolves family + semver range to the highest Active version', async () => {
    await client.create(aDefinition('ccna-1', { state: 'Active', version: '1.0.0' }));
    await client.create(aDefinition('ccna-2', { state: 'Active', version: '1.4.0' }));
    await client.create(aDefinition('ccna-3', { state: 'Draft', version: '1.9.0' }));
    await client.create(aDefinition('ccna-4', { state: 'Active', version: '2.0.0' }));
    const session = await client.create(
      aSession('s1', { definition: { family: 'ccna', version: '^1.0' } }),
    );
    expect(session.spec.definition).toEqual({ name: 'ccna-2', version: '1.4.0' });
  });

  it('refuses a definition that does not exist or is not Active', async () => {
    const missing = await rejection(client.create(aSession('s1')));
    expect(missing).toMatchObject({
      reason: 'Invalid',
      details: { field: 'spec.definition.name' },
    });
    await client.create(aDefinition('ccna-1'));
    const draft = await rejection(client.create(aSession('s1')));
    expect(draft.message).toMatch(/is Draft; only Active definitions take new sessions/);
    const noMatch = await rejection(
      client.create(aSession('s2', { definition: { family: 'ccna', version: '^3' } })),
    );
    expect(noMatch).toMatchObject({ reason: 'Invalid', details: { field: 'spec.definition' } });
  });

  it('rejects a timeslot that ends before it starts or runs past the maximum', async () => {
    await client.create(aDefinition('ccna-1', { state: 'Active' }));
    const backwards = await rejection(
      client.create(
        aSession('s1', {
          timeslot: { start: '2026-01-01T10:00:00Z', end: '2026-01-01T09:00:00Z' },
        }),
      ),
    );
    expect(backwards).toMatchObject({ reason: 'Invalid', details: { field: 'spec.timeslot.end' } });
    expect(backwards.message).toMatch(/must be after/);
    const tooLong = await rejection(
      client.create(
        aSession('s2', {
          timeslot: { start: '2026-01-01T10:00:00Z', end: '2026-01-01T12:00:00Z' },
        }),
      ),
    );
    expect(tooLong.message).toMatch(/maximum of 60 minutes/);
  });

  it('keeps the timeslot within the maximum on updates, and never removes it', async () => {
    await client.create(aDefinition('ccna-1', { state: 'Active' }));
    const session = await client.create(aSession('s1'));
    const timeslot = session.spec.timeslot as { start: string; end: string };
    const stretched = await rejection(
      client.update({
        ...session,
        spec: { ...session.spec, timeslot: { ...timeslot, end: '2026-01-11T08:00:00Z' } },
      }),
    );
    expect(stretched).toMatchObject({ reason: 'Invalid', details: { field: 'spec.timeslot.end' } });
    const { timeslot: _dropped, ...withoutTimeslot } = session.spec;
    const removed = await rejection(client.update({ ...session, spec: withoutTimeslot }));
    expect(removed).toMatchObject({ reason: 'Invalid', details: { field: 'spec.timeslot' } });
    const shortened = await client.update({
      ...session,
      spec: { ...session.spec, timeslot: { ...timeslot, end: '2026-01-01T08:30:00Z' } },
    });
    expect(shortened.spec.timeslot).toMatchObject({ end: '2026-01-01T08:30:00Z' });
  });

  it('keeps definition and owner fixed after creation', async () => {
    await client.create(aDefinition('ccna-1', { state: 'Active' }));
    const session = await client.create(aSession('s1'));
    const error = await rejection(
      client.update({ ...session, spec: { ...session.spec, owner: { userId: 'someone-else' } } }),
    );
    expect(error).toMatchObject({ reason: 'Invalid', details: { field: 'spec.owner' } });
    const repinned = await rejection(
      client.update({
        ...session,
        spec: { ...session.spec, definition: { name: 'ccna-1', version: '9.9.9' } },
      }),
    );
    expect(repinned).toMatchObject({ reason: 'Invalid', details: { field: 'spec.definition' } });
  });

  it('allows only the phase changes of the session table', async () => {
    await client.create(aDefinition('ccna-1', { state: 'Active' }));
    const session = await client.create(aSession('s1'));
    const error = await rejection(
      client.updateStatus({ ...session, status: { ...session.status, phase: 'Running' } }),
    );
    expect(error).toMatchObject({ reason: 'Invalid', details: { field: 'status.phase' } });
    expect(error.message).toMatch(
      /cannot move from Pending to Running; from Pending it may move to Scheduled, Terminated/,
    );
    const scheduled = await client.updateStatus({
      ...session,
      status: { ...session.status, phase: 'Scheduled' },
    });
    expect(scheduled.status?.phase).toBe('Scheduled');
  });
});

describe('other kinds', () => {
  it('keeps ScoreReports immutable', async () => {
    const report = await client.create({
      apiVersion: 'lcm/v1',
      kind: 'ScoreReport',
      metadata: { name: 'r1', namespace: 'default' },
      spec: {
        session: 's1',
        score: 8,
        maxScore: 10,
        passed: true,
        submittedAt: '2026-01-01T09:00:00Z',
      },
    });
    const error = await rejection(
      client.update({ ...report, spec: { ...report.spec, score: 10 } }),
    );
    expect(error).toMatchObject({ reason: 'Invalid', details: { field: 'spec' } });
    expect(error.message).toMatch(/immutable/);
    expect(
      (await rejection(client.updateStatus({ ...report, status: { phase: 'x' } }))).reason,
    ).toBe('Invalid');
  });

  it('creates a Worker only from an existing template, and never changes it', async () => {
    const worker = {
      apiVersion: 'lcm/v1',
      kind: 'Worker',
      metadata: { name: 'w1' },
      spec: { template: 'small', region: 'sim-1' },
    } as AnyResource;
    expect(await rejection(client.create(worker))).toMatchObject({
      reason: 'Invalid',
      details: { field: 'spec.template' },
    });
    await client.create(aTemplate('small'));
    await client.create(aTemplate('large'));
    const created = await client.create(worker);
    expect(created.spec).toMatchObject({
      desiredState: 'Running',
      unschedulable: false,
      idleDetection: true,
    });
    const moved = await rejection(
      client.update({ ...created, spec: { ...created.spec, template: 'large' } }),
    );
    expect(moved).toMatchObject({ reason: 'Invalid', details: { field: 'spec.template' } });
  });

  it('checks a template port range and its image', async () => {
    const ports = await rejection(
      client.create(aTemplate('t1', { ports: { from: 9000, to: 2000 } })),
    );
    expect(ports).toMatchObject({ reason: 'Invalid', details: { field: 'spec.ports.from' } });
    const image = await rejection(client.create(aTemplate('t2', { provider: 'aws' })));
    expect(image).toMatchObject({ reason: 'Invalid', details: { field: 'spec.image' } });
  });

  it('checks reservations: seats, times, a resolvable definition, forward-only state', async () => {
    await client.create(aDefinition('ccna-1', { state: 'Active' }));
    const noSeats = await rejection(client.create(aReservation('r1', { seatCount: undefined })));
    expect(noSeats).toMatchObject({ reason: 'Invalid', details: { field: 'spec.seats' } });
    const backwards = await rejection(
      client.create(aReservation('r1', { end: '2026-01-02T08:00:00Z' })),
    );
    expect(backwards).toMatchObject({ reason: 'Invalid', details: { field: 'spec.end' } });
    const reservation = await client.create(aReservation('r1'));
    expect(reservation.spec.definition).toEqual({ name: 'ccna-1', version: '1.0.0' });
    const cancelled = await client.update({
      ...reservation,
      spec: { ...reservation.spec, state: 'Cancelled' },
    });
    const error = await rejection(
      client.update({ ...cancelled, spec: { ...cancelled.spec, state: 'Confirmed' } }),
    );
    expect(error).toMatchObject({ reason: 'Invalid', details: { field: 'spec.state' } });
  });
});
