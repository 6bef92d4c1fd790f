/**
 * Real PostgreSQL for tests: connects with DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres.
 * Each test file gets its own database (LISTEN/NOTIFY channels are per database, so one file's
 * commits never wake another's watchers), dropped afterwards. Without a server the tests are skipped
 * with a printed reason — except when CI=true, where they fail.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const POSTGRES_ADMIN_URL =
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function postgresAvailable(): Promise<{ available: boolean; reason?: string }> {
  const client = new pg.Client({
    connectionString: POSTGRES_ADMIN_URL,
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    return { available: true };
  } catch (error) {
    const reason = `no PostgreSQL at ${redact(POSTGRES_ADMIN_URL)}: ${(error as Error).message}`;
    if (process.env.CI === 'true')
      throw new Error(`${reason} (CI=true: PostgreSQL tests must run)`);
    console.warn(`Skipping PostgreSQL tests: ${reason}`);
    return { available: false, reason };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates an empty database; returns its URL and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `lcm_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
