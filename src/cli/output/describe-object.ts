/** `lcm describe`: an object's metadata, spec and status for a person, conditions and history as tables. */
import type { AnyResource } from '../../resources/index.js';
import { formatAge } from './format-age.js';
import { formatRecord, indentedTable, indentedYaml } from './format-record.js';

const CONDITION_COLUMNS = ['type', 'status', 'reason', 'message', 'lastTransitionTime'];
const HISTORY_COLUMNS = ['from', 'to', 'at', 'reason', 'actor'];

export function describeObject(object: AnyResource, nowMs: number): string {
  const { metadata } = object;
  const { conditions, history, ...status } = object.status ?? {};
  const lines = formatRecord({
    name: metadata.name,
    ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
    kind: object.kind,
    labels: pairs(metadata.labels),
    annotations: pairs(metadata.annotations),
    created: metadata.creationTimestamp
      ? `${metadata.creationTimestamp} (${formatAge(metadata.creationTimestamp, nowMs)} ago)`
      : undefined,
    resourceVersion: metadata.resourceVersion,
    generation: metadata.generation,
    ...(metadata.finalizers?.length ? { finalizers: metadata.finalizers } : {}),
    ...(metadata.deletionTimestamp ? { deletionRequested: metadata.deletionTimestamp } : {}),
  });
  lines.push('Spec:', ...indentedYaml(object.spec));
  lines.push('Status:', ...(Object.keys(status).length ? indentedYaml(status) : ['  <none>']));
  lines.push('Conditions:', ...tableOrNone(conditions, CONDITION_COLUMNS));
  lines.push('History:', ...tableOrNone(history, HISTORY_COLUMNS));
  return `${lines.join('\n')}\n`;
}

function pairs(map: Record<string, string> | undefined): string[] {
  return Object.entries(map ?? {}).map(([key, value]) => `${key}=${value}`);
}

function tableOrNone(items: unknown, columns: readonly string[]): string[] {
  return Array.isArray(items) && items.length > 0
    ? indentedTable(items as Record<string, unknown>[], columns)
    : ['  <none>'];
}
