/**
 * Label selectors in Kubernetes syntax: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`,
 * joined by commas (all must hold).
 */
import { InvalidError } from '../errors/index.js';

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface SelectorRequirement {
  key: string;
  operator: SelectorOperator;
  /** Values for `In` / `NotIn`; empty for the existence operators. */
  values: string[];
}

export type LabelSelector = SelectorRequirement[];

const KEY = String.raw`[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?`;
const EQUALITY = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})?$`);
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s+\\(([^)]*)\\)$`);
const EXISTS = new RegExp(`^(!?)\\s*(${KEY})$`);
const VALUE_ONLY = new RegExp(`^(${VALUE})?$`);

/** Parses a selector string; throws `Invalid` (field `labelSelector`) naming the bad clause. */
export function parseLabelSelector(text: string | undefined): LabelSelector {
  if (!text || text.trim() === '') return [];
  return splitClauses(text).map(parseClause);
}

/** Splits on commas that are not inside `( … )`. */
function splitClauses(text: string): string[] {
  const clauses: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      clauses.push(current.trim());
      current = '';
    } else current += char;
  }
  clauses.push(current.trim());
  return clauses;
}

function parseClause(clause: string): SelectorRequirement {
  const set = SET.exec(clause);
  if (set) {
    const values = (set[4] ?? '').split(',').map((value) => value.trim());
    if (values.some((value) => !VALUE_ONLY.test(value))) throw badClause(clause);
    return { key: set[1] as string, operator: set[3] === 'in' ? 'In' : 'NotIn', values };
  }
  const equality = EQUALITY.exec(clause);
  if (equality) {
    const operator = equality[3] === '!=' ? 'NotIn' : 'In';
    return { key: equality[1] as string, operator, values: [equality[4] ?? ''] };
  }
  const exists = EXISTS.exec(clause);
  if (exists)
    return {
      key: exists[2] as string,
      operator: exists[1] === '!' ? 'DoesNotExist' : 'Exists',
      values: [],
    };
  throw badClause(clause);
}

function badClause(clause: string): InvalidError {
  return new InvalidError(
    `labelSelector clause "${clause}" is not valid; use key=value, key!=value, key in (a,b), key notin (a), key or !key`,
    { details: { field: 'labelSelector' } },
  );
}

/** True when `labels` satisfy every requirement. */
export function matchesLabelSelector(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  return selector.every(({ key, operator, values }) => {
    const value = labels?.[key];
    switch (operator) {
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
      case 'In':
        return value !== undefined && values.includes(value);
      case 'NotIn':
        return value === undefined || !values.includes(value);
    }
  });
}
