/**
 * HubStore on one SQLite file (better-sqlite3): WAL for concurrent reads during writes,
 * synchronous=FULL so an acknowledged upload survives a power cut, secure_delete plus a WAL
 * truncation after deletions so that revoked data is really gone from the disk.
 */
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXPRESSIONS, isExpression } from '../../src/shared/taxonomy';
import type { Expression } from '../../src/shared/taxonomy';
import type { MinuteAggregate } from '../contract';
import { SQLITE_MIGRATIONS } from './sqlite-migrations';
import type { Migration } from './sqlite-migrations';
import { ClassCodeTakenError } from './types';
import type {
  AggregateTotals,
  ClassRecord,
  HubStore,
  NewClass,
  NewStudent,
  ParticipantRow,
  StoredMinute,
  StudentCounts,
  StudentRecord,
  TimelineRow,
  UpsertOutcome,
} from './types';

export const SQLITE_FILE_NAME = 'hub.sqlite';

interface ClassRow {
  id: string;
  code: string;
  name: string;
  meeting_link: string | null;
  teacher_secret_hash: string;
  created_at: number;
  closed_at: number | null;
}

interface StudentRow {
  id: string;
  class_id: string;
  display_name: string;
  token_hash: string;
  joined_at: number;
  last_seen_at: number;
}

interface MinuteRow {
  minute: number;
  samples: number;
  positive: number;
  neutral: number;
  negative: number;
  not_detected: number;
  unknown: number;
  mean_engagement: number | null;
  top_expression: string | null;
  received_at: number;
  interested: number | null;
  not_interested: number | null;
}

interface TotalsRow {
  minutes: number;
  samples: number;
  positive: number;
  neutral: number;
  negative: number;
  not_detected: number;
  unknown: number;
  engagement_samples: number;
  engagement_sum: number;
  interested: number;
  not_interested: number;
}

/** The same sums for every aggregate view; COALESCE because SUM over no rows is NULL. */
const TOTALS_COLUMNS = `
  COUNT(m.minute)                      AS minutes,
  COALESCE(SUM(m.samples), 0)          AS samples,
  COALESCE(SUM(m.positive), 0)         AS positive,
  COALESCE(SUM(m.neutral), 0)          AS neutral,
  COALESCE(SUM(m.negative), 0)         AS negative,
  COALESCE(SUM(m.not_detected), 0)     AS not_detected,
  COALESCE(SUM(m.unknown), 0)          AS unknown,
  COALESCE(SUM(CASE WHEN m.mean_engagement IS NOT NULL THEN m.samples END), 0) AS engagement_samples,
  COALESCE(SUM(m.mean_engagement * m.samples), 0)                             AS engagement_sum,
  COALESCE(SUM(m.interested), 0)       AS interested,
  COALESCE(SUM(m.not_interested), 0)   AS not_interested`;

function toClass(row: ClassRow): ClassRecord {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    meetingLink: row.meeting_link,
    teacherSecretHash: row.teacher_secret_hash,
    createdAt: row.created_at,
    closedAt: row.closed_at,
  };
}

function toStudent(row: StudentRow): StudentRecord {
  return {
    id: row.id,
    classId: row.class_id,
    displayName: row.display_name,
    tokenHash: row.token_hash,
    joinedAt: row.joined_at,
    lastSeenAt: row.last_seen_at,
  };
}

function toTotals(row: TotalsRow | undefined): AggregateTotals {
  return {
    minutes: row?.minutes ?? 0,
    samples: row?.samples ?? 0,
    positive: row?.positive ?? 0,
    neutral: row?.neutral ?? 0,
    negative: row?.negative ?? 0,
    notDetected: row?.not_detected ?? 0,
    unknown: row?.unknown ?? 0,
    engagementSamples: row?.engagement_samples ?? 0,
    engagementSum: row?.engagement_sum ?? 0,
    interested: row?.interested ?? 0,
    notInterested: row?.not_interested ?? 0,
  };
}

function zeroPerExpression(): Record<Expression, number> {
  return Object.fromEntries(EXPRESSIONS.map((expression) => [expression, 0])) as Record<Expression, number>;
}

function toTopExpression(value: string | null): Expression | null {
  return isExpression(value) ? value : null;
}

function toStoredMinute(row: MinuteRow): StoredMinute {
  return {
    minute: row.minute,
    samples: row.samples,
    positive: row.positive,
    neutral: row.neutral,
    negative: row.negative,
    notDetected: row.not_detected,
    unknown: row.unknown,
    meanEngagement: row.mean_engagement,
    topExpression: toTopExpression(row.top_expression),
    // Left out, not null, for minutes uploaded without interest counts: the same shape as their upload.
    ...(row.interested === null || row.not_interested === null ? {} : { interested: row.interested, notInterested: row.not_interested }),
    receivedAt: row.received_at,
  };
}

