/**
 * The hub's wire contract: what a student may upload and the limits the hub enforces.
 * The extension's sync code should build its uploads from these types.
 */
import type { FrameOutcomeCounts } from '../src/shared/summary';
import type { Expression } from '../src/shared/taxonomy';

export const MINUTE_MS = 60_000;
/** Class-level views need at least this many students who have shared (privacy rule 4). */
export const K_ANONYMITY_MIN = 3;
/** One upload carries at most two hours of minutes (a queue drained after an outage). */
export const MAX_MINUTES_PER_UPLOAD = 120;
/** 10 frames/s for a whole minute: far above the 1 frame/s default, yet rules out nonsense. */
export const MAX_SAMPLES_PER_MINUTE = 600;
/** A minute may start at most this far in the future (clock skew between student and hub). */
export const MAX_CLOCK_SKEW_MS = 5 * MINUTE_MS;

/** Frame counts by outcome, as the extension counts them (src/shared/summary.ts): the unit of everything the hub stores and shows. */
export type GroupCounts = FrameOutcomeCounts;

/** One student's one minute, as sent by the extension. Never frames, never per-frame probabilities. */
export interface MinuteAggregate extends GroupCounts {
  /** Epoch ms of the minute's start; a multiple of 60 000. */
  minute: number;
  /** 0..1; null while the engagement layer has nothing to say. */
  meanEngagement: number | null;
  /** Most frequent top class of the minute; null without classified frames. */
  topExpression: Expression | null;
  /**
   * The classroom study's interest counts (src/shared/engagement.ts): frames labelled interested
   * and not interested. Both or neither: extensions from before the engagement layer send neither,
   * and their minutes' frames with a face count as unknown interest.
   */
  interested?: number;
  notInterested?: number;
}

export const COUNT_FIELDS = ['positive', 'neutral', 'negative', 'notDetected', 'unknown'] as const;
/** Optional together: an upload carries both interest counts or neither. */
export const INTEREST_FIELDS = ['interested', 'notInterested'] as const;
export type CountField = (typeof COUNT_FIELDS)[number];

/** What the teacher's class-level views answer while fewer than K_ANONYMITY_MIN students have shared. */
export interface Withheld {
  withheld: true;
  reason: string;
  students: number;
  required: number;
}

export function withheld(students: number): Withheld {
  return {
    withheld: true,
    reason: `class-level views need at least ${K_ANONYMITY_MIN} students who share; so far: ${students}`,
    students,
    required: K_ANONYMITY_MIN,
  };
}

/** Events on GET /classes/:code/events. Notifications only: the teacher re-reads the views, where k-anonymity applies. */
export type ClassEvent =
  | { type: 'ready'; participants: number; sharing: number }
  | { type: 'joined'; studentId: string; displayName: string; participants: number }
  | { type: 'minutes'; studentId: string; minutes: number[]; inserted: number; replaced: number }
  | { type: 'revoked'; studentId: string; participants: number }
  | { type: 'closed'; closedAt: number }
  | { type: 'deleted' };
