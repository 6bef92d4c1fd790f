/** `describe` and `explain` text: aligned fields, YAML for nested values, tables for lists of objects. */
import { describe, expect, it } from 'vitest';
import { aSession } from '../../../test/support/builders.js';
import { describeObject } from './describe-object.js';
import { formatRecord, titleCase } from './format-record.js';

describe('describeObject', () => {
  it('shows metadata fields, spec and status as YAML, and conditions and history as tables', () => {
    const session = aSession('s1');
    const text = describeObject(
      {
        ...session,
        metadata: {
          ...session.metadata,
          labels: { class: 'a' },
          creationTimestamp: '2026-01-01T11:00:00Z',
          resourceVersion: '7',
        },
        status: {
          phase: 'Scheduled',
          worker: 'w1',
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'Waiting',
              lastTransitionTime: '2026-01-01T11:00:00Z',
            },
          ],
          history: [
            { to: 'Pending', at: '2026-01-01T11:00:00Z' },
            {
              from: 'Pending',
              to: 'Scheduled',
              at: '2026-01-01T11:01:00Z',
              reason: 'placed',
              actor: 'scheduler',
            },
          ],
        },
      },
      Date.parse('2026-01-01T12:00:00Z'),
    );

    expect(text).toContain(
      'Name:              s1\nNamespace:         default\nKind:              LabletSession\n',
    );
    expect(text).toContain('Labels:            class=a\nAnnotations:       <none>\n');
    expect(text).toContain('Created:           2026-01-01T11:00:00Z (60m ago)\n');
    expect(text).toContain('Spec:\n  definition:\n    name: ccna-1\n');
    expect(text).toContain('Status:\n  phase: Scheduled\n  worker: w1\nConditions:\n');
    expect(text).toMatch(
      /^ {2}TYPE\s+STATUS\s+REASON\s+MESSAGE\s+LAST TRANSITION TIME\n {2}Ready\s+False\s+Waiting\s+<none>/m,
    );
    expect(text).toMatch(/^History:\n {2}FROM\s+TO\s+AT\s+REASON\s+ACTOR\n {2}<none>\s+Pending\s/m);
    expect(text).toMatch(/^ {2}Pending\s+Scheduled\s+2026-01-01T11:01:00Z\s+placed\s+scheduler$/m);
  });

  it('says <none> for an object without status', () => {
    expect(describeObject(aSession('s1'), 0)).toContain(
      'Status:\n  <none>\nConditions:\n  <none>\nHistory:\n  <none>\n',
    );
  });
});

describe('formatRecord', () => {
  it('aligns scalars, joins scalar lists and renders objects and lists of objects', () => {
    expect(
      formatRecord({
        phase: 'Pending',
        worker: undefined,
        queuePosition: 3,
        reasons: ['no capacity', 'cordoned'],
        score: { total: 5 },
        workers: [{ name: 'w1', reason: 'full' }],
      }),
    ).toEqual([
      'Phase:           Pending',
      'Worker:          <none>',
      'Queue Position:  3',
      'Reasons:         no capacity, cordoned',
      'Score:',
      '  total: 5',
      'Workers:',
      '  NAME   REASON',
      '  w1     full',
    ]);
  });

  it('title-cases camelCase keys', () => {
    expect(titleCase('resourceVersion')).toBe('Resource Version');
  });
});
