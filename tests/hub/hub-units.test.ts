/** The hub's pure parts and the SQLite store, without a server. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLASS_CODE_ALPHABET, newClassCode, normalizeClassCode } from '../../hub/auth/class-code';
import { formatStudentToken, hashSecret, newSecret, parseStudentToken, secretMatches } from '../../hub/auth/secrets';
import { describeValidationError } from '../../hub/errors';
import { findMinuteProblem } from '../../hub/minute-checks';
import { RateLimiter } from '../../hub/rate-limit';
import { currentSchemaVersion, migrate, SqliteHubStore } from '../../hub/storage/sqlite';
import { SQLITE_MIGRATIONS } from '../../hub/storage/sqlite-migrations';
import { ClassCodeTakenError } from '../../hub/storage/types';
import type { AggregateTotals } from '../../hub/storage/types';
import { classSummaryView, summarize, timelineView } from '../../hub/teacher-views';
import { makeMinute } from './helpers/hub-client';

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);

describe('class codes', () => {
  it('are 10 characters from a 32-letter alphabet without 0, O, 1 and I', () => {
    expect(new Set(CLASS_CODE_ALPHABET).size).toBe(32);
    expect(CLASS_CODE_ALPHABET).not.toMatch(/[01OI]/);
    const codes = Array.from({ length: 2000 }, newClassCode);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
    expect(new Set(codes).size).toBe(codes.length);
    // Every letter shows up: the draw is not stuck on part of the alphabet.
    expect(new Set(codes.join('')).size).toBe(32);
  });

  it('are read case-insensitively and refused when malformed', () => {
    expect(normalizeClassCode('ab23cd45ef')).toBe('AB23CD45EF');
    for (const bad of ['AB23CD45E', 'AB23CD45EFG', 'AB23CD45E0', 'AB23CD45EI', 'AB23CD45E-', '']) expect(normalizeClassCode(bad)).toBeNull();
  });
});

describe('secrets', () => {
  it('hash to sha-256 and match only the original', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const hash = hashSecret(secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(secretMatches(secret, hash)).toBe(true);
    expect(secretMatches(`${secret}x`, hash)).toBe(false);
    expect(secretMatches(newSecret(), hash)).toBe(false);
    expect(secretMatches(secret, 'not-hex')).toBe(false);
  });

  it('student tokens carry the student id and a 256-bit secret', () => {
    const token = formatStudentToken({ studentId: '123e4567-e89b-12d3-a456-426614174000', secret: newSecret() });
    expect(parseStudentToken(token)?.studentId).toBe('123e4567-e89b-12d3-a456-426614174000');
    for (const bad of ['', 'abc', newSecret(), `x.${newSecret()}`, `123e4567-e89b-12d3-a456-426614174000.short`]) expect(parseStudentToken(bad)).toBeNull();
  });
});

describe('RateLimiter', () => {
  it('allows perMinute at once, then refills evenly over the minute, per key', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 3, now: () => now });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([true, true, true, false]);
    expect(limiter.take('b')).toBe(true);
    expect(limiter.retryAfterSeconds('a')).toBe(20);
    now += 20_000;
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
    now += 10 * 60_000;
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([true, true, true, false]);
  });

  it('keeps at most maxKeys buckets', () => {
    const limiter = new RateLimiter({ perMinute: 1, maxKeys: 2, now: () => 0 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    // 'a' was forgotten: its limit starts afresh, which is the price of bounded memory.
    expect(limiter.allows('a')).toBe(true);
    expect(limiter.allows('c')).toBe(false);
  });
});

describe('findMinuteProblem', () => {
  it('accepts consistent minutes', () => {
    expect(findMinuteProblem([makeMinute(T0), makeMinute(T0 + 60_000)], T0 + 120_000)).toBeNull();
  });

  it('names counts that do not add up, duplicate minutes, future minutes and a top expression without classified frames', () => {
    expect(findMinuteProblem([makeMinute(T0, { samples: 61 })], T0)).toMatch(/minutes\/0.*samples is 61/);
    expect(findMinuteProblem([makeMinute(T0), makeMinute(T0)], T0)).toMatch(/minutes\/1.*twice/);
    expect(findMinuteProblem([makeMinute(T0 + 10 * 60_000)], T0)).toMatch(/future/);
    expect(findMinuteProblem([makeMinute(T0, { positive: 0, neutral: 0, negative: 0, notDetected: 60, unknown: 0 })], T0)).toMatch(/topExpression/);
  });

  it('take interest counts both or neither, within the frames with a face', () => {
    expect(findMinuteProblem([makeMinute(T0, { interested: 40, notInterested: 14 })], T0)).toBeNull();
    expect(findMinuteProblem([makeMinute(T0)], T0)).toBeNull();
    expect(findMinuteProblem([makeMinute(T0, { interested: 40 })], T0)).toMatch(/minutes\/0: interested and notInterested come together/);
    expect(findMinuteProblem([makeMinute(T0, { notInterested: 4 })], T0)).toMatch(/come together/);
    // 60 samples, 6 without a face: at most 54 labelled.
    expect(findMinuteProblem([makeMinute(T0, { interested: 50, notInterested: 5 })], T0)).toMatch(/55, more than the 54 frames with a face/);
  });
});

describe('validation messages', () => {
  it('name the unknown field and the allowed values', () => {
    expect(describeValidationError('body', { instancePath: '/minutes/0', keyword: 'additionalProperties', params: { additionalProperty: 'frame' } })).toBe(
      'body/minutes/0 has an unknown field "frame"; only the documented fields are accepted',
    );
    expect(describeValidationError('body', { instancePath: '/x', keyword: 'enum', params: { allowedValues: ['a', null] } })).toBe('body/x must be one of "a", null');
  });
});

const totals = (overrides: Partial<AggregateTotals> = {}): AggregateTotals => ({
  minutes: 2,
  samples: 100,
  positive: 40,
  neutral: 20,
  negative: 20,
  notDetected: 15,
  unknown: 5,
  engagementSamples: 50,
  engagementSum: 25,
  interested: 50,
  notInterested: 25,
  ...overrides,
});

describe('teacher views', () => {
  it('give valence shares over classified frames and not-detected over all frames', () => {
    const summary = summarize(totals());
    expect(summary.percent).toEqual({ positive: 50, neutral: 25, negative: 25, notDetected: 15, unknown: 5 });
    expect(summary.meanEngagement).toBe(0.5);
    expect(summary.impression).toBe('good');
    expect(summarize(totals({ engagementSamples: 0, engagementSum: 0, positive: 0, neutral: 0, negative: 0 }))).toMatchObject({ meanEngagement: null, impression: null });
  });

  it('give the classroom study’s table over all samples; unknown is what the labels leave', () => {
    expect(summarize(totals()).interest).toEqual({
      samples: 100,
      interested: { count: 50, percent: 50 },
      notInterested: { count: 25, percent: 25 },
      notDetected: { count: 15, percent: 15 },
      unknown: { count: 10, percent: 10 },
    });
    // Minutes from extensions without interest counts: their frames with a face are unknown interest.
    expect(summarize(totals({ interested: 0, notInterested: 0 })).interest.unknown).toEqual({ count: 85, percent: 85 });
  });

  it('withhold class-level numbers under 3 sharing students, and minutes shared by fewer than 3', () => {
    expect(classSummaryView(totals(), 2)).toEqual({ withheld: true, reason: expect.stringContaining('3'), students: 2, required: 3 });
    expect(classSummaryView(totals(), 3)).toMatchObject({ withheld: false, students: 3 });
    const rows = [
      { minute: T0, students: 3, totals: totals() },
      { minute: T0 + 60_000, students: 2, totals: totals() },
    ];
    expect(timelineView(rows, 2)).toMatchObject({ withheld: true, students: 2 });
    const view = timelineView(rows, 3);
    expect(view.withheld).toBe(false);
    if (!view.withheld) {
      expect(view.minutes[0]).toMatchObject({ minute: T0, withheld: false, totals: { samples: 100 } });
      expect(view.minutes[1]).toEqual({ minute: T0 + 60_000, students: 2, withheld: true });
    }
  });
});

describe('SQLite store', () => {
  it('migrates a new database to the newest version, once', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toBe(SQLITE_MIGRATIONS.at(-1)?.version);
    expect(migrate(db)).toBe(SQLITE_MIGRATIONS.at(-1)?.version);
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_version').get()).toEqual({ n: SQLITE_MIGRATIONS.length });
    db.close();
  });

  it('applies only the missing migrations, and refuses a database from a newer hub', () => {
    const db = new Database(':memory:');
    migrate(db, SQLITE_MIGRATIONS.slice(0, 1));
    const next = { version: 2, description: 'test column', sql: 'ALTER TABLE classes ADD COLUMN test_note TEXT' };
    expect(migrate(db, [...SQLITE_MIGRATIONS.slice(0, 1), next])).toBe(2);
    expect(currentSchemaVersion(db)).toBe(2);
    expect(() => migrate(db, SQLITE_MIGRATIONS.slice(0, 1))).toThrow(/newer than this hub/);
    db.close();
  });

  it('keeps a version 1 database’s minutes when it adds the interest columns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'raut-hub-v1-'));
    const path = join(dir, 'hub.sqlite');
    const old = new Database(path);
    migrate(old, SQLITE_MIGRATIONS.slice(0, 1));
    old.exec(`INSERT INTO classes VALUES ('c1', 'AAAAAAAAAA', 'C', NULL, 'h', ${T0}, NULL);
      INSERT INTO students VALUES ('s1', 'c1', 'S', 'h', ${T0}, ${T0});
      INSERT INTO minutes (student_id, class_id, minute, samples, positive, neutral, negative, not_detected, unknown,
        mean_engagement, top_expression, received_at) VALUES ('s1', 'c1', ${T0}, 60, 30, 15, 5, 6, 4, NULL, 'happy', ${T0});`);
    old.close();

    const store = new SqliteHubStore(path);
    expect(currentSchemaVersion(store.db)).toBe(SQLITE_MIGRATIONS.at(-1)?.version);
    const [minute] = await store.listStudentMinutes('s1');
    expect(minute).toMatchObject({ minute: T0, samples: 60, meanEngagement: null });
    expect(minute).not.toHaveProperty('interested');
    const student = (await store.findStudent('s1'))!;
    // The same student's extension, updated, now sends interest counts for the next minute.
    await store.upsertMinutes(student, [makeMinute(T0 + 60_000, { interested: 40, notInterested: 10 })], T0 + 60_001);
    expect(await store.classTotals('c1')).toMatchObject({ minutes: 2, samples: 120, interested: 40, notInterested: 10 });
    expect((await store.listStudentMinutes('s1'))[1]).toMatchObject({ interested: 40, notInterested: 10 });
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts a changed interest count as a replaced minute, an identical one as unchanged', async () => {
    const store = new SqliteHubStore(':memory:');
    await store.createClass({ id: 'c1', code: 'AAAAAAAAAA', name: 'C', meetingLink: null, teacherSecretHash: hashSecret('t'), createdAt: T0 });
    const student = await store.addStudent({ id: 's1', classId: 'c1', displayName: 'S', tokenHash: hashSecret('s'), joinedAt: T0 });
    const labelled = makeMinute(T0, { interested: 40, notInterested: 10 });
    expect(await store.upsertMinutes(student, [labelled], T0 + 1)).toMatchObject({ inserted: 1 });
    expect(await store.upsertMinutes(student, [labelled], T0 + 2)).toMatchObject({ unchanged: 1 });
    expect(await store.upsertMinutes(student, [{ ...labelled, interested: 41, notInterested: 9 }], T0 + 3)).toMatchObject({ replaced: 1 });
    expect(await store.upsertMinutes(student, [makeMinute(T0)], T0 + 4)).toMatchObject({ replaced: 1 });
    expect((await store.listStudentMinutes('s1'))[0]).not.toHaveProperty('interested');
    await store.close();
  });

  it('upserts by (student, minute): insert, unchanged, replace; and reports totals', async () => {
    const store = new SqliteHubStore(':memory:');
    const base = { name: 'C', meetingLink: null, teacherSecretHash: hashSecret('t'), createdAt: T0 };
    await store.createClass({ id: 'c1', code: 'AAAAAAAAAA', ...base });
    await expect(store.createClass({ id: 'c2', code: 'AAAAAAAAAA', ...base })).rejects.toBeInstanceOf(ClassCodeTakenError);
    const student = await store.addStudent({ id: 's1', classId: 'c1', displayName: 'S', tokenHash: hashSecret('s'), joinedAt: T0 });

    expect(await store.upsertMinutes(student, [makeMinute(T0), makeMinute(T0 + 60_000)], T0 + 1)).toEqual({ inserted: 2, replaced: 0, unchanged: 0 });
    expect(await store.upsertMinutes(student, [makeMinute(T0), makeMinute(T0 + 60_000, { meanEngagement: null })], T0 + 2)).toEqual({ inserted: 0, replaced: 1, unchanged: 1 });
    expect(await store.countStudents('c1')).toEqual({ joined: 1, sharing: 1 });
    const [participant] = await store.listParticipants('c1');
    expect(participant).toMatchObject({ lastSeenAt: T0 + 2, firstMinute: T0, lastMinute: T0 + 60_000, totals: { minutes: 2, samples: 120, engagementSamples: 60, engagementSum: 36 } });
    expect(participant?.topExpressionMinutes.happy).toBe(2);
    expect(await store.timeline('c1')).toHaveLength(2);

    expect(await store.deleteStudent('s1')).toBe(2);
    expect(await store.listStudentMinutes('s1')).toEqual([]);
    expect(await store.countStudents('c1')).toEqual({ joined: 0, sharing: 0 });
    await store.close();
  });
});
