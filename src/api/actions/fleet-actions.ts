/** Worker, LabletDefinition and Reservation actions: each sets one intent field in `spec`. */
import type { ActionDefinition } from './action.js';
import { patchSpec } from './action.js';

function specAction(
  kind: string,
  name: string,
  summary: string,
  spec: Record<string, unknown>,
): ActionDefinition {
  return { kind, name, summary, run: (context) => patchSpec(context, spec) };
}

export const FLEET_ACTIONS: readonly ActionDefinition[] = [
  specAction('Worker', 'drain', 'Take no new sessions; stop once empty (or at the drain timeout)', {
    drain: true,
  }),
  specAction('Worker', 'cancel-drain', 'Take sessions again after a drain', { drain: false }),
  specAction('Worker', 'cordon', 'Take no new sessions; running ones are untouched', {
    unschedulable: true,
  }),
  specAction('Worker', 'uncordon', 'Take new sessions again', { unschedulable: false }),
  specAction('Worker', 'start', 'Start the worker VM', { desiredState: 'Running' }),
  specAction('Worker', 'stop', 'Stop the worker VM (after its sessions end)', {
    desiredState: 'Stopped',
  }),
  specAction('LabletDefinition', 'activate', 'Make the definition take new sessions', {
    state: 'Active',
  }),
  specAction('LabletDefinition', 'deprecate', 'Take no new sessions; running ones finish', {
    state: 'Deprecated',
  }),
  specAction('Reservation', 'confirm', 'Confirm the class: capacity is planned and seats created', {
    state: 'Confirmed',
  }),
  specAction('Reservation', 'cancel', 'Cancel the class; its sessions stop', {
    state: 'Cancelled',
  }),
];
