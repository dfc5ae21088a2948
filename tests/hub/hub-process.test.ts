/**
 * The hub as users meet it: a real `hub/main.ts` process on loopback with a real SQLite file.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME } from '../../hub/storage/sqlite';
import { spawnHub } from '../../hub/spawn';
import type { RunningHub } from '../../hub/spawn';
import { call, createClass, join, makeMinute, minuteStart, upload } from './helpers/hub-client';
import { SseReader } from './helpers/sse';

let dataDir: string;
let hub: RunningHub;
const url = () => hub.url;
// This file provokes many 401s on purpose; the failure limiter has its own test (hub-limits).
const HUB_ARGS = ['--failures-per-minute', '100000'];

beforeAll(async () => {
  dataDir = mkdtempSync(joinPath(tmpdir(), 'raut-hub-test-'));
  hub = await spawnHub({ dataDir, extraArgs: HUB_ARGS });
});

afterAll(async () => {
  await hub?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function openDatabase(): Database.Database {
  return new Database(joinPath(dataDir, SQLITE_FILE_NAME), { readonly: true, fileMustExist: true });
}

/** The database and its WAL as bytes: where a deleted string could linger. */
function rawDatabaseBytes(): Buffer {
  const file = joinPath(dataDir, SQLITE_FILE_NAME);
  const parts = [readFileSync(file)];
  if (existsSync(`${file}-wal`)) parts.push(readFileSync(`${file}-wal`));
  return Buffer.concat(parts);
}

describe('classes and joins', () => {
  it('creates a class with a 10-character code and a teacher secret, and shows it to the teacher', async () => {
    const created = await createClass(url(), 'Chemistry 10a', 'https://meet.google.com/abc-defg-hij');
    expect(created.code).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
    expect(created.teacherSecret.length).toBeGreaterThanOrEqual(43);

    const info = await call(url(), 'GET', `/classes/${created.code.toLowerCase()}`, { token: created.teacherSecret });
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({
      classId: created.classId,
      code: created.code,
      name: 'Chemistry 10a',
      meetingLink: 'https://meet.google.com/abc-defg-hij',
      closedAt: null,
      participants: 0,
      sharing: 0,
      summary: { withheld: true, students: 0, required: 3 },
    });

    const student = await join(url(), created.code, 'Mira');
    expect(student.studentToken.startsWith(`${student.studentId}.`)).toBe(true);
    const after = await call(url(), 'GET', `/classes/${created.code}`, { token: created.teacherSecret });
    expect(after.body).toMatchObject({ participants: 1, sharing: 0 });
  });

  it('stores secrets and tokens only as sha-256 hashes', async () => {
    const created = await createClass(url());
    const student = await join(url(), created.code, 'Hash check');
    const secretPart = student.studentToken.split('.')[1] ?? '';
    const bytes = rawDatabaseBytes().toString('latin1');
    expect(bytes).not.toContain(created.teacherSecret);
    expect(bytes).not.toContain(secretPart);
  });

  it('answers 404 for an unknown class code and 400 for a malformed one', async () => {
    expect((await call(url(), 'POST', '/classes/ZZZZZZZZZZ/join', { json: { displayName: 'x' } })).status).toBe(404);
    const malformed = await call(url(), 'POST', '/classes/ABC/join', { json: { displayName: 'x' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatch(/code/);
  });
});

describe('uploads', () => {
  it('counts a retried minute once and replaces a corrected one', async () => {
    const { code, teacherSecret } = await createClass(url());
    const student = await join(url(), code, 'Ana');
    const m1 = minuteStart(3);
    const m2 = minuteStart(2);

    const first = await upload(url(), code, student.studentToken, [makeMinute(m1), makeMinute(m2)]);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ inserted: 2, replaced: 0, unchanged: 0, ignoredAfterClose: 0 });

    const retry = await upload(url(), code, student.studentToken, [makeMinute(m1), makeMinute(m2)]);
    expect(retry.body).toEqual({ inserted: 0, replaced: 0, unchanged: 2, ignoredAfterClose: 0 });

    const participants = await call(url(), 'GET', `/classes/${code}/participants`, { token: teacherSecret });
    expect(participants.body.participants).toHaveLength(1);
    expect(participants.body.participants[0]).toMatchObject({
      displayName: 'Ana',
      minutesShared: 2,
      firstMinute: m1,
      lastMinute: m2,
      totals: { samples: 120, positive: 60, neutral: 30, negative: 10, notDetected: 12, unknown: 8 },
      impression: 'good',
      topExpression: 'happy',
    });
    expect(participants.body.participants[0].percent.positive).toBeCloseTo((60 / 100) * 100);
    expect(participants.body.participants[0].percent.notDetected).toBeCloseTo((12 / 120) * 100);

    const corrected = await upload(url(), code, student.studentToken, [makeMinute(m2, { positive: 0, negative: 35, topExpression: 'sad' })]);
    expect(corrected.body).toEqual({ inserted: 0, replaced: 1, unchanged: 0, ignoredAfterClose: 0 });
    const after = await call(url(), 'GET', `/classes/${code}/participants`, { token: teacherSecret });
    expect(after.body.participants[0]).toMatchObject({ minutesShared: 2, totals: { samples: 120, positive: 30, negative: 40 } });

    const db = openDatabase();
    try {
      const rows = db.prepare('SELECT COUNT(*) AS n FROM minutes WHERE student_id = ?').get(student.studentId) as { n: number };
      expect(rows.n).toBe(2);
    } finally {
      db.close();
    }
  });

  it('lets a student read back exactly what the hub holds about them', async () => {
    const { code } = await createClass(url());
    const student = await join(url(), code, 'Lea');
    const minute = makeMinute(minuteStart(1), { meanEngagement: null, topExpression: null, positive: 0, neutral: 0, negative: 0, notDetected: 50, unknown: 10 });
    await upload(url(), code, student.studentToken, [minute]);
    const mine = await call(url(), 'GET', `/classes/${code}/students/me`, { token: student.studentToken });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ studentId: student.studentId, displayName: 'Lea', minutes: [{ ...minute, receivedAt: expect.any(Number) }] });
  });
});

