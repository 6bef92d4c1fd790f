/**
 * Test support: wait on state, never on time (STYLE.md 3.7). Belongs in test/support/wait-for.ts,
 * which does not exist yet; it lives here until then.
 */

export interface WaitForOptions {
  /** Real milliseconds before giving up; a safety net, not a timing assumption. @default 10_000 */
  timeoutMs?: number;
  /** Named in the timeout error. */
  description?: string;
}

/** Resolves once `predicate` is true, checking after every turn of the event loop. */
export async function waitFor(
  predicate: () => boolean,
  options: WaitForOptions = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  while (!predicate()) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${options.description ?? 'a condition'}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
