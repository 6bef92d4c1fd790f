/**
 * cml-sim `GET /system_information` (no auth), `/system_stats` (numbers that follow the running
 * nodes) and `/system_health` (healthy, licensed per the licensing state).
 */
import type { FastifyInstance } from 'fastify';
import type {
  CmlSystemHealth,
  CmlSystemInformation,
  CmlSystemStats,
} from '../../../providers/cml/cml-wire-types.js';
import type { SimContext } from '../sim-context.js';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
/** What the controller services use with no lab running. */
const BASE_MEMORY_BYTES = 4 * GIB;
const BASE_DISK_BYTES = 20 * GIB;
/** Disk a node's overlay takes once it has VM state (until wiped). */
const NODE_DISK_BYTES = GIB;

export async function systemRoutes(app: FastifyInstance, ctx: SimContext): Promise<void> {
  app.get('/system_information', async (): Promise<CmlSystemInformation> => ({
    version: ctx.version,
    ready: true,
    allow_ssh_pubkey_auth: false,
    oui: null,
    hostname: ctx.hostname,
    product: ctx.licensing.isEnterprise() ? 'CML Enterprise' : 'CML Personal',
  }));

  app.get('/system_stats', async () => buildSystemStats(ctx));

  app.get('/system_health', async (): Promise<CmlSystemHealth> => {
    const licensed = ctx.licensing.isLicensed();
    return {
      valid: licensed,
      is_licensed: licensed,
      is_enterprise: ctx.licensing.isEnterprise(),
      controller: { core_connected: true, nodes_loaded: true, images_loaded: true, valid: true },
      computes: {
        [ctx.computeId]: {
          hostname: ctx.hostname,
          is_controller: true,
          kvm_vmx_enabled: true,
          enough_cpus: true,
          lld_connected: true,
          lld_synced: true,
          libvirt: true,
          fabric: true,
          device_mux: true,
          refplat_images_available: true,
          docker_shim: true,
          valid: true,
          admission_state: 'READY',
        },
      },
    };
  });
}

/** Booting VMs keep their vCPUs busy; booted ones idle at about a fifth. */
function buildSystemStats(ctx: SimContext): CmlSystemStats {
  const { cpuCount, memoryBytes, diskBytes } = ctx.resources;
  const running = ctx.labs.runningNodes();
  const withVm = ctx.labs
    .all()
    .flatMap((lab) => lab.nodes)
    .filter((node) => node.run.kind !== 'defined');
  const cpusOf = (node: (typeof running)[number]): number => node.cpus ?? node.profile.cpus;
  const ramOf = (node: (typeof running)[number]): number => node.ram ?? node.profile.ramMiB;
  const busyCpus = running.reduce(
    (sum, node) => sum + cpusOf(node) * (ctx.labs.nodeState(node) === 'BOOTED' ? 0.2 : 1),
    0,
  );
  const percent = Math.min(100, Math.round((2 + (busyCpus / cpuCount) * 100) * 10) / 10);
  const memoryUsed = Math.min(
    memoryBytes,
    BASE_MEMORY_BYTES + running.reduce((sum, node) => sum + ramOf(node) * MIB, 0),
  );
  const diskUsed = Math.min(
    diskBytes,
    BASE_DISK_BYTES +
      withVm.reduce((sum, node) => sum + (node.bootDiskSize ?? 0) * GIB + NODE_DISK_BYTES, 0),
  );
  const memory = { total: memoryBytes, free: memoryBytes - memoryUsed, used: memoryUsed };
  const disk = { total: diskBytes, free: diskBytes - diskUsed, used: diskUsed };
  const cpu = { count: cpuCount, percent };
  return {
    all: { cpu, memory, disk },
    controller: { disk },
    computes: {
      [ctx.computeId]: {
        hostname: ctx.hostname,
        is_controller: true,
        stats: {
          cpu,
          memory,
          disk,
          dominfo: {
            allocated_cpus: running.reduce((sum, node) => sum + cpusOf(node), 0),
            allocated_memory: running.reduce((sum, node) => sum + ramOf(node), 0),
            total_nodes: withVm.length,
            total_orphans: 0,
            running_nodes: running.length,
            running_orphans: 0,
          },
        },
      },
    },
  };
}
