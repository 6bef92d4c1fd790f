/**
 * `lcm demo class --seats 30`: books a class on the demo of `lcm serve` (docs/demo.md) — a
 * Confirmed Reservation labelled for the simulated students — and prints how to follow it.
 */
import type { Command } from 'commander';
import { DEMO_LABEL, DEMO_STUDENTS_LABEL } from '../../app/demo/demo-labels.js';
import type { ResourceClient } from '../../client/resource-client.js';
import { hasReason, InvalidError, NotFoundError } from '../../errors/index.js';
import { API_VERSION, type AnyResource } from '../../resources/index.js';
import type { LabletDefinition } from '../../resources/kinds/lablet-definition.js';
import type { ReservationSpec } from '../../resources/kinds/reservation.js';
import { addConnectionOptions, withApiSession, type ConnectionFlags } from '../api-session.js';
import { addNamespaceOption, DEFAULT_NAMESPACE } from '../namespace-option.js';
import { parseDuration } from '../parse-duration.js';

const MAX_NAME_ATTEMPTS = 10;

interface ClassFlags extends ConnectionFlags {
  seats: string;
  definition?: string;
  namespace?: string;
  startsIn: string;
  duration: string;
}

export function registerDemoCommand(program: Command): void {
  const demo = program
    .command('demo')
    .description('try LCM on the demo objects `lcm serve` seeds (docs/demo.md)');
  const command = demo
    .command('class')
    .description('book a class: a Confirmed reservation whose seats simulated students attend')
    .requiredOption('--seats <count>', 'how many students (one session each)')
    .option('--definition <name>', 'LabletDefinition to use (default: the first Active demo one)')
    .option('--starts-in <duration>', 'time until the class starts, e.g. 2m', '2m')
    .option('--duration <duration>', 'length of the class, e.g. 20m', '20m')
    .action(async (flags: ClassFlags) => {
      await bookClass(flags);
    });
  addNamespaceOption(command);
  addConnectionOptions(command);
}

async function bookClass(flags: ClassFlags): Promise<void> {
  const seats = parseSeats(flags.seats);
  const startsInMs = parseDuration(flags.startsIn, '--starts-in');
  const durationMs = parseDuration(flags.duration, '--duration');
  if (durationMs === 0)
    throw new InvalidError('--duration must be longer than 0', { details: { field: 'duration' } });
  const namespace = flags.namespace ?? DEFAULT_NAMESPACE;
  await withApiSession(flags, async (session) => {
    const client = session.resources;
    const definition = flags.definition
      ? ((await client.get('LabletDefinition', flags.definition, namespace)) as LabletDefinition)
      : await firstActiveDemoDefinition(client, namespace);
    const maxMinutes = definition.spec.maxDurationMinutes;
    if (durationMs > maxMinutes * 60_000)
      throw new InvalidError(
        `--duration ${flags.duration} is longer than ${definition.metadata.name}'s maximum of ${maxMinutes} minutes`,
        { details: { field: 'duration' } },
      );
    const nowMs = session.clock.nowMs();
    const start = new Date(nowMs + startsInMs);
    const reservation: AnyResource = {
      apiVersion: API_VERSION,
      kind: 'Reservation',
      metadata: {
        name: demoClassName(nowMs),
        namespace,
        labels: { [DEMO_STUDENTS_LABEL]: 'true' },
      },
      spec: {
        definition: { name: definition.metadata.name },
        start: start.toISOString(),
        end: new Date(start.getTime() + durationMs).toISOString(),
        seatCount: seats,
        state: 'Confirmed',
      },
    };
    const created = await createWithFreeName(client, reservation);
    process.stdout.write(followText(created, session.server, namespace));
  });
}

function parseSeats(text: string): number {
  const seats = Number(text);
  if (!/^\d+$/.test(text) || seats < 1)
    throw new InvalidError(`--seats "${text}" is not a whole number of at least 1`, {
      details: { field: 'seats' },
    });
  return seats;
}

/** The demo definitions by name; the seeded graded one sorts first. */
async function firstActiveDemoDefinition(
  client: ResourceClient,
  namespace: string,
): Promise<LabletDefinition> {
  const { items } = await client.list('LabletDefinition', {
    namespace,
    labelSelector: `${DEMO_LABEL}=true`,
  });
  const active = (items as LabletDefinition[])
    .filter((definition) => definition.spec.state === 'Active')
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const first = active[0];
  if (!first)
    throw new NotFoundError(
      `no Active demo LabletDefinition in namespace ${namespace}: start \`lcm serve\` with demo.seed on (the default), or pass --definition <name>`,
      { details: { field: 'definition' } },
    );
  return first;
}

/** Two classes booked in the same second get `-2`, `-3`, … after the time. */
async function createWithFreeName(
  client: ResourceClient,
  object: AnyResource,
): Promise<AnyResource> {
  const base = object.metadata.name;
  for (let attempt = 1; ; attempt++) {
    const name = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      return await client.create({ ...object, metadata: { ...object.metadata, name } });
    } catch (error) {
      if (!hasReason(error, 'AlreadyExists') || attempt === MAX_NAME_ATTEMPTS) throw error;
    }
  }
}

/** `demo-class-20261125-100312`: readable in `lcm get reservations`, sorted by time. */
function demoClassName(nowMs: number): string {
  const compact = new Date(nowMs).toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `demo-class-${compact.replace('T', '-')}`;
}

function followText(reservation: AnyResource, server: string, namespace: string): string {
  const { name } = reservation.metadata;
  const spec = reservation.spec as ReservationSpec;
  const ns = namespace === DEFAULT_NAMESPACE ? '' : ` -n ${namespace}`;
  return [
    `reservation/${name} created: ${spec.seatCount ?? 0} seats of ${spec.definition.name ?? ''}, ${spec.start} to ${spec.end}`,
    '',
    'Follow it:',
    `  lcm get sessions -l lcm.io/reservation=${name}${ns} -w`,
    `  lcm get reservation ${name}${ns} -w`,
    `  dashboard: ${server}/`,
    '',
  ].join('\n');
}
