/**
 * Fails a test that leaves sockets or child processes open behind it (open stores, servers,
 * LISTEN connections). Timers are not counted: Node and vitest keep some of their own.
 */
import { afterEach, beforeEach, expect } from 'vitest';

const WATCHED = new Set(['TCPSocketWrap', 'TCPServerWrap', 'ProcessWrap', 'PipeServerWrap']);
let baseline = 0;

function openHandles(): string[] {
  return process.getActiveResourcesInfo().filter((name) => WATCHED.has(name));
}

beforeEach(() => {
  baseline = openHandles().length;
});

afterEach(async () => {
  // Closing sockets completes asynchronously; give it a few turns of the event loop.
  for (let i = 0; i < 50 && openHandles().length > baseline; i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  const open = openHandles();
  expect(open.length, `the test left open handles: ${open.join(', ')}`).toBeLessThanOrEqual(
    baseline,
  );
});
