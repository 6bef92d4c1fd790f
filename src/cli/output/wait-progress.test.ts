/** `lcm wait` progress: a line per change off a terminal; one line redrawn each second on a terminal. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import { WaitProgress } from './wait-progress.js';

function progressOn(tty: boolean) {
  const clock = new ManualClock();
  let output = '';
  const progress = new WaitProgress({
    goal: 'labletsession/s1 phase=Ready',
    tty,
    clock,
    write: (text) => (output += text),
  });
  return { clock, progress, output: () => output };
}

describe('WaitProgress', () => {
  it('writes one line per change when not on a terminal, ignoring repeats', async () => {
    const { clock, progress, output } = progressOn(false);

    progress.update('phase Pending');
    await clock.advance(5000);
    progress.update('phase Pending');
    progress.update('phase Scheduled');
    progress.stop();

    expect(output()).toBe(
      'waiting for labletsession/s1 phase=Ready: phase Pending (0s)\n' +
        'waiting for labletsession/s1 phase=Ready: phase Scheduled (5s)\n',
    );
    expect(progress.current()).toBe('phase Scheduled');
  });

  it('redraws the line in place every second on a terminal and ends it on stop', async () => {
    const { clock, progress, output } = progressOn(true);

    progress.update('phase Pending');
    await clock.advance(2000);
    progress.stop();
    await clock.advance(5000);

    expect(output().split('\r\u001b[2K')).toEqual([
      '',
      'waiting for labletsession/s1 phase=Ready: phase Pending (0s)',
      'waiting for labletsession/s1 phase=Ready: phase Pending (1s)',
      'waiting for labletsession/s1 phase=Ready: phase Pending (2s)\n',
    ]);
  });
});
