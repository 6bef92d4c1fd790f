/**
 * Runs the real `lcm` binary (`node bin/lcm.js …`) as a child process with its own config folder,
 * so CLI tests exercise argument parsing, the stored login, stdout/stderr and exit codes for real.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait-for.js';

export interface LcmResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to stdin, which is then closed. @default nothing (stdin closed at once) */
  input?: string;
  env?: Record<string, string>;
}

/** A running `lcm` process: its output so far, and its end. */
export interface LcmProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once the output predicate holds (a safety timeout, not a timing assumption). */
  waitForOutput(
    predicate: (stdout: string, stderr: string) => boolean,
    description: string,
  ): Promise<void>;
  /** Resolves with the result once the process has exited. */
  exited: Promise<LcmResult>;
}

export interface LcmCli {
  /** LCM_CONFIG_DIR of every process this CLI starts. */
  configDir: string;
  run(args: readonly string[], options?: RunOptions): Promise<LcmResult>;
  start(args: readonly string[], options?: RunOptions): LcmProcess;
  /** Stops processes still running and removes the config folder. */
  close(): Promise<void>;
}

/** Variables that would point the CLI at something other than what the test chose. */
const CLEARED = ['LCM_API_URL', 'LCM_TOKEN', 'LCM_API_KEY', 'LCM_CONFIG'];

export async function createLcmCli(): Promise<LcmCli> {
  const configDir = await mkdtemp(join(tmpdir(), 'lcm-cli-'));
  const running = new Set<LcmProcess>();
  const baseEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !CLEARED.includes(name)),
  );
  const start = (args: readonly string[], options: RunOptions = {}): LcmProcess => {
    const child = spawn(process.execPath, ['bin/lcm.js', ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...baseEnv, LCM_CONFIG_DIR: configDir, LCM_LOG_LEVEL: 'silent', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end(options.input ?? '');
    const exited = new Promise<LcmResult>((resolve) =>
      child.once('close', (code) => resolve({ code, stdout, stderr })),
    );
    const process_: LcmProcess = {
      child,
      stdout: () => stdout,
      stderr: () => stderr,
      waitForOutput: (predicate, description) =>
        waitFor(() => predicate(stdout, stderr) || child.exitCode !== null, {
          timeoutMs: 60_000,
          intervalMs: 20,
          description,
        }).then(() => {
          if (!predicate(stdout, stderr))
            throw new Error(`lcm exited before ${description}: ${stderr}`);
        }),
      exited,
    };
    running.add(process_);
    void exited.then(() => running.delete(process_));
    return process_;
  };
  return {
    configDir,
    start,
    run: (args, options) => start(args, options).exited,
    async close() {
      for (const process_ of running) process_.child.kill('SIGKILL');
      await Promise.all([...running].map((process_) => process_.exited));
      await rm(configDir, { recursive: true, force: true });
    },
  };
}
