import { describe, expect, it } from 'vitest';
import { nextPhaseToward } from './next-phase-toward.js';

describe('nextPhaseToward', () => {
  it('moves straight to a phase the machine allows', () => {
    expect(nextPhaseToward('Pending', 'Provisioning')).toBe('Provisioning');
    expect(nextPhaseToward('Running', 'Terminated')).toBe('Terminated');
    expect(nextPhaseToward('Unknown', 'Stopped')).toBe('Stopped');
  });

  it('passes through the phases a skipped cloud state implies', () => {
    // Launched and found already running: it was provisioning.
    expect(nextPhaseToward('Pending', 'Starting')).toBe('Provisioning');
    // Stopped and started again between two looks.
    expect(nextPhaseToward('Running', 'Starting')).toBe('Stopping');
    expect(nextPhaseToward('Starting', 'Stopped')).toBe('Stopping');
  });

  it('never claims CML readiness (Running) on the way, and stays when nothing else leads there', () => {
    expect(nextPhaseToward('Starting', 'Terminating')).toBeUndefined();
    expect(nextPhaseToward('Terminated', 'Running')).toBeUndefined();
    expect(nextPhaseToward('Running', 'Running')).toBeUndefined();
  });
});
