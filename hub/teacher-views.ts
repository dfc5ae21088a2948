/**
 * What the teacher sees, built from store rows: percentages in the research layout (valence
 * groups over classified frames, not-detected and unknown over all frames, as in
 * src/shared/summary.ts) and the k-anonymity gate for every class-level number.
 */
import { dominantOf, impressionOf, interestTableOf, percentOf } from '../src/shared/summary';
import type { Impression, InterestTable } from '../src/shared/summary';
import type { Expression } from '../src/shared/taxonomy';
import { K_ANONYMITY_MIN, withheld } from './contract';
import type { GroupCounts, Withheld } from './contract';
import type { AggregateTotals, ParticipantRow, TimelineRow } from './storage/types';


export type GroupPercents = Omit<GroupCounts, 'samples'>;

export interface GroupSummary {
  totals: GroupCounts;
  percent: GroupPercents;
  /** The classroom study's table: samples, interested, not interested, not detected, unknown, each with % of samples. */
  interest: InterestTable;
  /** Sample-weighted mean over minutes that had one; null when none had. */
  meanEngagement: number | null;
  /** 'good' when positive + neutral > negative; null without classified frames. */
  impression: Impression | null;
}

export interface ParticipantView extends GroupSummary {
  studentId: string;
  displayName: string;
  joinedAt: number;
  lastSeenAt: number;
  minutesShared: number;
  firstMinute: number | null;
  lastMinute: number | null;
  /** The most frequent per-minute top expression. */
  topExpression: Expression | null;
}

export interface ClassSummaryView extends GroupSummary {
  withheld: false;
  students: number;
  /** Student-minutes stored for the class. */
  studentMinutes: number;
}

export type TimelineMinuteView =
  | { minute: number; students: number; withheld: true }
  | ({ minute: number; students: number; withheld: false } & GroupSummary);

export interface TimelineView {
  withheld: false;
  students: number;
  required: number;
  minutes: TimelineMinuteView[];
}

export function summarize(totals: AggregateTotals): GroupSummary {
  const { samples, positive, neutral, negative, notDetected, unknown } = totals;
  const classified = positive + neutral + negative;
  return {
    totals: { samples, positive, neutral, negative, notDetected, unknown },
    percent: {
      positive: percentOf(positive, classified),
      neutral: percentOf(neutral, classified),
      negative: percentOf(negative, classified),
      notDetected: percentOf(notDetected, samples),
      unknown: percentOf(unknown, samples),
    },
    interest: interestTableOf({ samples, interested: totals.interested, notInterested: totals.notInterested, notDetected }),
    meanEngagement: totals.engagementSamples > 0 ? totals.engagementSum / totals.engagementSamples : null,
    impression: impressionOf({ positive, neutral, negative }),
  };
}

/** Per-student views need no k-anonymity: each student consented to share their own summary with the teacher. */
export function participantView(row: ParticipantRow): ParticipantView {
  return {
    studentId: row.studentId,
    displayName: row.displayName,
    joinedAt: row.joinedAt,
    lastSeenAt: row.lastSeenAt,
    minutesShared: row.totals.minutes,
    firstMinute: row.firstMinute,
    lastMinute: row.lastMinute,
    topExpression: dominantOf(row.topExpressionMinutes),
    ...summarize(row.totals),
  };
}

export function classSummaryView(totals: AggregateTotals, sharingStudents: number): ClassSummaryView | Withheld {
  if (sharingStudents < K_ANONYMITY_MIN) return withheld(sharingStudents);
  return { withheld: false, students: sharingStudents, studentMinutes: totals.minutes, ...summarize(totals) };
}

/**
 * The gate applies twice: to the whole timeline, and to each minute, since a minute that fewer
 * than K_ANONYMITY_MIN students shared would show those students' own numbers.
 */
export function timelineView(rows: readonly TimelineRow[], sharingStudents: number): TimelineView | Withheld {
  if (sharingStudents < K_ANONYMITY_MIN) return withheld(sharingStudents);
  return {
    withheld: false,
    students: sharingStudents,
    required: K_ANONYMITY_MIN,
    minutes: rows.map((row) =>
      row.students < K_ANONYMITY_MIN
        ? { minute: row.minute, students: row.students, withheld: true }
        : { minute: row.minute, students: row.students, withheld: false, ...summarize(row.totals) },
    ),
  };
}
