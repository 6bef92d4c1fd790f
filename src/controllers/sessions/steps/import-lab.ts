/**
 * Step `import-lab`: imports the definition's topology into CML as the session's LabRecord
 * (title = the record's name) and records the CML lab id. Importing is not idempotent, so a
 * retry first looks for a lab with that title (among the labs no other LabRecord holds): a crash
 * between import and record never leaves a second lab behind.
 */
import { InvalidError } from '../../../errors/index.js';
import type { CmlClient } from '../../../providers/cml/cml-client.js';
import type { LabRecord } from '../../../resources/kinds/lab-record.js';
import { labInPhase, statusOp } from '../lab-records.js';
import { statusOf, type SessionStepContext } from '../session-step-context.js';
import type { StepOutcome } from '../step-runner.js';
import { cmlOf, requireLab } from './step-objects.js';

export async function importLab(
  ctx: SessionStepContext,
  previousAttempts: number,
): Promise<StepOutcome> {
  const lab = requireLab(ctx);
  const status = statusOf(ctx);
  if (lab.spec.cmlLabId) {
    if (status.cmlLabId === lab.spec.cmlLabId) return 'Skipped';
    await ctx.save({ ...status, cmlLabId: lab.spec.cmlLabId });
    return 'Completed';
  }
  const topology = ctx.definition?.spec.topology;
  if (!topology)
    throw new InvalidError(
      `definition ${ctx.session.spec.definition.name ?? ''} has no inline topology to import`,
      { details: { field: 'spec.topology' } },
    );
  const cml = cmlOf(ctx);
  const title = lab.metadata.name;
  const cmlLabId =
    (previousAttempts > 0 ? await findByTitle(cml, title, idsOfOtherLabs(ctx, lab)) : undefined) ??
    (await cml.importLab({ yaml: topology, title })).id;
  const [updated] = await ctx.write([
    { op: 'update', object: { ...lab, spec: { ...lab.spec, cmlLabId } } },
  ]);
  const defined = labInPhase(
    updated as unknown as LabRecord,
    'Defined',
    ctx.clock.now(),
    'Imported',
  );
  await ctx.save({ ...statusOf(ctx), cmlLabId }, [statusOp(defined)]);
  return 'Completed';
}

/**
 * CML lab ids other LabRecords of the worker hold: none of them is ours, so a retry reads only
 * the labs nobody recorded. Reading every lab on a busy worker (one call each) made a retry
 * likelier to fail than the import it repeats when CML errors now and then.
 */
function idsOfOtherLabs(ctx: SessionStepContext, lab: LabRecord): ReadonlySet<string> {
  const others = ctx.caches
    .labsOn(lab.spec.worker)
    .filter((l) => l.metadata.name !== lab.metadata.name);
  return new Set(others.flatMap((other) => (other.spec.cmlLabId ? [other.spec.cmlLabId] : [])));
}

async function findByTitle(
  cml: CmlClient,
  title: string,
  othersIds: ReadonlySet<string>,
): Promise<string | undefined> {
  for (const id of await cml.listLabs()) {
    if (othersIds.has(id)) continue;
    const lab = await cml.getLab(id);
    if (lab.lab_title === title) return id;
  }
  return undefined;
}
