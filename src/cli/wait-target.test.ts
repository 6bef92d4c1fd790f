/** `--for` targets: parsing, met/pending, and "can no longer be reached" from the kind's phase table. */
import { describe, expect, it } from 'vitest';
import { aSession } from '../../test/support/builders.js';
import type { AnyResource } from '../resources/index.js';
import { evaluateWait, observedValue, parseWaitTarget } from './wait-target.js';

function inPhase(phase: string | undefined, conditions: unknown[] = []): AnyResource {
  return { ...aSession('s1'), status: { ...(phase ? { phase } : {}), conditions } };
}

describe('parseWaitTarget', () => {
  it('reads phase=… and condition=…[=status]', () => {
    expect(parseWaitTarget('phase=Ready', 'LabletSession')).toMatchObject({
      type: 'phase',
      phase: 'Ready',
    });
    expect(parseWaitTarget('condition=Ready', 'Worker')).toMatchObject({
      condition: 'Ready',
      status: 'True',
    });
    expect(parseWaitTarget('condition=Ready=False', 'Worker')).toMatchObject({ status: 'False' });
  });

  it.each(['phase=Readyy', 'phase=', 'ready', 'phase=Ready=x', 'condition='])(
    'refuses %j with Invalid on field for',
    (text) => {
      expect(() => parseWaitTarget(text, 'LabletSession')).toThrow(
        expect.objectContaining({ reason: 'Invalid', details: { field: 'for' } }),
      );
    },
  );
});

describe('evaluateWait', () => {
  const ready = parseWaitTarget('phase=Ready', 'LabletSession');

  it('is met in the phase and pending in a phase that leads there or without a phase', () => {
    expect(evaluateWait(ready, inPhase('Ready'))).toEqual({ state: 'met' });
    expect(evaluateWait(ready, inPhase('Pending'))).toEqual({ state: 'pending' });
    expect(evaluateWait(ready, inPhase('Instantiating'))).toEqual({ state: 'pending' });
    expect(evaluateWait(ready, inPhase(undefined))).toEqual({ state: 'pending' });
  });

  it('is unreachable from a phase whose successors never lead to the target', () => {
    for (const phase of ['Stopping', 'Running', 'Terminated'])
      expect(evaluateWait(ready, inPhase(phase))).toMatchObject({ state: 'unreachable' });
  });

  it('follows a condition status and shows what it observes', () => {
    const target = parseWaitTarget('condition=Valid', 'LabletSession');
    const valid = inPhase('Pending', [{ type: 'Valid', status: 'True', lastTransitionTime: 'x' }]);

    expect(evaluateWait(target, valid)).toEqual({ state: 'met' });
    expect(evaluateWait(target, inPhase('Pending'))).toEqual({ state: 'pending' });
    expect(observedValue(target, valid)).toBe('True');
    expect(observedValue(ready, inPhase(undefined))).toBe('<none>');
  });
});