describe('k-anonymity', () => {
  it('withholds the timeline and class summary until 3 students have shared, and minutes shared by fewer', async () => {
    const { code, teacherSecret } = await createClass(url());
    const students = await Promise.all(['A', 'B', 'C'].map((name) => join(url(), code, name)));
    const [a, b, c] = students as [(typeof students)[0], (typeof students)[0], (typeof students)[0]];
    const shared = minuteStart(5);
    const lonely = minuteStart(4);

    await upload(url(), code, a.studentToken, [makeMinute(shared), makeMinute(lonely)]);
    await upload(url(), code, b.studentToken, [makeMinute(shared)]);
    // Joined but not shared yet: does not count.
    const two = await call(url(), 'GET', `/classes/${code}/timeline`, { token: teacherSecret });
    expect(two.status).toBe(200);
    expect(two.body).toEqual({ withheld: true, reason: expect.stringMatching(/at least 3/), students: 2, required: 3 });
    const info = await call(url(), 'GET', `/classes/${code}`, { token: teacherSecret });
    expect(info.body.summary).toEqual({ withheld: true, reason: expect.any(String), students: 2, required: 3 });
    // Per-student rows stay visible: each of them consented to that.
    const participants = await call(url(), 'GET', `/classes/${code}/participants`, { token: teacherSecret });
    expect(participants.body.participants.map((p: { displayName: string }) => p.displayName)).toEqual(['A', 'B', 'C']);

    await upload(url(), code, c.studentToken, [makeMinute(shared, { positive: 0, neutral: 45 })]);
    const three = await call(url(), 'GET', `/classes/${code}/timeline`, { token: teacherSecret });
    expect(three.body.withheld).toBe(false);
    expect(three.body.students).toBe(3);
    expect(three.body.minutes).toEqual([
      expect.objectContaining({ minute: shared, students: 3, withheld: false, totals: { samples: 180, positive: 60, neutral: 75, negative: 15, notDetected: 18, unknown: 12 } }),
      { minute: lonely, students: 1, withheld: true },
    ]);
    const visible = await call(url(), 'GET', `/classes/${code}`, { token: teacherSecret });
    expect(visible.body.summary).toMatchObject({ withheld: false, students: 3, studentMinutes: 4, impression: 'good' });
    expect(visible.body.summary.meanEngagement).toBeCloseTo(0.6);
  });
});

