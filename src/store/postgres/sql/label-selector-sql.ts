/** Translates a parsed label selector into a parameterised SQL condition on the labels column. */
import type { LabelSelector } from '../../../resources/index.js';
import type { SqlParam } from '../drivers/sql-driver.js';

const LABELS = `(object -> 'metadata' -> 'labels')`;

/** Returns SQL conditions (joined by AND) and appends their parameters to `params`. */
export function labelSelectorToSql(selector: LabelSelector, params: SqlParam[]): string[] {
  return selector.map(({ key, operator, values }) => {
    params.push(key);
    const keyParam = `$${params.length}`;
    if (operator === 'Exists') return `coalesce(${LABELS} ? ${keyParam}, false)`;
    if (operator === 'DoesNotExist') return `NOT coalesce(${LABELS} ? ${keyParam}, false)`;
    params.push(values);
    const valuesParam = `$${params.length}::text[]`;
    const matches = `coalesce((${LABELS} ->> ${keyParam}) = ANY(${valuesParam}), false)`;
    return operator === 'In' ? matches : `NOT ${matches}`;
  });
}
