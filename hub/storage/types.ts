/**
 * The hub's one storage interface. Routes talk to this only, so a school that outgrows one
 * machine can add a PostgreSQL implementation next to sqlite.ts without touching them.
 * Every method is async for that reason, even though SQLite answers synchronously.
 */
import type { Expression } from '../../src/shared/taxonomy';
import type { GroupCounts, MinuteAggregate } from '../contract';

export interface NewClass {
  id: string;
  /** Upper-case class code, unique across the hub. */
  code: string;
  name: string;
  meetingLink: string | null;
  /** Hex sha-256 of the teacher secret; the secret itself is never stored. */
  teacherSecretHash: string;
  createdAt: number;
}

export interface ClassRecord extends NewClass {
  closedAt: number | null;
}

export interface NewStudent {
  id: string;
  classId: string;
  displayName: string;
  /** Hex sha-256 of the student token's secret part. */
  tokenHash: string;
  joinedAt: number;
}

export interface StudentRecord extends NewStudent {
  /** Last upload (or the join while there is none). */
  lastSeenAt: number;
}

export interface StoredMinute extends MinuteAggregate {
  receivedAt: number;
}

/** How an upload landed. A retry with identical content counts as unchanged, never twice. */
export interface UpsertOutcome {
  inserted: number;
  replaced: number;
  unchanged: number;
}

/** Sums over a set of stored minutes. */
export interface AggregateTotals extends GroupCounts {
  minutes: number;
  /** Samples of the minutes whose meanEngagement is not null, and their sample-weighted sum. */
  engagementSamples: number;
  engagementSum: number;
  /** Frames labelled interested / not interested (minutes uploaded without interest counts add 0). */
  interested: number;
  notInterested: number;
}

export interface ParticipantRow {
  studentId: string;
  displayName: string;
  joinedAt: number;
  lastSeenAt: number;
  firstMinute: number | null;
  lastMinute: number | null;
  totals: AggregateTotals;
  /** How many of the student's minutes had each top expression. */
  topExpressionMinutes: Record<Expression, number>;
}

export interface TimelineRow {
  minute: number;
  /** Students who shared this minute. */
  students: number;
  totals: AggregateTotals;
}

export interface StudentCounts {
  /** Students who joined (consented) and have not revoked. */
  joined: number;
  /** Of those, students with at least one stored minute. */
  sharing: number;
}

export class ClassCodeTakenError extends Error {
  constructor(code: string) {
    super(`class code ${code} is taken`);
    this.name = 'ClassCodeTakenError';
  }
}

export interface HubStore {
  /** Throws ClassCodeTakenError when the code exists (the caller draws another). */
  createClass(input: NewClass): Promise<ClassRecord>;
  findClassByCode(code: string): Promise<ClassRecord | null>;
  /** Sets closedAt once; closing again keeps the first time. */
  closeClass(classId: string, closedAt: number): Promise<ClassRecord>;
  /** Deletes the class with every student and minute in it. */
  deleteClass(classId: string): Promise<void>;

  addStudent(input: NewStudent): Promise<StudentRecord>;
  findStudent(studentId: string): Promise<StudentRecord | null>;
  countStudents(classId: string): Promise<StudentCounts>;
  countStudentMinutes(studentId: string): Promise<number>;
  /** Keyed by (student, minute): new minutes are inserted, changed ones replaced, identical ones left alone. */
  upsertMinutes(student: StudentRecord, minutes: readonly MinuteAggregate[], receivedAt: number): Promise<UpsertOutcome>;
  listStudentMinutes(studentId: string): Promise<StoredMinute[]>;
  /** Revocation: deletes the student and all their minutes; returns how many minutes went. */
  deleteStudent(studentId: string): Promise<number>;

  listParticipants(classId: string): Promise<ParticipantRow[]>;
  classTotals(classId: string): Promise<AggregateTotals>;
  timeline(classId: string): Promise<TimelineRow[]>;

  close(): Promise<void>;
}
