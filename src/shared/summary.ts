/**
 * Session maths in the research layout: frame counts, expression and valence shares, the
 * good/bad impression and a per-minute timeline. Pure functions; the popup and the exports
 * (export.ts) both build on summarizeSession so the numbers agree everywhere.
 */
import { engagementValue, hasEngagementCues, type InterestLabel } from './engagement';
import { SCHEMA_VERSION } from './schema';
import { argmax, EXPRESSIONS, valenceOf, VALENCE_GROUPS } from './taxonomy';
import type { Expression, ValenceGroup } from './taxonomy';
import { UNKNOWN_REASONS } from './types';
import type { Backend, Platform, SampleRecord, SessionRecord, UnknownReason } from './types';

export interface CountAndPercent {
  count: number;
  /** 0..100, unrounded; 0 when the denominator is 0. */
  percent: number;
}

export type Impression = 'good' | 'bad';

export interface SessionSummary {
  schemaVersion: number;
  sessionId: string;
  title: string;
  platform: Platform;
  startedAt: number;
  /** session.endedAt, else the last sample's time, else startedAt. */
  endedAt: number;
  durationMs: number;
  /** The most recent sample's, else the session's. */
  backend: Backend | null;
  modelId: string | null;
  /** All samples. */
  frames: number;
  framesWithFace: number;
  /** Frames with a face that passed the quality gates (have probabilities and a top class). */
  classified: number;
  /** No face; percent of all frames. */
  notDetected: CountAndPercent;
  /** Face found but refused by a quality gate; percent of all frames. */
  unknown: CountAndPercent & { byReason: Record<UnknownReason, number> };
  /** By top class; percent of classified frames. */
  expressions: Record<Expression, CountAndPercent>;
  /** By the top class's valence; percent of classified frames. */
  valence: Record<ValenceGroup, CountAndPercent>;
  /** 'good' when positive + neutral > negative; null without classified frames. */
  impression: Impression | null;
  /** Most frequent top class; ties go to the earlier class in taxonomy order. */
  dominantExpression: Expression | null;
  /** Mean probability per class over classified frames (all 0 without any). */
  meanProbabilities: Record<Expression, number>;
  maxFaceCount: number;
  multipleFaceFrames: number;
  /** The classroom study's table: every sample is exactly one of these; percent of all samples. */
  interest: InterestTable;
  /** Mean per-frame engagement (engagementValue, 0..1) over frames that have one; null without any. */
  meanEngagement: number | null;
}

/** Samples and the study's four counts (interested, not interested, not detected, unknown), each with its %. */
export interface InterestTable {
  samples: number;
  interested: CountAndPercent;
  notInterested: CountAndPercent;
  notDetected: CountAndPercent;
  unknown: CountAndPercent;
}

/** What one sample contributes to the statistics. */
export type FrameOutcome =
  | { kind: 'not-detected' }
  | { kind: 'unknown'; reason: UnknownReason | null }
  | { kind: 'classified'; top: Expression; probabilities: number[] };

export function frameOutcome(sample: SampleRecord): FrameOutcome {
  if (!sample.faceFound) return { kind: 'not-detected' };
  if (sample.top === null || sample.probabilities === null) return { kind: 'unknown', reason: sample.unknownReason };
  return { kind: 'classified', top: sample.top, probabilities: sample.probabilities };
}

/**
 * The interest label of a stored sample. Records from before the engagement layer carry no label:
 * no face is still "not detected"; a face is "unknown" (nothing says whether it attended).
 */
export function interestOf(sample: SampleRecord): InterestLabel {
  if (hasEngagementCues(sample.engagement)) return sample.engagement.interest;
  return sample.faceFound ? 'unknown' : 'not-detected';
}

export function interestTable(samples: readonly SampleRecord[]): InterestTable {
  const counts: Record<InterestLabel, number> = { interested: 0, 'not-interested': 0, 'not-detected': 0, unknown: 0 };
  for (const sample of samples) counts[interestOf(sample)]++;
  return interestTableOf({
    samples: samples.length,
    interested: counts.interested,
    notInterested: counts['not-interested'],
    notDetected: counts['not-detected'],
  });
}

/**
 * The table from counts (the hub sums them per student, class and minute). Unknown is what the
 * other three leave of the samples: a face that was refused, had no pose, or came from an
 * extension that did not label interest yet.
 */
