import { HTTP } from 'cloudevents';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResourceClient, StoreOp } from '../../client/resource-client.js';
import { SystemClock } from '../../clock/index.js';
import { hasReason } from '../../errors/index.js';
import { createSilentLogger } from '../../observability/index.js';
import { startApiWorld, type ApiWorld } from '../../../test/support/api-world.js';
import { aDefinition } from '../../../test/support/builders.js';
import { aSessionInPhase, anEvent } from '../../../test/support/cloud-events.js';
import { ingestEvent } from './ingest-event.js';
import { parseCloudEvent } from './parse-cloud-event.js';

let world: ApiWorld;
beforeEach(async () => {
  world = await startApiWorld();
  await world.local.create(aDefinition('ccna-1', { state: 'Active' }));
  await aSessionInPhase(world, 's1', 'Ready', {
    access: { phase: 'Provisioned', ldsSessionId: 'lds-1' },
  });
});
afterEach(async () => {
  await world.close();
});

/** A client whose next `racing` transactions lose a race: the session changes just before each. */
function racingClient(racing: number): Pick<ResourceClient, 'transact' | 'patch'> {
  let left = racing;
  return {
    transact: async (ops: readonly StoreOp[]) => {
      if (left-- > 0) {
        const session = await world.local.get('LabletSession', 's1', 'default');
        const labels = { ...session.metadata.labels, touched: String(left) };
        await world.local.update({ ...session, metadata: { ...session.metadata, labels } });
      }
      return world.local.transact(ops);
    },
    patch: (...args) => world.local.patch(...args),
  };
}

function ingest(client: Pick<ResourceClient, 'transact' | 'patch'>) {
  const message = HTTP.structured(anEvent('lds.session.started', { lds_session_id: 'lds-1' }));
  return ingestEvent({
    event: parseCloudEvent({ headers: message.headers, body: message.body as string }),
    client,
    reader: world.local,
    clock: new SystemClock(),
    actor: 'tests',
    log: createSilentLogger(),
  });
}

describe('ingestEvent', () => {
  it('re-reads the session and applies the event when a controller wrote it meanwhile', async () => {
    const result = await ingest(racingClient(2));
    expect(result.status).toBe('applied');
    const session = await world.local.get('LabletSession', 's1', 'default');
    expect(session.status?.phase).toBe('Running');
    expect(session.metadata.labels?.touched).toBe('0');
  });

  it('gives up with Unavailable (the sender retries) when the session keeps changing', async () => {
    const failure = await ingest(racingClient(100)).catch((error: unknown) => error);
    expect(hasReason(failure, 'Unavailable')).toBe(true);
    expect((await world.local.list('EventReceipt')).items).toHaveLength(0);
  });
});
