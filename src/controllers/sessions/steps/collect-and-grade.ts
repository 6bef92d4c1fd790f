/**
 * Collect-and-grade (SPEC.md "LabletSession", external-apis.md §3): steps `grading-session`
 * (the engine's session, its id the LCM session's uid so a retry finds it), `collect-configs`
 * (every node's configuration read through the CML API and handed to the engine as the pod) and
 * `start-grading` (the engine grades; its result arrives as a `grading.session.completed` or
 * `.failed` CloudEvent, which the API's event ingest turns into a ScoreReport and `Graded`).
 */
import { hasReason } from '../../../errors/index.js';
import type { GradingPodDevice } from '../../../providers/grading/grading-client.js';
import { statusOf, type SessionStepContext } from '../session-step-context.js';
import type { StepOutcome } from '../step-runner.js';
import { cmlOf } from './step-objects.js';

export const GRADING_STEPS = ['grading-session', 'collect-configs', 'start-grading'] as const;

/** The engine's part ids need at least 3 characters. */
function partIdOf(ctx: SessionStepContext): string {
  const spec = ctx.definition?.spec;
  return spec?.lds?.formQualifiedName ?? `${spec?.family ?? 'lab'}-${spec?.version ?? '1'}`;
}

export function gradingIdOf(ctx: SessionStepContext): string {
  return ctx.session.metadata.uid ?? ctx.key;
}

export async function createGradingSession(ctx: SessionStepContext): Promise<StepOutcome> {
  const id = gradingIdOf(ctx);
  const status = statusOf(ctx);
  const ldsId = status.access?.ldsSessionId;
  try {
    await ctx.providers.grading.createSession({
      id,
      candidateId: ctx.session.spec.owner.userId.padEnd(3, '_'),
      ...(ldsId ? { lds: { id: ldsId, environment: 'lcm' } } : {}),
      parts: [{ id: partIdOf(ctx) }],
    });
  } catch (error) {
    // The engine answers Conflict for an id it has: created by an earlier attempt or grading.
    if (!hasReason(error, 'Conflict')) throw error;
  }
  await ctx.save({
    ...status,
    grading: { phase: 'Collecting', gradingSessionId: id },
  });
  return 'Completed';
}

export async function collectConfigs(ctx: SessionStepContext): Promise<StepOutcome> {
  const status = statusOf(ctx);
  const nodes = await cmlOf(ctx).listNodes(status.cmlLabId ?? '');
  const ports = status.ports ?? [];
  const devices: GradingPodDevice[] = nodes.map((node) => {
    const port = ports.find((p) => p.device === node.label);
    return {
      label: node.label,
      hostname: node.label,
      collector: 'lcm',
      interfaces: [
        {
          name: 'console',
          protocol: port?.protocol ?? 'console',
          host: port?.host ?? 'localhost',
          port: port?.port ?? 0,
          authentication: { scheme: 'none', properties: {} },
          configuration: { collectedConfig: configText(node.configuration) },
        },
      ],
    };
  });
  await ctx.providers.grading.assignPod({
    sessionId: gradingIdOf(ctx),
    partId: partIdOf(ctx),
    pod: { id: status.lab ?? ctx.key, devices },
  });
  return 'Completed';
}

export async function startGrading(ctx: SessionStepContext): Promise<StepOutcome> {
  try {
    await ctx.providers.grading.gradePart({
      sessionId: gradingIdOf(ctx),
      partId: partIdOf(ctx),
      recollect: true,
    });
  } catch (error) {
    // Conflict: grading is already running (an earlier attempt started it).
    if (!hasReason(error, 'Conflict')) throw error;
  }
  return 'Completed';
}

/**
 * A node's configuration as one text: CML gives a string, or (2.5+) a list of named files
 * `[{ name, content }]`, whose contents are joined.
 */
export function configText(configuration: unknown): string {
  if (typeof configuration === 'string') return configuration;
  if (!Array.isArray(configuration)) return '';
  return configuration
    .map((file: unknown) =>
      typeof file === 'object' &&
      file !== null &&
      'content' in file &&
      typeof file.content === 'string'
        ? file.content
        : '',
    )
    .filter(Boolean)
    .join('\n');
}