export function interestTableOf(counts: { samples: number; interested: number; notInterested: number; notDetected: number }): InterestTable {
  const { samples, interested, notInterested, notDetected } = counts;
  const entry = (count: number): CountAndPercent => ({ count, percent: percentOf(count, samples) });
  return {
    samples,
    interested: entry(interested),
    notInterested: entry(notInterested),
    notDetected: entry(notDetected),
    unknown: entry(Math.max(0, samples - interested - notInterested - notDetected)),
  };
}

/** Mean of engagementValue over the samples that have one; null when none has. */
export function meanEngagementOf(samples: readonly SampleRecord[]): number | null {
  let sum = 0;
  let count = 0;
  for (const sample of samples) {
    const value = engagementValue(sample.engagement);
    if (value === null) continue;
    sum += value;
    count++;
  }
  return count === 0 ? null : sum / count;
}

/** A copy ordered by capture time (storage order is not guaranteed to be time order). */
export function sortedByTime(samples: readonly SampleRecord[]): SampleRecord[] {
  return [...samples].sort((a, b) => a.time - b.time);
}

export function percentOf(count: number, total: number): number {
  return total > 0 ? (count / total) * 100 : 0;
}

function zeroPerKey<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

function withPercents<K extends string>(counts: Record<K, number>, total: number): Record<K, CountAndPercent> {
  const entries = Object.entries<number>(counts).map(([key, count]) => [key, { count, percent: percentOf(count, total) }]);
  return Object.fromEntries(entries) as Record<K, CountAndPercent>;
}

export function impressionOf(valence: Record<ValenceGroup, number>): Impression | null {
  const { positive, neutral, negative } = valence;
  if (positive + neutral + negative === 0) return null;
  return positive + neutral > negative ? 'good' : 'bad';
}

export function valenceCounts(expressionCounts: Record<Expression, number>): Record<ValenceGroup, number> {
  const counts = zeroPerKey(VALENCE_GROUPS);
  for (const expression of EXPRESSIONS) counts[valenceOf(expression)] += expressionCounts[expression];
  return counts;
}

/** Most frequent class; null when every count is 0. Ties go to the earlier class (argmax). */
export function dominantOf(expressionCounts: Record<Expression, number>): Expression | null {
  const counts = EXPRESSIONS.map((expression) => expressionCounts[expression]);
  if (counts.every((count) => count === 0)) return null;
  return EXPRESSIONS[argmax(counts)] ?? null;
}

interface FrameTally {
  notDetected: number;
  unknown: number;
  unknownByReason: Record<UnknownReason, number>;
  expressions: Record<Expression, number>;
  probabilitySums: Record<Expression, number>;
}

function tallyFrames(samples: readonly SampleRecord[]): FrameTally {
  const tally: FrameTally = {
    notDetected: 0,
    unknown: 0,
    unknownByReason: zeroPerKey(UNKNOWN_REASONS),
    expressions: zeroPerKey(EXPRESSIONS),
    probabilitySums: zeroPerKey(EXPRESSIONS),
  };
  for (const sample of samples) {
    const outcome = frameOutcome(sample);
    if (outcome.kind === 'not-detected') {
      tally.notDetected++;
    } else if (outcome.kind === 'unknown') {
      tally.unknown++;
      if (outcome.reason !== null) tally.unknownByReason[outcome.reason]++;
    } else {
      tally.expressions[outcome.top]++;
      EXPRESSIONS.forEach((expression, i) => (tally.probabilitySums[expression] += outcome.probabilities[i] ?? 0));
    }
  }
  return tally;
}

function meansOf(sums: Record<Expression, number>, count: number): Record<Expression, number> {
  const means = zeroPerKey(EXPRESSIONS);
  if (count > 0) for (const expression of EXPRESSIONS) means[expression] = sums[expression] / count;
  return means;
}