describe('authentication', () => {
  it('refuses missing, wrong and misplaced credentials with 401 or 403', async () => {
    const first = await createClass(url(), 'First');
    const other = await createClass(url(), 'Other');
    const student = await join(url(), first.code, 'Sam');
    const outsider = await join(url(), other.code, 'Out');
    const minutes = { minutes: [makeMinute(minuteStart(1))] };
    const teacherRoutes: [string, string][] = [
      ['GET', `/classes/${first.code}`],
      ['GET', `/classes/${first.code}/participants`],
      ['GET', `/classes/${first.code}/timeline`],
      ['GET', `/classes/${first.code}/events`],
      ['POST', `/classes/${first.code}/close`],
      ['DELETE', `/classes/${first.code}`],
    ];
    for (const [method, path] of teacherRoutes) {
      expect((await call(url(), method, path)).status, `${method} ${path} without token`).toBe(401);
      expect((await call(url(), method, path, { token: 'not-the-secret' })).status, `${method} ${path} wrong token`).toBe(401);
      expect((await call(url(), method, path, { token: other.teacherSecret })).status, `${method} ${path} other teacher`).toBe(401);
      const asStudent = await call(url(), method, path, { token: student.studentToken });
      expect(asStudent.status, `${method} ${path} student token`).toBe(403);
      expect(asStudent.body.error).toMatch(/student token/);
    }
    const studentRoutes: [string, string, unknown?][] = [
      ['PUT', `/classes/${first.code}/students/me/minutes`, minutes],
      ['GET', `/classes/${first.code}/students/me`],
      ['DELETE', `/classes/${first.code}/students/me`],
    ];
    for (const [method, path, json] of studentRoutes) {
      expect((await call(url(), method, path, { json })).status, `${method} ${path} without token`).toBe(401);
      expect((await call(url(), method, path, { json, token: `${student.studentId}.${'A'.repeat(43)}` })).status, 'forged secret').toBe(401);
      const asTeacher = await call(url(), method, path, { json, token: first.teacherSecret });
      expect(asTeacher.status, `${method} ${path} teacher secret`).toBe(403);
      expect(asTeacher.body.error).toMatch(/teacher secret/);
      const otherClass = await call(url(), method, path, { json, token: outsider.studentToken });
      expect(otherClass.status, `${method} ${path} other class's student`).toBe(403);
    }
    const malformedHeader = await call(url(), 'GET', `/classes/${first.code}`, { headers: { authorization: 'Basic abc' } });
    expect(malformedHeader.status).toBe(401);
    // Nothing of the above changed anything.
    const info = await call(url(), 'GET', `/classes/${first.code}`, { token: first.teacherSecret });
    expect(info.body).toMatchObject({ participants: 1, sharing: 0, closedAt: null });
  });
});

describe('live events', () => {
  it('streams joins, uploads and revocations to the teacher', async () => {
    const { code, teacherSecret } = await createClass(url());
    const stream = await SseReader.open(`${url()}/classes/${code}/events`, { authorization: `Bearer ${teacherSecret}` });
    try {
      expect(stream.response.headers.get('content-type')).toMatch(/text\/event-stream/);
      expect((await stream.reader.waitFor('ready')).data).toEqual({ type: 'ready', participants: 0, sharing: 0 });
      const student = await join(url(), code, 'Noa');
      expect((await stream.reader.waitFor('joined')).data).toMatchObject({ studentId: student.studentId, displayName: 'Noa', participants: 1 });
      const minute = minuteStart(1);
      await upload(url(), code, student.studentToken, [makeMinute(minute)]);
      expect((await stream.reader.waitFor('minutes')).data).toEqual({ type: 'minutes', studentId: student.studentId, minutes: [minute], inserted: 1, replaced: 0 });
      await call(url(), 'DELETE', `/classes/${code}/students/me`, { token: student.studentToken });
      expect((await stream.reader.waitFor('revoked')).data).toMatchObject({ studentId: student.studentId, participants: 0 });
    } finally {
      stream.abort();
    }
  });

  it('tells open streams that the class was deleted, and ends them', async () => {
    const { code, teacherSecret } = await createClass(url());
    const stream = await SseReader.open(`${url()}/classes/${code}/events`, { authorization: `Bearer ${teacherSecret}` });
    try {
      await stream.reader.waitFor('ready');
      await call(url(), 'DELETE', `/classes/${code}`, { token: teacherSecret });
      expect((await stream.reader.waitFor('deleted')).data).toEqual({ type: 'deleted' });
      await expect(stream.reader.waitFor('anything', 2000)).rejects.toThrow(/stream ended/);
    } finally {
      stream.abort();
    }
  });

  it('accepts the teacher secret as ?token= for EventSource, and not a student token', async () => {
    const { code, teacherSecret } = await createClass(url());
    const student = await join(url(), code, 'Eli');
    const stream = await SseReader.open(`${url()}/classes/${code}/events?token=${encodeURIComponent(teacherSecret)}`);
    try {
      expect(stream.response.status).toBe(200);
      await stream.reader.waitFor('ready');
    } finally {
      stream.abort();
    }
    const refused = await call(url(), 'GET', `/classes/${code}/events?token=${encodeURIComponent(student.studentToken)}`);
    expect(refused.status).toBe(403);
  });
});

