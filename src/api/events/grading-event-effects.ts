/**
 * What grading events do to their session (SPEC.md "Events"): a completed grade becomes a
 * ScoreReport and the session Graded; a failed one faults the grading and stops the session.
 */
import { API_VERSION, type AnyResource } from '../../resources/index.js';
import type { LabletSessionStatus } from '../../resources/kinds/lablet-session.js';
import type { ScoreReport } from '../../resources/kinds/score-report.js';
import {
  movedTo,
  sessionKey,
  statusWrite,
  type EffectContext,
  type EventHandler,
} from './event-effect.js';
import { stringsOf, type SessionMatch } from './find-session.js';
import { parseGradingResult, type GradingResult } from './grading-result.js';
import { isRecord, type IncomingEvent } from './parse-cloud-event.js';

type Grading = NonNullable<LabletSessionStatus['grading']>;

/** By the grading session id LCM recorded, else by the LCM session the event names. */
function gradingMatch(event: IncomingEvent): SessionMatch {
  const { data } = event;
  return {
    describe: 'grading session id',
    ids: stringsOf(data.grading_session_id, data.gradingSessionId, event.subject),
    recordedId: (session) => session.status?.grading?.gradingSessionId,
    names: stringsOf(data.lablet_session_id, data.session_id),
  };
}

function gradingIdOf(event: IncomingEvent): string | undefined {
  return stringsOf(event.data.grading_session_id, event.data.gradingSessionId)[0];
}

export const GRADING_COMPLETED: EventHandler = {
  check: (event) => void parseGradingResult(event.data),
  matchOf: gradingMatch,
  async plan(context) {
    const { session, event } = context;
    const status: LabletSessionStatus = session.status ?? {};
    const grading = status.grading;
    const gradingId = gradingIdOf(event) ?? grading?.gradingSessionId;
    const key = sessionKey(session);
    // The engine may report one grading run twice under different event ids.
    if (
      grading?.phase === 'Submitted' &&
      grading.scoreReport &&
      grading.gradingSessionId === gradingId
    )
      return { summary: `${key}: already graded in ScoreReport ${grading.scoreReport}`, ops: [] };
    const result = parseGradingResult(event.data);
    const report = scoreReportFor(context, await nextReportName(context), result);
    const submitted: LabletSessionStatus = {
      ...status,
      grading: {
        ...withoutError(grading),
        phase: 'Submitted',
        scoreReport: report.metadata.name,
        ...(gradingId === undefined ? {} : { gradingSessionId: gradingId }),
      },
    };
    const graded = movedTo(submitted, 'Graded', context, 'GradingCompleted');
    const phase = status.phase ?? 'Pending';
    const outcome = `score ${result.score}/${result.maxScore}, ${result.passed ? 'passed' : 'not passed'}`;
    return {
      summary: `ScoreReport ${report.metadata.namespace ?? ''}/${report.metadata.name} created (${outcome}); ${key}: ${graded ? `${phase} → Graded` : `stays ${phase} (cannot move to Graded)`}`,
      ops: [
        { op: 'create', object: report as unknown as AnyResource },
        statusWrite(session, graded ?? submitted),
      ],
    };
  },
};

export const GRADING_FAILED: EventHandler = {
  matchOf: gradingMatch,
  async plan(context) {
    const { session, event } = context;
    const status: LabletSessionStatus = session.status ?? {};
    const reason = failureReasonOf(event.data);
    const gradingId = gradingIdOf(event) ?? status.grading?.gradingSessionId;
    const faulted: LabletSessionStatus = {
      ...status,
      grading: {
        ...status.grading,
        phase: 'Faulted',
        error: reason,
        ...(gradingId === undefined ? {} : { gradingSessionId: gradingId }),
      },
    };
    const stopping = movedTo(faulted, 'Stopping', context, 'GradingFailed');
    const phase = status.phase ?? 'Pending';
    return {
      summary: `${sessionKey(session)}: grading Faulted; ${stopping ? `${phase} → Stopping` : `stays ${phase}`} (${reason})`,
      ops: [statusWrite(session, stopping ? { ...stopping, message: reason } : faulted)],
    };
  },
};

function scoreReportFor(context: EffectContext, name: string, result: GradingResult): ScoreReport {
  const { session, event, now } = context;
  const time = event.time === undefined ? Number.NaN : Date.parse(event.time);
  return {
    apiVersion: API_VERSION,
    kind: 'ScoreReport',
    metadata: { name, namespace: session.metadata.namespace ?? 'default' },
    spec: {
      session: session.metadata.name,
      owner: { userId: session.spec.owner.userId },
      ...result,
      submittedAt: (Number.isNaN(time) ? now : new Date(time)).toISOString(),
    },
  };
}

/** `<session>-<n>`, one past the highest n in use in the namespace (a re-grade adds a report). */
async function nextReportName(context: EffectContext): Promise<string> {
  const { name, namespace = 'default' } = context.session.metadata;
  const { items } = await context.reader.list('ScoreReport', { namespace });
  const numbers = items
    .map((report) => report.metadata.name)
    .filter((reportName) => reportName.startsWith(`${name}-`))
    .map((reportName) => Number(reportName.slice(name.length + 1)))
    .filter((n) => Number.isSafeInteger(n) && n > 0);
  return `${name}-${Math.max(0, ...numbers) + 1}`;
}

function withoutError(grading: Grading | undefined): Partial<Grading> {
  if (!grading) return {};
  const { error: _error, ...rest } = grading;
  return rest;
}

function failureReasonOf(data: Record<string, unknown>): string {
  const nested = isRecord(data.error) ? data.error.message : undefined;
  return (
    stringsOf(data.reason, data.error, data.error_message, data.message, nested)[0] ??
    'the grading engine reported a failure without a reason'
  );
}
