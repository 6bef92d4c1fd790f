/**
 * Steps `tag-ports`, `start-lab` and `wait-converged`: the session's ports written into the CML
 * node tags (`protocol:port`; other tags kept, since CML replaces the whole list), the lab
 * started, and polled until every node is BOOTED. Each is idempotent: tags are compared before
 * writing, starting a started lab is a no-op in CML.
 */
import { parsePortTag } from '../../../resources/topology/port-template.js';
import type { LabRecord } from '../../../resources/kinds/lab-record.js';
import { labInPhase, statusOp } from '../lab-records.js';
import { statusOf, type SessionStepContext } from '../session-step-context.js';
import type { StepOutcome } from '../step-runner.js';
import { cmlOf, requireLab } from './step-objects.js';

export async function tagPorts(ctx: SessionStepContext): Promise<StepOutcome> {
  const status = statusOf(ctx);
  const ports = status.ports ?? [];
  if (ports.length === 0) return 'Skipped';
  const cml = cmlOf(ctx);
  const labId = status.cmlLabId ?? '';
  const byDevice = new Map<string, string[]>();
  for (const port of ports)
    byDevice.set(port.device, [
      ...(byDevice.get(port.device) ?? []),
      `${port.protocol}:${port.port}`,
    ]);
  for (const node of await cml.listNodes(labId)) {
    const portTags = byDevice.get(node.label) ?? [];
    const tags = [...node.tags.filter((tag) => !parsePortTag(tag)), ...portTags];
    if (tags.join('\n') !== node.tags.join('\n'))
      await cml.setNodeTags({ labId, nodeId: node.id, tags });
  }
  const lab = requireLab(ctx);
  const labPorts = ports.map(({ name, protocol, port }) => ({ name, protocol, port }));
  await ctx.save(status, [statusOp({ ...lab, status: { ...lab.status, ports: labPorts } })]);
  return 'Completed';
}

export async function startLab(ctx: SessionStepContext): Promise<StepOutcome> {
  const status = statusOf(ctx);
  await cmlOf(ctx).startLab(status.cmlLabId ?? '');
  const starting = labInPhase(requireLab(ctx), 'Starting', ctx.clock.now(), 'SessionStarting');
  await ctx.save(status, [statusOp(starting)]);
  return 'Completed';
}

export async function waitConverged(ctx: SessionStepContext): Promise<StepOutcome> {
  const status = statusOf(ctx);
  const converged = await cmlOf(ctx).checkIfConverged(status.cmlLabId ?? '');
  if (!converged) return { waitMs: ctx.timings.pollIntervalMs };
  const booted: LabRecord = labInPhase(requireLab(ctx), 'Booted', ctx.clock.now(), 'Converged');
  await ctx.save(status, [statusOp(booted)]);
  return 'Completed';
}