describe('revocation and deletion', () => {
  it('stop-and-delete removes every row of the student, in the API and in the SQLite file', async () => {
    const { code, teacherSecret } = await createClass(url());
    const marker = `Revokee-${Date.now()}`;
    const leaving = await join(url(), code, marker);
    const staying = await join(url(), code, 'Stays');
    await upload(url(), code, leaving.studentToken, [makeMinute(minuteStart(3)), makeMinute(minuteStart(2))]);
    await upload(url(), code, staying.studentToken, [makeMinute(minuteStart(2))]);
    expect(rawDatabaseBytes().includes(marker)).toBe(true);

    const revoked = await call(url(), 'DELETE', `/classes/${code}/students/me`, { token: leaving.studentToken });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ deleted: true, minutesDeleted: 2 });

    const participants = await call(url(), 'GET', `/classes/${code}/participants`, { token: teacherSecret });
    expect(participants.body.participants.map((p: { displayName: string }) => p.displayName)).toEqual(['Stays']);
    // The token is dead: a late upload from the extension cannot bring the data back.
    expect((await upload(url(), code, leaving.studentToken, [makeMinute(minuteStart(1))])).status).toBe(401);
    expect((await call(url(), 'DELETE', `/classes/${code}/students/me`, { token: leaving.studentToken })).status).toBe(401);

    const db = openDatabase();
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM students WHERE id = ?').get(leaving.studentId)).toEqual({ n: 0 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM minutes WHERE student_id = ?').get(leaving.studentId)).toEqual({ n: 0 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM minutes WHERE student_id = ?').get(staying.studentId)).toEqual({ n: 1 });
    } finally {
      db.close();
    }
    // secure_delete + WAL truncation: not even the freed pages keep the name.
    const bytes = rawDatabaseBytes();
    expect(bytes.includes(marker)).toBe(false);
    expect(bytes.includes(leaving.studentId)).toBe(false);
  });

  it('closing a class stops joins and ignores minutes from after the close; deleting removes it', async () => {
    const { code, teacherSecret, classId } = await createClass(url());
    const student = await join(url(), code, 'Kim');
    const closed = await call(url(), 'POST', `/classes/${code}/close`, { token: teacherSecret });
    expect(closed.status).toBe(200);
    const closedAt = closed.body.closedAt as number;
    expect((await call(url(), 'POST', `/classes/${code}/close`, { token: teacherSecret })).body.closedAt).toBe(closedAt);
    expect((await call(url(), 'POST', `/classes/${code}/join`, { json: { displayName: 'Late' } })).status).toBe(409);

    const before = Math.floor(closedAt / 60_000) * 60_000 - 60_000;
    const after = before + 120_000;
    const late = await upload(url(), code, student.studentToken, [makeMinute(before), makeMinute(after)]);
    expect(late.body).toEqual({ inserted: 1, replaced: 0, unchanged: 0, ignoredAfterClose: 1 });

    expect((await call(url(), 'DELETE', `/classes/${code}`, { token: teacherSecret })).body).toEqual({ deleted: true });
    expect((await call(url(), 'GET', `/classes/${code}`, { token: teacherSecret })).status).toBe(404);
    const db = openDatabase();
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM students WHERE class_id = ?').get(classId)).toEqual({ n: 0 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM minutes WHERE class_id = ?').get(classId)).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});

