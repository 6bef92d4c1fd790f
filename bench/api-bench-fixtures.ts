/** What the API benchmark seeds (one Active definition, N sessions) and how it names them. */
import type { LocalResourceClient } from '../src/client/local-client.js';
import { aDefinition, aSession } from '../test/support/builders.js';

export const BENCH_DEFINITION = 'bench-definition';
const BATCH = 100;

export function benchSessionName(index: number): string {
  return `bench-s-${index}`;
}

/** A session of the seeded definition, owned by a student of its own. */
export function aBenchSession(name: string) {
  return aSession(name, { definition: { name: BENCH_DEFINITION }, owner: { userId: name } });
}

export async function seedBench(local: LocalResourceClient, sessions: number): Promise<void> {
  await local.create(aDefinition(BENCH_DEFINITION, { state: 'Active' }));
  for (let start = 0; start < sessions; start += BATCH) {
    const count = Math.min(BATCH, sessions - start);
    await local.transact(
      Array.from({ length: count }, (_, i) => ({
        op: 'create' as const,
        object: aBenchSession(benchSessionName(start + i)),
      })),
    );
  }
}
