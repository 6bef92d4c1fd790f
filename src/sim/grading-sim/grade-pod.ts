/**
 * The grading-sim's deterministic rule: every expected configuration line found in a device's
 * collected config scores one point in its section; without a ruleset, each device is a section.
 */
import type {
  GradingItemResult,
  GradingPod,
  GradingSectionResult,
} from '../../providers/grading/grading-client.js';

/** One expected line (`line`) in the collected config of the device labelled `device`. */
export interface GradingCheck {
  device: string;
  line: string;
}

/** What a part is graded against; registered per part id on the sim. */
export interface GradingRuleset {
  /** @default '1' */
  version?: string;
  /** Points needed to pass. @default ceil(70 % of the maximum) */
  cutScore?: number;
  sections: { id: string; checks: GradingCheck[] }[];
}

export interface PodGrade {
  score: number;
  maxScore: number;
  cutScore: number;
  passed: boolean;
  rulesetVersion: string;
  sections: GradingSectionResult[];
}

/** Trims and collapses runs of whitespace so indentation never decides a point. */
function normalize(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

/** The collected config lines of each device (all of its interfaces' `collectedConfig`). */
function collectedLines(pod: GradingPod): Map<string, Set<string>> {
  const lines = new Map<string, Set<string>>();
  for (const device of pod.devices) {
    const set = new Set<string>();
    for (const iface of device.interfaces) {
      const text = iface.configuration.collectedConfig;
      if (typeof text !== 'string') continue;
      for (const line of text.split(/\r?\n/)) if (normalize(line) !== '') set.add(normalize(line));
    }
    lines.set(device.label, set);
  }
  return lines;
}

/**
 * The default ruleset: one section per device (pod order), with two checks: a config was collected
 * at all (`*` stands for "any line"), and it sets `hostname <label>`.
 */
export function defaultRuleset(pod: GradingPod): GradingRuleset {
  return {
    version: 'default-1',
    sections: pod.devices.map((device) => ({
      id: device.label,
      checks: [
        { device: device.label, line: '*' },
        { device: device.label, line: `hostname ${device.label}` },
      ],
    })),
  };
}

export function gradePod(pod: GradingPod, ruleset: GradingRuleset): PodGrade {
  const lines = collectedLines(pod);
  const sections = ruleset.sections.map((section): GradingSectionResult => {
    const items = section.checks.map((check, index): GradingItemResult => {
      const found = lines.get(check.device) ?? new Set<string>();
      const expected = check.line === '*' ? '*' : normalize(check.line);
      const matched = expected === '*' ? found.size > 0 : found.has(expected);
      const actual = expected === '*' ? [...found].slice(0, 1) : matched ? [expected] : [];
      return {
        id: `${section.id}.${index + 1}`,
        type: 'config-line',
        score: matched ? 1 : 0,
        maxScore: 1,
        fieldTest: false,
        evaluationResults: [],
        questions: [
          {
            id: `${check.device}: ${check.line}`,
            score: matched ? 1 : 0,
            maxScore: 1,
            expectedAnswers: [expected],
            actualAnswers: actual,
            matchedAnswers: matched ? actual : [],
            rule: expected === '*' ? 'config-collected' : 'line-present',
          },
        ],
      };
    });
    return {
      id: section.id,
      score: items.reduce((sum, item) => sum + item.score, 0),
      maxScore: items.length,
      items,
    };
  });
  const score = sections.reduce((sum, section) => sum + section.score, 0);
  const maxScore = sections.reduce((sum, section) => sum + section.maxScore, 0);
  const cutScore = ruleset.cutScore ?? Math.ceil(maxScore * 0.7);
  return {
    score,
    maxScore,
    cutScore,
    passed: score >= cutScore,
    rulesetVersion: ruleset.version ?? '1',
    sections,
  };
}
