/**
 * Reads the score out of a `grading.session.completed` event's data. Two shapes exist
 * (external-apis.md §3.2): flat `{score, max_score, cut_score, passed, sections[], report_url}` and
 * `{score: {total, max, breakdown: [{criterion, points, max}]}, passed}`; both are accepted.
 */
import type { ScoreReportSpec } from '../../resources/kinds/score-report.js';
import { BadRequestError } from './bad-request-error.js';
import { isRecord } from './parse-cloud-event.js';

/** The ScoreReport fields a grading result supplies. */
export type GradingResult = Pick<
  ScoreReportSpec,
  'score' | 'maxScore' | 'cutScore' | 'passed' | 'sections' | 'reportUrl'
>;

/** Throws `BadRequestError` naming the `data.*` field that is missing or not a number ≥ 0. */
export function parseGradingResult(data: Record<string, unknown>): GradingResult {
  const nested = isRecord(data.score) ? data.score : undefined;
  const score = amount(nested ? nested.total : data.score, nested ? 'score.total' : 'score');
  const maxScore = amount(
    nested ? nested.max : (data.max_score ?? data.maxScore),
    nested ? 'score.max' : 'max_score',
  );
  const rawCut = data.cut_score ?? data.cutScore;
  const cutScore = rawCut === undefined ? undefined : amount(rawCut, 'cut_score');
  const passed = passedOf(data.passed, score, cutScore);
  const rawSections = nested ? nested.breakdown : data.sections;
  const sections = sectionsOf(rawSections, nested ? 'score.breakdown' : 'sections');
  const reportUrl = data.report_url ?? data.reportUrl;
  return {
    score,
    maxScore,
    ...(cutScore === undefined ? {} : { cutScore }),
    passed,
    sections,
    ...(typeof reportUrl === 'string' && reportUrl ? { reportUrl } : {}),
  };
}

function passedOf(raw: unknown, score: number, cutScore: number | undefined): boolean {
  if (typeof raw === 'boolean') return raw;
  if (cutScore !== undefined) return score >= cutScore;
  throw new BadRequestError('grading result: data.passed (or data.cut_score) is required');
}

function sectionsOf(raw: unknown, field: string): GradingResult['sections'] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw))
    throw new BadRequestError(`grading result: data.${field} must be a list`);
  return raw.map((entry: unknown, index) => {
    const at = `${field}[${index}]`;
    if (!isRecord(entry)) throw new BadRequestError(`grading result: data.${at} must be an object`);
    const name = entry.name ?? entry.id ?? entry.criterion;
    if (typeof name !== 'string')
      throw new BadRequestError(`grading result: data.${at}.name is required`);
    return {
      name,
      score: amount(entry.score ?? entry.points, `${at}.score`),
      maxScore: amount(entry.max_score ?? entry.maxScore ?? entry.max, `${at}.max_score`),
    };
  });
}

function amount(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new BadRequestError(`grading result: data.${field} must be a number ≥ 0`);
  return value;
}
