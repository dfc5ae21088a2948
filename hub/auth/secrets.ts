/**
 * Secrets the hub hands out: a teacher secret per class and a token per student. Only their
 * sha-256 is stored; a presented secret is hashed and compared in constant time. A plain hash
 * (no salt, no slow KDF) is enough because every secret is 256 random bits, not a password.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

const SECRET_BYTES = 32;

export function newSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function secretMatches(presented: string, storedHash: string): boolean {
  const presentedHash = Buffer.from(hashSecret(presented), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return presentedHash.length === expected.length && timingSafeEqual(presentedHash, expected);
}

export function newId(): string {
  return randomUUID();
}

/**
 * A student token names its student so the hub can find the one hash to compare:
 * `<studentId>.<secret>`. The id is not secret; the 256-bit secret part is.
 */
export interface StudentToken {
  studentId: string;
  secret: string;
}

export function formatStudentToken(token: StudentToken): string {
  return `${token.studentId}.${token.secret}`;
}

const STUDENT_TOKEN = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;

export function parseStudentToken(value: string): StudentToken | null {
  const match = STUDENT_TOKEN.exec(value);
  return match?.[1] && match[2] ? { studentId: match[1], secret: match[2] } : null;
}
