/**
 * Class codes: 10 characters from a 32-letter alphabet without look-alikes (no 0/O, no 1/I),
 * so 50 random bits. Guessing one takes ~2^49 tries on average; with failed lookups rate-limited
 * per address (rate-limit.ts), enumeration is out of reach. Codes are read case-insensitively.
 */
import { randomBytes } from 'node:crypto';

export const CLASS_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CLASS_CODE_LENGTH = 10;
/** For route schemas: either case, normalised by normalizeClassCode. */
export const CLASS_CODE_PATTERN = '^[2-9A-HJ-NP-Za-hj-np-z]{10}$';
const CLASS_CODE = new RegExp(CLASS_CODE_PATTERN);

export function newClassCode(): string {
  // 256 is a multiple of 32, so `byte % 32` is unbiased.
  return Array.from(randomBytes(CLASS_CODE_LENGTH), (byte) => CLASS_CODE_ALPHABET[byte % 32]).join('');
}

/** The canonical (upper-case) code, or null when `value` cannot be a class code. */
export function normalizeClassCode(value: string): string | null {
  return CLASS_CODE.test(value) ? value.toUpperCase() : null;
}
