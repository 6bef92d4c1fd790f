import { describe, expect, it } from 'vitest';
import { hasRunBefore, labPhaseFromCml } from './lab-phase-from-cml.js';

describe('labPhaseFromCml', () => {
  it('maps the three CML lab states as SPEC.md says', () => {
    const phase = (state: 'DEFINED_ON_CORE' | 'STOPPED' | 'STARTED', converged = false) =>
      labPhaseFromCml({ state, converged, wasWiped: false });

    expect(phase('DEFINED_ON_CORE')).toBe('Defined');
    expect(phase('STOPPED')).toBe('Stopped');
    expect(phase('STARTED')).toBe('Starting');
    expect(phase('STARTED', true)).toBe('Booted');
  });

  it('reads DEFINED_ON_CORE as Wiped after a wipe, and STARTED with queued nodes as Queued', () => {
    expect(labPhaseFromCml({ state: 'DEFINED_ON_CORE', converged: false, wasWiped: true })).toBe(
      'Wiped',
    );
    expect(
      labPhaseFromCml({ state: 'STARTED', converged: false, wasWiped: false, nodesQueued: true }),
    ).toBe('Queued');
  });
});

describe('hasRunBefore', () => {
  it('is true once the record shows the lab started, stopped or wiped', () => {
    expect(hasRunBefore(undefined)).toBe(false);
    expect(hasRunBefore({ phase: 'Defined', history: [{ to: 'Importing', at: 'x' }] })).toBe(false);
    expect(hasRunBefore({ phase: 'Error', history: [{ to: 'Booted', at: 'x' }] })).toBe(true);
    expect(hasRunBefore({ phase: 'Wiped' })).toBe(true);
  });
});