function sameContent(row: MinuteRow, minute: MinuteAggregate): boolean {
  return (
    row.samples === minute.samples &&
    row.positive === minute.positive &&
    row.neutral === minute.neutral &&
    row.negative === minute.negative &&
    row.not_detected === minute.notDetected &&
    row.unknown === minute.unknown &&
    row.mean_engagement === minute.meanEngagement &&
    row.top_expression === minute.topExpression &&
    row.interested === (minute.interested ?? null) &&
    row.not_interested === (minute.notInterested ?? null)
  );
}

export function currentSchemaVersion(db: SqliteDatabase): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as { version: number | null };
  return row.version ?? 0;
}

export function migrate(db: SqliteDatabase, migrations: readonly Migration[] = SQLITE_MIGRATIONS): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at  INTEGER NOT NULL
  )`);
  const from = currentSchemaVersion(db);
  const newest = migrations.at(-1)?.version ?? 0;
  if (from > newest) {
    throw new Error(`hub database has schema version ${from}, newer than this hub (${newest}); upgrade the hub`);
  }
  const record = db.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.description, Date.now());
    })();
  }
  return currentSchemaVersion(db);
}

export class SqliteHubStore implements HubStore {
  readonly db: SqliteDatabase;
  private readonly statements: ReturnType<typeof prepareStatements>;

  /** `path` is a file, or ':memory:' for throwaway stores. */
  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('secure_delete = ON');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    this.statements = prepareStatements(this.db);
  }

  /** Opens (creating if needed) `<dir>/hub.sqlite`. */
  static openInDirectory(dir: string): SqliteHubStore {
    mkdirSync(dir, { recursive: true });
    return new SqliteHubStore(join(dir, SQLITE_FILE_NAME));
  }

  async createClass(input: NewClass): Promise<ClassRecord> {
    try {
      this.statements.insertClass.run(input);
    } catch (error) {
      if (isUniqueViolation(error, 'classes.code')) throw new ClassCodeTakenError(input.code);
      throw error;
    }
    return { ...input, closedAt: null };
  }

  async findClassByCode(code: string): Promise<ClassRecord | null> {
    const row = this.statements.classByCode.get(code) as ClassRow | undefined;
    return row ? toClass(row) : null;
  }

  async closeClass(classId: string, closedAt: number): Promise<ClassRecord> {
    this.statements.closeClass.run(closedAt, classId);
    const row = this.statements.classById.get(classId) as ClassRow | undefined;
    if (!row) throw new Error(`no class ${classId}`);
    return toClass(row);
  }

  async deleteClass(classId: string): Promise<void> {
    this.statements.deleteClass.run(classId);
    this.forgetDeletedPages();
  }

  async addStudent(input: NewStudent): Promise<StudentRecord> {
    this.statements.insertStudent.run({ ...input, lastSeenAt: input.joinedAt });
    return { ...input, lastSeenAt: input.joinedAt };
  }

  async findStudent(studentId: string): Promise<StudentRecord | null> {
    const row = this.statements.studentById.get(studentId) as StudentRow | undefined;
    return row ? toStudent(row) : null;
  }

  async countStudents(classId: string): Promise<StudentCounts> {
    return this.statements.countStudents.get(classId) as StudentCounts;
  }

  async countStudentMinutes(studentId: string): Promise<number> {
    return (this.statements.countStudentMinutes.get(studentId) as { count: number }).count;
  }

  async upsertMinutes(student: StudentRecord, minutes: readonly MinuteAggregate[], receivedAt: number): Promise<UpsertOutcome> {
    const { minuteOfStudent, upsertMinute, touchStudent } = this.statements;
    const run = this.db.transaction((): UpsertOutcome => {
      const outcome: UpsertOutcome = { inserted: 0, replaced: 0, unchanged: 0 };
      for (const minute of minutes) {
        const existing = minuteOfStudent.get(student.id, minute.minute) as MinuteRow | undefined;
        if (existing && sameContent(existing, minute)) {
          outcome.unchanged++;
          continue;
        }
        upsertMinute.run({
          ...minute,
          interested: minute.interested ?? null,
          notInterested: minute.notInterested ?? null,
          studentId: student.id,
          classId: student.classId,
          receivedAt,
        });
        if (existing) outcome.replaced++;
        else outcome.inserted++;
      }
      touchStudent.run(receivedAt, student.id);
      return outcome;
    });
    return run();
  }

  async listStudentMinutes(studentId: string): Promise<StoredMinute[]> {
    return (this.statements.minutesOfStudent.all(studentId) as MinuteRow[]).map(toStoredMinute);
  }

  async deleteStudent(studentId: string): Promise<number> {
    const deleted = this.db.transaction(() => {
      const { count } = this.statements.countStudentMinutes.get(studentId) as { count: number };
      this.statements.deleteStudent.run(studentId);
      return count;
    })();
    this.forgetDeletedPages();
    return deleted;
  }

  async listParticipants(classId: string): Promise<ParticipantRow[]> {
    const rows = this.statements.participants.all(classId) as (StudentRow & TotalsRow & { first_minute: number | null; last_minute: number | null })[];
    const tops = this.statements.topExpressionsOfClass.all(classId) as { student_id: string; top_expression: string; minutes: number }[];
    const topsByStudent = new Map<string, Record<Expression, number>>();
    for (const top of tops) {
      const expression = toTopExpression(top.top_expression);
      if (expression === null) continue;
      const counts = topsByStudent.get(top.student_id) ?? zeroPerExpression();
      counts[expression] = top.minutes;
      topsByStudent.set(top.student_id, counts);
    }
    return rows.map((row) => ({
      studentId: row.id,
      displayName: row.display_name,
      joinedAt: row.joined_at,
      lastSeenAt: row.last_seen_at,
      firstMinute: row.first_minute,
      lastMinute: row.last_minute,
      totals: toTotals(row),
      topExpressionMinutes: topsByStudent.get(row.id) ?? zeroPerExpression(),
    }));
  }

  async classTotals(classId: string): Promise<AggregateTotals> {
    return toTotals(this.statements.classTotals.get(classId) as TotalsRow | undefined);
  }

  async timeline(classId: string): Promise<TimelineRow[]> {
    const rows = this.statements.timeline.all(classId) as (TotalsRow & { minute: number })[];
    return rows.map((row) => ({ minute: row.minute, students: row.minutes, totals: toTotals(row) }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /**
   * secure_delete zeroes the freed pages in the database, but the WAL file still holds earlier
   * copies of them until it is reset; truncating it makes a revocation final on disk too.
   */
  private forgetDeletedPages(): void {
    if (this.db.memory) return;
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }
}

function isUniqueViolation(error: unknown, column: string): boolean {
  return (
    error instanceof Error &&
    (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    error.message.includes(column)
  );
}

function prepareStatements(db: SqliteDatabase) {
  const statement = (sql: string): Statement => db.prepare(sql);
  return {
    insertClass: statement(`INSERT INTO classes (id, code, name, meeting_link, teacher_secret_hash, created_at)
      VALUES (@id, @code, @name, @meetingLink, @teacherSecretHash, @createdAt)`),
    classByCode: statement('SELECT * FROM classes WHERE code = ?'),
    classById: statement('SELECT * FROM classes WHERE id = ?'),
    closeClass: statement('UPDATE classes SET closed_at = COALESCE(closed_at, ?) WHERE id = ?'),
    deleteClass: statement('DELETE FROM classes WHERE id = ?'),
    insertStudent: statement(`INSERT INTO students (id, class_id, display_name, token_hash, joined_at, last_seen_at)
      VALUES (@id, @classId, @displayName, @tokenHash, @joinedAt, @lastSeenAt)`),
    studentById: statement('SELECT * FROM students WHERE id = ?'),
    touchStudent: statement('UPDATE students SET last_seen_at = MAX(last_seen_at, ?) WHERE id = ?'),
    deleteStudent: statement('DELETE FROM students WHERE id = ?'),
    countStudents: statement(`SELECT
        COUNT(*) AS joined,
        COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM minutes m WHERE m.student_id = s.id)) AS sharing
      FROM students s WHERE s.class_id = ?`),
    countStudentMinutes: statement('SELECT COUNT(*) AS count FROM minutes WHERE student_id = ?'),
    minuteOfStudent: statement('SELECT * FROM minutes WHERE student_id = ? AND minute = ?'),
    minutesOfStudent: statement('SELECT * FROM minutes WHERE student_id = ? ORDER BY minute'),
    upsertMinute: statement(`INSERT INTO minutes (student_id, class_id, minute, samples, positive, neutral, negative,
        not_detected, unknown, mean_engagement, top_expression, interested, not_interested, received_at)
      VALUES (@studentId, @classId, @minute, @samples, @positive, @neutral, @negative,
        @notDetected, @unknown, @meanEngagement, @topExpression, @interested, @notInterested, @receivedAt)
      ON CONFLICT (student_id, minute) DO UPDATE SET
        samples = excluded.samples, positive = excluded.positive, neutral = excluded.neutral,
        negative = excluded.negative, not_detected = excluded.not_detected, unknown = excluded.unknown,
        mean_engagement = excluded.mean_engagement, top_expression = excluded.top_expression,
        interested = excluded.interested, not_interested = excluded.not_interested,
        received_at = excluded.received_at`),
    participants: statement(`SELECT s.*, ${TOTALS_COLUMNS}, MIN(m.minute) AS first_minute, MAX(m.minute) AS last_minute
      FROM students s LEFT JOIN minutes m ON m.student_id = s.id
      WHERE s.class_id = ? GROUP BY s.id ORDER BY s.joined_at, s.id`),
    topExpressionsOfClass: statement(`SELECT student_id, top_expression, COUNT(*) AS minutes FROM minutes
      WHERE class_id = ? AND top_expression IS NOT NULL GROUP BY student_id, top_expression`),
    classTotals: statement(`SELECT ${TOTALS_COLUMNS} FROM minutes m WHERE m.class_id = ?`),
    timeline: statement(`SELECT m.minute AS minute, ${TOTALS_COLUMNS} FROM minutes m
      WHERE m.class_id = ? GROUP BY m.minute ORDER BY m.minute`),
  };
}
