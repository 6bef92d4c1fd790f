/** Wait on state, never on time (STYLE.md 3.7): resolves once a predicate holds, with a safety timeout. */

export interface WaitForOptions {
  /** Real milliseconds before giving up; a safety net, not a timing assumption. @default 10_000 */
  timeoutMs?: number;
  /** Pause between checks; every turn of the event loop when omitted. */
  intervalMs?: number;
  /** Named in the timeout error. */
  description?: string;
}

/** An async predicate (e.g. one that reads the store) is awaited on each check. */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  options: WaitForOptions = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const intervalMs = options.intervalMs;
  while (!(await predicate())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${options.description ?? 'a condition'}`);
    await new Promise<void>((resolve) =>
      intervalMs === undefined ? setImmediate(resolve) : setTimeout(resolve, intervalMs),
    );
  }
}
