import { describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '../../src/background/sharing/kv';
import {
  DEFAULT_HUB_URL,
  findTeacherClass,
  loadHubUrl,
  loadPopupMode,
  loadTeacherClasses,
  removeTeacherClass,
  saveHubUrl,
  savePopupMode,
  saveTeacherClass,
  TEACHER_CLASSES_KEY,
  updateTeacherClass,
  type TeacherClass,
} from '../../src/teacher/classes';

const entry = (code: string, createdAt: number, hubUrl = 'http://127.0.0.1:8787'): TeacherClass => ({
  hubUrl,
  code,
  classId: `id-${code}`,
  name: `Class ${code}`,
  meetingLink: null,
  teacherSecret: `secret-${code}`,
  createdAt,
});

describe('teacher class list (storage.local teacherClasses)', () => {
  it('saves newest first, replaces the same class, updates and removes', async () => {
    const kv = new MemoryKeyValueStore();
    expect(await loadTeacherClasses(kv)).toEqual([]);
    await saveTeacherClass(kv, entry('AAAAAAAAAA', 1));
    await saveTeacherClass(kv, entry('BBBBBBBBBB', 2));
    expect((await loadTeacherClasses(kv)).map((c) => c.code)).toEqual(['BBBBBBBBBB', 'AAAAAAAAAA']);
    await saveTeacherClass(kv, { ...entry('AAAAAAAAAA', 1), name: 'Renamed' });
    expect(await loadTeacherClasses(kv)).toHaveLength(2);
    expect((await findTeacherClass(kv, 'aaaaaaaaaa'))?.name).toBe('Renamed');
    await updateTeacherClass(kv, { hubUrl: 'http://127.0.0.1:8787', code: 'BBBBBBBBBB' }, { closedAt: 99 });
    expect((await findTeacherClass(kv, 'BBBBBBBBBB'))?.closedAt).toBe(99);
    expect((await removeTeacherClass(kv, { hubUrl: 'http://127.0.0.1:8787', code: 'AAAAAAAAAA' })).map((c) => c.code)).toEqual(['BBBBBBBBBB']);
  });

  it('skips malformed entries and entries for refused hubs', async () => {
    const kv = new MemoryKeyValueStore();
    await kv.set(TEACHER_CLASSES_KEY, [entry('AAAAAAAAAA', 1), { code: 'x' }, entry('CCCCCCCCCC', 2, 'http://hub.example.com'), 'junk']);
    expect((await loadTeacherClasses(kv)).map((c) => c.code)).toEqual(['AAAAAAAAAA']);
  });

  it('remembers the hub address and the popup mode', async () => {
    const kv = new MemoryKeyValueStore();
    expect(await loadHubUrl(kv)).toBe(DEFAULT_HUB_URL);
    await saveHubUrl(kv, 'https://hub.school.example');
    expect(await loadHubUrl(kv)).toBe('https://hub.school.example');
    await saveHubUrl(kv, 'http://evil.example'); // refused by checkHubUrl: falls back
    expect(await loadHubUrl(kv)).toBe(DEFAULT_HUB_URL);
    expect(await loadPopupMode(kv)).toBe('student');
    await savePopupMode(kv, 'teacher');
    expect(await loadPopupMode(kv)).toBe('teacher');
  });
});
