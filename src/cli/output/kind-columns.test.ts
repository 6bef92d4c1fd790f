/** Table output: kind-specific columns, wide and all-namespaces variants, alignment, ages and formats. */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { aSession, aTemplate } from '../../../test/support/builders.js';
import type { AnyResource } from '../../resources/index.js';
import { resolveKind } from '../kind-aliases.js';
import { formatAge, formatDuration } from './format-age.js';
import { formatList, formatObject, parseOutputFormat } from './format-objects.js';
import { columnsFor } from './kind-columns.js';
import { formatTable } from './table.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const sessions = resolveKind('sessions');

function placed(name: string, namespace = 'default'): AnyResource {
  const session = aSession(name, { owner: { userId: 'alice' } }, namespace);
  return {
    ...session,
    metadata: { ...session.metadata, creationTimestamp: '2026-01-01T11:55:00Z' },
    status: { phase: 'Ready', worker: 'w-1' },
  };
}

describe('columnsFor', () => {
  it('shows a session as NAME, PHASE, OWNER, DEFINITION, WORKER and AGE', () => {
    const text = formatList([placed('s1'), placed('a-longer-name')], {
      kind: sessions,
      format: 'table',
      allNamespaces: false,
      nowMs: NOW,
    });

    expect(text).toBe(
      [
        'NAME            PHASE   OWNER   DEFINITION   WORKER   AGE',
        's1              Ready   alice   ccna-1       w-1      5m',
        'a-longer-name   Ready   alice   ccna-1       w-1      5m',
        '',
      ].join('\n'),
    );
  });

  it('adds NAMESPACE first across namespaces (namespaced kinds only) and more columns when wide', () => {
    const headers = (kind: string, wide: boolean) =>
      columnsFor(resolveKind(kind), { wide, allNamespaces: true }).map((column) => column.header);

    expect(headers('sessions', false).slice(0, 2)).toEqual(['NAMESPACE', 'NAME']);
    expect(headers('sessions', true)).toEqual(expect.arrayContaining(['END', 'OUTCOME']));
    expect(headers('workers', false)[0]).toBe('NAME');
    expect(headers('templates', false)).toEqual([
      'NAME',
      'PROVIDER',
      'REGION',
      'INSTANCE-TYPE',
      'NODES',
      'LICENSE',
      'ENABLED',
      'AGE',
    ]);
  });

  it('shows missing fields as <none> and worker capacity as used/declared', () => {
    const [, row] = formatTable([
      ['x'],
      [
        columnsFor(resolveKind('workers'), { wide: false, allNamespaces: false })
          .map((column) =>
            column.value(
              {
                apiVersion: 'lcm/v1',
                kind: 'Worker',
                metadata: { name: 'w1' },
                spec: { template: 'small', region: 'r1' },
                status: { capacity: { declared: { nodes: 20 }, allocated: {} } },
              },
              NOW,
            ),
          )
          .join('|'),
      ],
    ]);
    expect(row).toBe('w1|<none>|small|r1|0/20|<unknown>');
  });
});

describe('formatObject and formatList', () => {
  it('prints one object as itself and a list as a <Kind>List in JSON and YAML', () => {
    const template = aTemplate('small');
    const options = { kind: resolveKind('templates'), allNamespaces: false, nowMs: NOW };

    expect(JSON.parse(formatObject(template, { ...options, format: 'json' }))).toEqual(template);
    expect(parseYaml(formatList([template], { ...options, format: 'yaml' }))).toEqual({
      apiVersion: 'lcm/v1',
      kind: 'WorkerTemplateList',
      items: [template],
    });
    expect(formatList([], { ...options, format: 'table' })).toBe('');
  });

  it('refuses an unknown output format with Invalid on field output', () => {
    expect(() => parseOutputFormat('xml')).toThrow(
      expect.objectContaining({ reason: 'Invalid', details: { field: 'output' } }),
    );
  });
});

describe('formatAge', () => {
  it.each([
    [45_000, '45s'],
    [119_000, '119s'],
    [200_000, '3m20s'],
    [600_000, '10m'],
    [2 * 3_600_000 + 5 * 60_000, '125m'],
    [5 * 3_600_000 + 30 * 60_000, '5h30m'],
    [30 * 3_600_000, '30h'],
    [3 * 86_400_000 + 4 * 3_600_000, '3d4h'],
    [400 * 86_400_000, '400d'],
    [800 * 86_400_000, '2y'],
  ])('shows %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('is <unknown> without a timestamp and never negative', () => {
    expect(formatAge(undefined, NOW)).toBe('<unknown>');
    expect(formatAge('2026-01-01T12:00:05Z', NOW)).toBe('0s');
  });
});
