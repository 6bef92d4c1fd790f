/** Every action the API serves. */
import type { ActionDefinition } from './action.js';
import { FLEET_ACTIONS } from './fleet-actions.js';
import { SESSION_ACTIONS } from './session-actions.js';

export const ACTIONS: readonly ActionDefinition[] = [...SESSION_ACTIONS, ...FLEET_ACTIONS];
