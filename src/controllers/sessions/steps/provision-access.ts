/**
 * Step `provision-access`: the student's LDS session (SPEC.md "LabletSession", external-apis.md
 * §2.4): created with the definition's form as its one part, its devices set (one port per
 * visible device, by the definition's preference, else vnc > http > https > ssh > serial >
 * telnet; host = the worker's address), and its launch URL read. Creating is not idempotent, so
 * the LDS id is saved at once; a retry continues with that session.
 */
import { buildLdsSessionCreate } from '../../../providers/lds/build-lds-session-create.js';
import type { LdsDevice } from '../../../providers/lds/lds-client.js';
import type { LabletSessionStatus } from '../../../resources/kinds/lablet-session.js';
import {
  chooseDeviceAccess,
  type PortTemplateEntry,
} from '../../../resources/topology/port-template.js';
import { statusOf, type SessionStepContext } from '../session-step-context.js';
import type { StepOutcome } from '../step-runner.js';
import { requireWorker } from './step-objects.js';

/** LCM sends one part per session; LDS numbers parts from 1. */
const PART = 1;

export async function provisionAccess(ctx: SessionStepContext): Promise<StepOutcome> {
  const definition = ctx.definition;
  const form = definition?.spec.lds?.formQualifiedName;
  if (!form) return 'Skipped';
  const region = requireWorker(ctx).spec.region;
  let status = statusOf(ctx);
  let sessionId = status.access?.ldsSessionId;
  if (!sessionId) {
    const created = await ctx.providers.lds.createSession({
      region,
      session: buildLdsSessionCreate({
        sessionName: ctx.session.metadata.name,
        formQualifiedName: form,
        scheduledAt: new Date(ctx.session.spec.timeslot?.start ?? ctx.clock.now()),
        ...(ctx.session.spec.owner.email ? { email: ctx.session.spec.owner.email } : {}),
      }),
    });
    sessionId = created.session_id;
    status = { ...status, access: { phase: 'Provisioning', ldsSessionId: sessionId } };
    await ctx.save(status);
  }
  const devices = visibleDevices(ctx, status);
  await ctx.providers.lds.setDevices({ region, sessionId, part: PART, devices });
  const loginUrl = await ctx.providers.lds.getLaunchUrl({ region, sessionId });
  const current = statusOf(ctx);
  // An LDS "started" event may already have made the access Active.
  const phase = current.access?.phase === 'Provisioning' ? 'Provisioned' : current.access?.phase;
  await ctx.save({
    ...current,
    access: {
      ...current.access,
      phase: phase ?? 'Provisioned',
      ldsSessionId: sessionId,
      ldsPartId: String(PART),
      loginUrl,
      devices: devices.map((d) => ({
        label: d.device_label,
        protocol: d.protocol,
        host: d.host,
        port: d.port ?? 0,
      })),
    },
  });
  return 'Completed';
}

/** One device per visible node: the chosen protocol's port of the session. */
function visibleDevices(ctx: SessionStepContext, status: LabletSessionStatus): LdsDevice[] {
  const template = (ctx.definition?.status?.portTemplate ?? []) as PortTemplateEntry[];
  const chosen = chooseDeviceAccess(template, ctx.definition?.spec.devices);
  const ports = new Map((status.ports ?? []).map((port) => [port.name, port]));
  return chosen.flatMap((entry) => {
    const port = ports.get(entry.name);
    return port
      ? [{ device_label: entry.device, protocol: port.protocol, host: port.host, port: port.port }]
      : [];
  });
}
