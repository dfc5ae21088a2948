/**
 * The teacher's classes, kept in storage.local under `teacherClasses` (this browser only). The
 * teacher secret is the only key to a class on the hub, so it stays here and is never shown.
 */
import type { KeyValueStore } from '../background/sharing/kv';
import { checkHubUrl } from '../shared/sharing';

export const TEACHER_CLASSES_KEY = 'teacherClasses';
export const TEACHER_HUB_KEY = 'teacherHubUrl';
export const DEFAULT_HUB_URL = 'http://127.0.0.1:8787';

export interface TeacherClass {
  hubUrl: string;
  code: string;
  classId: string;
  name: string;
  meetingLink: string | null;
  teacherSecret: string;
  createdAt: number;
  /** Set once the teacher closed the class (from the hub's answer). */
  closedAt?: number | null;
}

export function isTeacherClass(value: unknown): value is TeacherClass {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.hubUrl === 'string' &&
    checkHubUrl(v.hubUrl).ok &&
    typeof v.code === 'string' &&
    typeof v.classId === 'string' &&
    typeof v.name === 'string' &&
    (v.meetingLink === null || typeof v.meetingLink === 'string') &&
    typeof v.teacherSecret === 'string' &&
    typeof v.createdAt === 'number'
  );
}

/** Newest first; malformed entries are skipped, never trusted. */
export async function loadTeacherClasses(kv: KeyValueStore): Promise<TeacherClass[]> {
  const raw = await kv.get(TEACHER_CLASSES_KEY);
  const list = Array.isArray(raw) ? raw.filter(isTeacherClass) : [];
  return list.sort((a, b) => b.createdAt - a.createdAt);
}

const sameClass = (a: Pick<TeacherClass, 'hubUrl' | 'code'>, b: Pick<TeacherClass, 'hubUrl' | 'code'>) =>
  a.hubUrl === b.hubUrl && a.code.toUpperCase() === b.code.toUpperCase();

export async function saveTeacherClass(kv: KeyValueStore, entry: TeacherClass): Promise<TeacherClass[]> {
  const list = (await loadTeacherClasses(kv)).filter((c) => !sameClass(c, entry));
  list.unshift(entry);
  await kv.set(TEACHER_CLASSES_KEY, list);
  return loadTeacherClasses(kv);
}

export async function updateTeacherClass(kv: KeyValueStore, key: Pick<TeacherClass, 'hubUrl' | 'code'>, patch: Partial<TeacherClass>): Promise<TeacherClass[]> {
  const list = (await loadTeacherClasses(kv)).map((c) => (sameClass(c, key) ? { ...c, ...patch } : c));
  await kv.set(TEACHER_CLASSES_KEY, list);
  return loadTeacherClasses(kv);
}

export async function removeTeacherClass(kv: KeyValueStore, key: Pick<TeacherClass, 'hubUrl' | 'code'>): Promise<TeacherClass[]> {
  const list = (await loadTeacherClasses(kv)).filter((c) => !sameClass(c, key));
  await kv.set(TEACHER_CLASSES_KEY, list);
  return list;
}

export async function findTeacherClass(kv: KeyValueStore, code: string): Promise<TeacherClass | undefined> {
  return (await loadTeacherClasses(kv)).find((c) => c.code.toUpperCase() === code.trim().toUpperCase());
}

export async function loadHubUrl(kv: KeyValueStore): Promise<string> {
  const raw = await kv.get(TEACHER_HUB_KEY);
  return typeof raw === 'string' && checkHubUrl(raw).ok ? raw : DEFAULT_HUB_URL;
}

export async function saveHubUrl(kv: KeyValueStore, url: string): Promise<void> {
  await kv.set(TEACHER_HUB_KEY, url);
}

/** The popup's Student / Teacher switch, remembered in storage.local. */
export type PopupMode = 'student' | 'teacher';
export const POPUP_MODE_KEY = 'popupMode';

export async function loadPopupMode(kv: KeyValueStore): Promise<PopupMode> {
  return (await kv.get(POPUP_MODE_KEY)) === 'teacher' ? 'teacher' : 'student';
}

export async function savePopupMode(kv: KeyValueStore, mode: PopupMode): Promise<void> {
  await kv.set(POPUP_MODE_KEY, mode);
}
