/**
 * A bounded poll for tests of asynchronous delivery: waits on state (never on a fixed sleep) and
 * fails with a message naming what it waited for.
 */

export interface PollUntilOptions {
  /** Give up after this much real time. @default 5_000 */
  timeoutMs?: number;
  /** Pause between checks. @default 5 */
  intervalMs?: number;
  /** What is awaited, for the timeout message. @default 'condition' */
  what?: string;
}

/** Resolves as soon as `predicate()` is true; rejects after `timeoutMs`. */
export async function pollUntil(
  predicate: () => boolean,
  options: PollUntilOptions = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  while (!predicate()) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${options.what ?? 'condition'}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 5));
  }
}
