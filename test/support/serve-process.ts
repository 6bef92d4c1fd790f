/**
 * `lcm serve` (test/support/crash-child.ts) as a child process that a test can SIGKILL and start
 * again on the same data folder: the crash test's process under test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

export interface ServeProcess {
  /** Starts the process and resolves with its URL once it serves. */
  start(): Promise<string>;
  /** SIGKILL: no shutdown hook runs, exactly like a crash. */
  kill(): Promise<void>;
  /** SIGTERM and wait (the end of the test). */
  stop(): Promise<void>;
  /** What the process wrote to stderr, for a failing test's message. */
  stderrTail(): string;
}

export function serveProcess(env: Record<string, string>): ServeProcess {
  let child: ChildProcess | undefined;
  let stderr = '';
  const exited = (process: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (process.exitCode !== null || process.signalCode !== null) resolve();
      else process.once('exit', () => resolve());
    });
  return {
    start() {
      const started = spawn(process.execPath, ['--import', 'tsx', CHILD], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      started.stderr.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-20_000);
      });
      return new Promise<string>((resolve, reject) => {
        let out = '';
        started.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /^ready (\S+)$/m.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        started.once('exit', (code, signal) =>
          reject(
            new Error(
              `lcm serve exited (${code ?? signal}) before it was ready:\n${stderr.slice(-3000)}`,
            ),
          ),
        );
      });
    },
    async kill() {
      if (!child) return;
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      if (!child) return;
      child.kill('SIGTERM');
      await exited(child);
    },
    stderrTail: () => stderr.slice(-3000),
  };
}

/** A port free now on loopback (the child listens on it across restarts). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