describe('interest counts (the classroom study’s table)', () => {
  it('stores them, shows each participant’s table, and keeps accepting uploads without them', async () => {
    const { code, teacherSecret } = await createClass(url());
    const updated = await join(url(), code, 'New');
    const older = await join(url(), code, 'Old');
    const third = await join(url(), code, 'Third');
    const shared = minuteStart(3);
    // 60 samples, 6 without a face: 40 interested, 10 not interested, 4 left unknown.
    const labelled = makeMinute(shared, { interested: 40, notInterested: 10, meanEngagement: 0.7 });
    expect((await upload(url(), code, updated.studentToken, [labelled])).body).toMatchObject({ inserted: 1 });
    // An extension from before the engagement layer: no interest fields, still accepted.
    expect((await upload(url(), code, older.studentToken, [makeMinute(shared)])).status).toBe(200);

    const mine = await call(url(), 'GET', `/classes/${code}/students/me`, { token: updated.studentToken });
    expect(mine.body.minutes).toEqual([{ ...labelled, receivedAt: expect.any(Number) }]);
    const oldMine = await call(url(), 'GET', `/classes/${code}/students/me`, { token: older.studentToken });
    expect(oldMine.body.minutes[0]).not.toHaveProperty('interested');

    const participants = await call(url(), 'GET', `/classes/${code}/participants`, { token: teacherSecret });
    const byName = Object.fromEntries(participants.body.participants.map((p: { displayName: string }) => [p.displayName, p]));
    expect(byName.New.interest).toEqual({
      samples: 60,
      interested: { count: 40, percent: (40 / 60) * 100 },
      notInterested: { count: 10, percent: (10 / 60) * 100 },
      notDetected: { count: 6, percent: 10 },
      unknown: { count: 4, percent: (4 / 60) * 100 },
    });
    expect(byName.Old.interest).toMatchObject({ interested: { count: 0 }, notInterested: { count: 0 }, unknown: { count: 54 } });
    expect(byName.Third.interest).toMatchObject({ samples: 0, interested: { count: 0, percent: 0 } });

    // Class-level tables only once 3 students share.
    expect((await call(url(), 'GET', `/classes/${code}`, { token: teacherSecret })).body.summary).toMatchObject({ withheld: true });
    await upload(url(), code, third.studentToken, [makeMinute(shared, { interested: 20, notInterested: 30 })]);
    const info = await call(url(), 'GET', `/classes/${code}`, { token: teacherSecret });
    expect(info.body.summary.interest).toMatchObject({ samples: 180, interested: { count: 60 }, notInterested: { count: 40 }, notDetected: { count: 18 }, unknown: { count: 62 } });
    const timeline = await call(url(), 'GET', `/classes/${code}/timeline`, { token: teacherSecret });
    expect(timeline.body.minutes[0]).toMatchObject({ minute: shared, withheld: false, interest: { interested: { count: 60 }, notInterested: { count: 40 } } });
    expect(timeline.body.minutes[0].meanEngagement).toBeCloseTo((0.7 + 0.6 + 0.6) / 3);
  });

  it('refuses half a pair, counts beyond the faces, and unknown fields, with the reason', async () => {
    const { code } = await createClass(url());
    const student = await join(url(), code, 'Pat');
    const half = await upload(url(), code, student.studentToken, [makeMinute(minuteStart(2), { interested: 5 })]);
    expect(half.status).toBe(400);
    expect(half.body.error).toMatch(/interested and notInterested come together/);
    const tooMany = await upload(url(), code, student.studentToken, [makeMinute(minuteStart(2), { interested: 50, notInterested: 10 })]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatch(/more than the 54 frames with a face/);
    const stray = await upload(url(), code, student.studentToken, [{ ...makeMinute(minuteStart(2)), interestUnknown: 4 } as never]);
    expect(stray.status).toBe(400);
    expect(stray.body.error).toMatch(/unknown field "interestUnknown"/);
    expect((await call(url(), 'GET', `/classes/${code}/students/me`, { token: student.studentToken })).body.minutes).toEqual([]);
  });
});

describe('restart', () => {
  it('keeps every acknowledged minute across a crash (SIGKILL) and a restart', async () => {
    const { code, teacherSecret } = await createClass(url());
    const student = await join(url(), code, 'Persist');
    const minutes = [3, 2, 1].map((ago) => makeMinute(minuteStart(ago)));
    expect((await upload(url(), code, student.studentToken, minutes)).status).toBe(200);

    await hub.kill();
    hub = await spawnHub({ dataDir, extraArgs: HUB_ARGS });

    const participants = await call(url(), 'GET', `/classes/${code}/participants`, { token: teacherSecret });
    expect(participants.body.participants[0]).toMatchObject({ displayName: 'Persist', minutesShared: 3 });
    // The student token still works, and a resend after the restart is still counted once.
    expect((await upload(url(), code, student.studentToken, minutes)).body).toMatchObject({ unchanged: 3, inserted: 0 });
  });
});

describe('shutdown', () => {
  it('stops promptly on SIGTERM while a teacher stream is open', async () => {
    const { code, teacherSecret } = await createClass(url());
    const stream = await SseReader.open(`${url()}/classes/${code}/events`, { authorization: `Bearer ${teacherSecret}` });
    await stream.reader.waitFor('ready');
    const started = Date.now();
    await hub.stop();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(hub.process.exitCode).toBe(0);
    stream.abort();
  });
});
