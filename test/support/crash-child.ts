/**
 * `lcm serve` as a child process for the crash test: configured from the environment like the
 * real command, on a ScaledClock whose origin the parent passes, so each restart continues the
 * same accelerated timeline. Prints `ready <url>` once it serves.
 */
import { startServe } from '../../src/app/serve.js';
import { ScaledClock } from '../../src/clock/index.js';
import { loadConfig } from '../../src/config/index.js';

const number = (name: string): number => {
  const value = Number(process.env[name]);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number`);
  return value;
};

const clock = new ScaledClock({
  factor: number('LCM_TEST_CLOCK_FACTOR'),
  originMs: number('LCM_TEST_CLOCK_ORIGIN'),
  realOriginMs: number('LCM_TEST_CLOCK_REAL_ORIGIN'),
});
const server = await startServe(loadConfig({ env: process.env }), undefined, { clock });
process.stdout.write(`ready ${server.url}\n`);
