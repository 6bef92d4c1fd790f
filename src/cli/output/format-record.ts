/**
 * Human-readable rendering of a record (describe's header, explain's answer): `Label:  value`
 * lines with aligned values, lists of objects as tables, nested objects as indented YAML.
 */
import { stringify } from 'yaml';
import { formatTable } from './table.js';

type Scalar = string | number | boolean | null | undefined;

/** `resourceVersion` → `Resource Version`. */
export function titleCase(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** YAML of `value`, every line indented by two spaces. */
export function indentedYaml(value: unknown): string[] {
  return stringify(value)
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`);
}

/** A table of objects, indented by two spaces; columns: `keys`, else the union of their keys in first-seen order. */
export function indentedTable(
  items: readonly Record<string, unknown>[],
  keys: readonly string[] = [...new Set(items.flatMap((item) => Object.keys(item)))],
): string[] {
  const rows = [
    keys.map((key) => titleCase(key).toUpperCase()),
    ...items.map((item) => keys.map((key) => cellOf(item[key]))),
  ];
  return formatTable(rows).map((line) => `  ${line}`);
}

/** The lines of `record`; `undefined` values show as `<none>`. */
export function formatRecord(record: Readonly<Record<string, unknown>>): string[] {
  const entries = Object.entries(record);
  const width = Math.max(0, ...entries.map(([key]) => titleCase(key).length + 1)) + 2;
  const lines: string[] = [];
  for (const [key, value] of entries) {
    const label = `${titleCase(key)}:`;
    if (isScalar(value)) lines.push(`${label.padEnd(width)}${cellOf(value)}`);
    else if (Array.isArray(value) && value.every(isScalar))
      lines.push(`${label.padEnd(width)}${value.length ? value.map(cellOf).join(', ') : '<none>'}`);
    else if (Array.isArray(value) && value.every(isPlainObject))
      lines.push(label, ...indentedTable(value));
    else lines.push(label, ...indentedYaml(value));
  }
  return lines;
}

function cellOf(value: unknown): string {
  if (value === undefined || value === null || value === '') return '<none>';
  if (isScalar(value)) return String(value);
  return JSON.stringify(value);
}

function isScalar(value: unknown): value is Scalar {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
