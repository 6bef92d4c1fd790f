import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LabletSession, SessionPhase } from '../../resources/kinds/lablet-session.js';
import type { ScoreReport } from '../../resources/kinds/score-report.js';
import { startApiWorld, type ApiWorld } from '../../../test/support/api-world.js';
import { aDefinition } from '../../../test/support/builders.js';
import { aSessionInPhase, anEvent, postEvent } from '../../../test/support/cloud-events.js';

let world: ApiWorld;
beforeEach(async () => {
  world = await startApiWorld();
  await world.local.create(aDefinition('ccna-1', { state: 'Active', grading: { cutScore: 70 } }));
});
afterEach(async () => {
  await world.close();
});

async function sessionIn(phase: SessionPhase, gradingSessionId = 'g-1'): Promise<void> {
  await aSessionInPhase(world, 's1', phase, { grading: { phase: 'Grading', gradingSessionId } });
}

async function stored(): Promise<LabletSession> {
  return (await world.local.get('LabletSession', 's1', 'default')) as unknown as LabletSession;
}

async function report(name: string): Promise<ScoreReport> {
  return (await world.local.get('ScoreReport', name, 'default')) as unknown as ScoreReport;
}

const completed = (gradingSessionId = 'g-1', extra: Record<string, unknown> = {}) =>
  anEvent('grading.session.completed', {
    grading_session_id: gradingSessionId,
    lablet_session_id: gradingSessionId,
    score: 80,
    max_score: 100,
    cut_score: 70,
    passed: true,
    sections: [{ name: 'routing', score: 80, max_score: 100 }],
    report_url: 'https://grading.example/sessions/g-1/score/view',
    ...extra,
  });

describe('grading.session.completed', () => {
  it('creates a ScoreReport owned by the student and moves the session to Graded', async () => {
    await sessionIn('Grading');
    const response = await postEvent(world, completed());
    expect(response.body.status).toBe('applied');
    expect((await report('s1-1')).spec).toMatchObject({
      session: 's1',
      owner: { userId: 'student-1' },
      score: 80,
      maxScore: 100,
      cutScore: 70,
      passed: true,
      sections: [{ name: 'routing', score: 80, maxScore: 100 }],
      reportUrl: 'https://grading.example/sessions/g-1/score/view',
    });
    expect((await stored()).status).toMatchObject({
      phase: 'Graded',
      grading: { phase: 'Submitted', scoreReport: 's1-1', gradingSessionId: 'g-1' },
    });
  });

  it('accepts the nested score shape and records a grade the phase cannot take yet', async () => {
    await sessionIn('Collecting');
    const event = anEvent('grading.session.completed', {
      grading_session_id: 'g-1',
      score: { total: 40, max: 100, breakdown: [{ criterion: 'ospf', points: 40, max: 100 }] },
      passed: false,
    });
    expect((await postEvent(world, event, { mode: 'binary' })).body.status).toBe('applied');
    expect((await report('s1-1')).spec).toMatchObject({
      score: 40,
      passed: false,
      sections: [{ name: 'ospf', score: 40, maxScore: 100 }],
    });
    expect((await stored()).status).toMatchObject({
      phase: 'Collecting',
      grading: { phase: 'Submitted', scoreReport: 's1-1' },
    });
  });

  it('numbers the reports of a re-grade and ignores a repeated report of one grading run', async () => {
    await sessionIn('Grading');
    await postEvent(world, completed('g-1'));
    await postEvent(world, completed('g-1'));
    expect((await world.local.list('ScoreReport')).items).toHaveLength(1);
    // The grading controller starts a second run.
    const graded = await world.local.get('LabletSession', 's1', 'default');
    await world.local.updateStatus({
      ...graded,
      status: {
        ...graded.status,
        phase: 'Collecting',
        grading: { phase: 'Grading', gradingSessionId: 'g-2' },
      },
    });
    await postEvent(world, completed('g-2'));
    expect((await report('s1-2')).spec.session).toBe('s1');
    expect((await stored()).status?.grading?.scoreReport).toBe('s1-2');
  });

  it('rejects a result without a score with 400, before looking for the session', async () => {
    const response = await postEvent(
      world,
      anEvent('grading.session.completed', { grading_session_id: 'g-404' }),
    );
    expect(response.status).toBe(400);
    expect(response.body.reason).toBe('BadRequest');
  });

  it('ignores a result for an unknown grading session', async () => {
    await sessionIn('Grading');
    const response = await postEvent(world, completed('g-other'));
    expect(response.status).toBe(202);
    expect(response.body.status).toBe('ignored');
    expect((await world.local.list('ScoreReport')).items).toHaveLength(0);
  });
});

describe('grading.session.failed', () => {
  const failed = anEvent('grading.session.failed', {
    grading_session_id: 'g-1',
    error: 'no pod with devices assigned',
  });

  it('faults the grading and stops the session with the reason', async () => {
    await sessionIn('Grading');
    await postEvent(world, failed);
    expect((await stored()).status).toMatchObject({
      phase: 'Stopping',
      message: 'no pod with devices assigned',
      grading: { phase: 'Faulted', error: 'no pod with devices assigned' },
    });
  });

  it('only faults the grading of a session that is already stopped', async () => {
    await sessionIn('Stopped');
    await postEvent(world, failed);
    expect((await stored()).status).toMatchObject({
      phase: 'Stopped',
      grading: { phase: 'Faulted' },
    });
  });
});
