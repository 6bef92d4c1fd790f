/** `-o table|wide|yaml|json` for one object or a list of one kind. */
import { stringify } from 'yaml';
import { InvalidError } from '../../errors/index.js';
import { API_VERSION, type AnyResource, type KindDefinition } from '../../resources/index.js';
import { columnsFor, tableRows } from './kind-columns.js';
import { formatTable } from './table.js';

export const OUTPUT_FORMATS = ['table', 'wide', 'yaml', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Checks an `-o` value; `Invalid` naming the accepted formats. */
export function parseOutputFormat(value: string): OutputFormat {
  if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw new InvalidError(`unknown output format "${value}"; use ${OUTPUT_FORMATS.join(', ')}`, {
    details: { field: 'output' },
  });
}

export interface FormatOptions {
  kind: KindDefinition;
  format: OutputFormat;
  /** Adds the NAMESPACE column to tables. */
  allNamespaces: boolean;
  nowMs: number;
}

/** One object: the object itself in yaml/json, a one-row table otherwise. */
export function formatObject(object: AnyResource, options: FormatOptions): string {
  if (options.format === 'json') return `${JSON.stringify(object, null, 2)}\n`;
  if (options.format === 'yaml') return stringify(object);
  return formatObjectTable([object], options);
}

/** A list: a `<Kind>List` in yaml/json, a table otherwise (empty string when there is none). */
export function formatList(objects: readonly AnyResource[], options: FormatOptions): string {
  if (options.format === 'json' || options.format === 'yaml') {
    const list = { apiVersion: API_VERSION, kind: `${options.kind.kind}List`, items: objects };
    return options.format === 'json' ? `${JSON.stringify(list, null, 2)}\n` : stringify(list);
  }
  return objects.length === 0 ? '' : formatObjectTable(objects, options);
}

function formatObjectTable(objects: readonly AnyResource[], options: FormatOptions): string {
  const columns = columnsFor(options.kind, {
    wide: options.format === 'wide',
    allNamespaces: options.allNamespaces,
  });
  return `${formatTable(tableRows(objects, columns, options.nowMs)).join('\n')}\n`;
}
