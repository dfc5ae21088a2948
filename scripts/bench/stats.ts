/** Summary statistics for the bench's per-frame timings. */

/**
 * The q-quantile (0 ≤ q ≤ 1) with linear interpolation between the two nearest ranks
 * (numpy's and R's default, "type 7"): position (n − 1)·q in the sorted list.
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('quantile of an empty list');
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile ${q} is outside 0..1`);
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const lower = sorted[below]!;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return lower + (upper - lower) * (position - below);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);
export const p95 = (values: readonly number[]): number => quantile(values, 0.95);

/** Share of labelled items whose answer equals the label; null when nothing is labelled. */
export function agreement<T>(pairs: readonly { answer: T | null; label: T | null }[]): number | null {
  const labelled = pairs.filter((pair) => pair.label !== null);
  if (labelled.length === 0) return null;
  return labelled.filter((pair) => pair.answer === pair.label).length / labelled.length;
}

/** Rounds to `digits` decimals for reports (JSON and tables). */
export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
