/** The grading-sim's rule: one point per expected config line present, per section. */
import { describe, expect, it } from 'vitest';
import type { GradingPod } from '../../providers/grading/grading-client.js';
import { defaultRuleset, gradePod } from './grade-pod.js';

function aPod(configs: Record<string, string | undefined>): GradingPod {
  return {
    id: 'pod',
    devices: Object.entries(configs).map(([label, config]) => ({
      label,
      hostname: label,
      collector: 'cml',
      interfaces: [
        {
          name: 'console',
          protocol: 'telnet',
          host: '10.0.0.5',
          port: 5000,
          authentication: { scheme: 'none', properties: {} },
          configuration: config === undefined ? {} : { collectedConfig: config },
        },
      ],
    })),
  };
}

describe('gradePod', () => {
  it('scores a point per expected line, ignoring indentation and repeated spaces', () => {
    const grade = gradePod(aPod({ R1: 'hostname R1\n router   ospf 1\n' }), {
      sections: [
        {
          id: 's1',
          checks: [
            { device: 'R1', line: 'router ospf 1' },
            { device: 'R1', line: 'ip routing' },
          ],
        },
      ],
    });
    expect(grade).toMatchObject({ score: 1, maxScore: 2, cutScore: 2, passed: false });
    expect(grade.sections[0]?.items.map((item) => item.score)).toEqual([1, 0]);
  });

  it('passes at 70 % of the maximum, rounded up, when the ruleset sets no cut score', () => {
    const pod = aPod({ R1: 'a\nb\nc', R2: '' });
    const checks = ['a', 'b', 'c', 'd'].map((line) => ({ device: 'R1', line }));
    const grade = gradePod(pod, { sections: [{ id: 's', checks }] });
    expect(grade).toMatchObject({ score: 3, maxScore: 4, cutScore: 3, passed: true });
  });

  it('grades each device for a collected config and its hostname by default', () => {
    const pod = aPod({ R1: 'hostname R1', R2: 'hostname other', R3: undefined });
    const grade = gradePod(pod, defaultRuleset(pod));
    expect(grade.sections.map((section) => [section.id, section.score])).toEqual([
      ['R1', 2],
      ['R2', 1],
      ['R3', 0],
    ]);
    expect(grade).toMatchObject({ score: 3, maxScore: 6, cutScore: 5, passed: false });
  });

  it('gives the same result for the same pod every time', () => {
    const pod = aPod({ R1: 'hostname R1' });
    expect(gradePod(pod, defaultRuleset(pod))).toEqual(gradePod(pod, defaultRuleset(pod)));
  });
});
