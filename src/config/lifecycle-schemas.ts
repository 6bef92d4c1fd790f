/**
 * Settings of the session lifecycle and what surrounds it: sessions, lab records, the CloudEvent
 * feed and the demo. Part of the one settings schema (`schema.ts`).
 */
import { Type } from '@sinclair/typebox';
import { Integer } from './setting-types.js';

/** The session lifecycle (SPEC.md "LabletSession"; docs/sessions.md). */
export const SessionsConfigSchema = Type.Object({
  leadTimeMinutes: Integer({
    default: 5,
    description: 'Instantiation starts this long before the timeslot so the lab is Ready at start.',
  }),
  pendingDeadlineMinutes: Integer({
    default: 10,
    description: 'A session still Pending this long past its start ends with outcome Failed.',
  }),
  instantiatingDeadlineMinutes: Integer({
    default: 15,
    minimum: 1,
    description: 'Longest an instantiation (lab import, start, LDS access) may take.',
  }),
  collectingDeadlineMinutes: Integer({
    default: 10,
    minimum: 1,
    description: 'Longest the collection of node configurations may take.',
  }),
  stoppingDeadlineMinutes: Integer({
    default: 10,
    minimum: 1,
    description: 'Longest a teardown may take before its remaining steps are abandoned.',
  }),
  stepAttempts: Integer({
    default: 3,
    minimum: 1,
    description: 'Attempts per lifecycle step (with backoff) before the session fails.',
  }),
  pollIntervalMs: Integer({
    default: 2000,
    minimum: 10,
    description: 'How often a converging lab is polled.',
  }),
});

/** LabRecords: pending actions, discovery and orphans (SPEC.md "LabRecord"; docs/labs.md). */
export const LabsConfigSchema = Type.Object({
  discoveryIntervalMinutes: Integer({
    default: 5,
    minimum: 1,
    description: 'How often the labs on every running worker are listed.',
  }),
  orphanGraceMinutes: Integer({
    default: 60,
    description:
      'An unknown (orphaned) lab is deleted this long after it was found, unless adopted.',
  }),
});

/** CloudEvents delivered to HTTP sinks (SPEC.md "Events"; docs/events.md). */
export const EventsConfigSchema = Type.Object({
  sinks: Type.Array(
    Type.Object(
      {
        name: Type.String({ minLength: 1, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' }),
        url: Type.String({ pattern: '^https?://' }),
        types: Type.Optional(
          Type.Array(Type.String({ minLength: 1 }), {
            description: 'type prefixes delivered, e.g. ccm.lablet.session; default all',
          }),
        ),
        tokenSecret: Type.Optional(
          Type.String({ minLength: 1, description: 'secret file holding a bearer token' }),
        ),
      },
      { additionalProperties: false },
    ),
    { default: [], description: 'HTTP endpoints that receive LCM CloudEvents (JSON in env).' },
  ),
  maxRetrySeconds: Integer({
    default: 300,
    minimum: 1,
    description: 'Longest backoff between delivery attempts to a failing sink.',
  }),
});

/** The demo `lcm serve` runs with no configuration (docs/demo.md). */
export const DemoConfigSchema = Type.Object({
  seed: Type.Boolean({
    default: true,
    description: 'Create the demo WorkerTemplate and LabletDefinitions when they are missing.',
  }),
  students: Type.Boolean({
    default: true,
    description:
      'Simulated students open and finish the labs of demo reservations (simulators only).',
  }),
});