export function summarizeSession(session: SessionRecord, samples: readonly SampleRecord[]): SessionSummary {
  const ordered = sortedByTime(samples);
  const latest = ordered.at(-1);
  const endedAt = session.endedAt ?? latest?.time ?? session.startedAt;
  const frames = ordered.length;
  const tally = tallyFrames(ordered);
  const classified = frames - tally.notDetected - tally.unknown;
  const valence = valenceCounts(tally.expressions);

  return {
    schemaVersion: SCHEMA_VERSION,
    sessionId: session.id,
    title: session.title,
    platform: session.platform,
    startedAt: session.startedAt,
    endedAt,
    durationMs: Math.max(0, endedAt - session.startedAt),
    backend: latest?.backend ?? session.backend,
    modelId: latest?.modelId ?? session.modelId,
    frames,
    framesWithFace: frames - tally.notDetected,
    classified,
    notDetected: { count: tally.notDetected, percent: percentOf(tally.notDetected, frames) },
    unknown: { count: tally.unknown, percent: percentOf(tally.unknown, frames), byReason: tally.unknownByReason },
    expressions: withPercents(tally.expressions, classified),
    valence: withPercents(valence, classified),
    impression: impressionOf(valence),
    dominantExpression: dominantOf(tally.expressions),
    meanProbabilities: meansOf(tally.probabilitySums, classified),
    // reduce, not Math.max(...spread): long sessions exceed the engine's argument limit.
    maxFaceCount: ordered.reduce((max, sample) => Math.max(max, sample.faceCount), 0),
    multipleFaceFrames: ordered.filter((sample) => sample.faceCount > 1).length,
    interest: interestTable(ordered),
    meanEngagement: meanEngagementOf(ordered),
  };
}

/** Frame counts by outcome (frameOutcome): the popup's timeline and the hub's minutes (hub/contract.ts GroupCounts) count alike. */
export interface FrameOutcomeCounts {
  /** All frames analysed = positive + neutral + negative + notDetected + unknown. */
  samples: number;
  /** Classified frames per valence group (counts, not percentages). */
  positive: number;
  neutral: number;
  negative: number;
  /** Frames without a face. */
  notDetected: number;
  /** Frames with a face but no expression: refused by a quality gate, or analysed in attention-only mode. */
  unknown: number;
}

export interface TimelineBucket extends FrameOutcomeCounts {
  /** Epoch ms of the bucket's start; the first bucket starts at the first sample. */
  start: number;
  /** Most frequent top class in the bucket; null without classified frames. */
  top: Expression | null;
  /** Mean engagement (0..1) of the bucket's frames that have one; null without any. */
  meanEngagement: number | null;
}

/**
 * Consecutive buckets from the first to the last sample, empty ones included so that a chart
 * has no jumps. Buckets are anchored at the first sample rather than wall-clock minutes, so
 * bucket n covers minute n of the recording.
 */
export function minuteTimeline(samples: readonly SampleRecord[], bucketMs = 60_000): TimelineBucket[] {
  if (!(Number.isFinite(bucketMs) && bucketMs > 0)) throw new RangeError(`bucketMs must be a positive number, got ${bucketMs}`);
  const ordered = sortedByTime(samples);
  const first = ordered[0];
  const last = ordered.at(-1);
  if (first === undefined || last === undefined) return [];

  const bucketCount = Math.floor((last.time - first.time) / bucketMs) + 1;
  const groups: SampleRecord[][] = Array.from({ length: bucketCount }, () => []);
  for (const sample of ordered) groups[Math.floor((sample.time - first.time) / bucketMs)]?.push(sample);
  return groups.map((group, i) => timelineBucket(first.time + i * bucketMs, group));
}

/** The counts of one time bucket: the popup's timeline and the minutes shared with a hub both use it. */
export function timelineBucket(start: number, samples: readonly SampleRecord[]): TimelineBucket {
  const tally = tallyFrames(samples);
  return {
    start,
    samples: samples.length,
    ...valenceCounts(tally.expressions),
    notDetected: tally.notDetected,
    unknown: tally.unknown,
    top: dominantOf(tally.expressions),
    meanEngagement: meanEngagementOf(samples),
  };
}

/** "12.5%"; non-finite values read as 0. */
export function formatPercent(value: number, fractionDigits = 1): string {
  return `${(Number.isFinite(value) ? value : 0).toFixed(fractionDigits)}%`;
}

/** "1 h 2 min 3 s", "4 min 0 s", "12 s"; rounded to whole seconds, negatives read as 0. */
export function formatDuration(ms: number): string {
  const totalSeconds = Number.isFinite(ms) ? Math.max(0, Math.round(ms / 1000)) : 0;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours} h ${minutes} min ${seconds} s`;
  if (minutes > 0) return `${minutes} min ${seconds} s`;
  return `${seconds} s`;
}
