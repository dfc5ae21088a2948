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

/**
 * The Hodges–Lehmann estimate of paired differences' centre: the median of all Walsh averages
 * (x_i + x_j) / 2, i ≤ j. Unlike the mean, one window disturbed by the shared machine cannot drag it.
 */
export function hodgesLehmann(values: readonly number[]): number {
  if (values.length === 0) throw new Error('Hodges–Lehmann estimate of an empty list');
  return median(walshAverages(values));
}

function walshAverages(values: readonly number[]): number[] {
  const averages: number[] = [];
  for (let i = 0; i < values.length; i++) for (let j = i; j < values.length; j++) averages.push((values[i]! + values[j]!) / 2);
  return averages.sort((a, b) => a - b);
}

/**
 * The largest t with P(T ≤ t) ≤ `tail` for Wilcoxon's signed-rank statistic T of n values (exact,
 * by counting the subsets of ranks 1..n per sum); null when even T = 0 is likelier than `tail`.
 */
export function signedRankCritical(n: number, tail = 0.025): number | null {
  const maxSum = (n * (n + 1)) / 2;
  const ways = new Array<number>(maxSum + 1).fill(0);
  ways[0] = 1;
  for (let rank = 1; rank <= n; rank++) for (let sum = maxSum; sum >= rank; sum--) ways[sum]! += ways[sum - rank]!;
  const total = 2 ** n;
  let cumulative = 0;
  let critical: number | null = null;
  for (let t = 0; t <= maxSum; t++) {
    cumulative += ways[t]!;
    if (cumulative / total > tail) break;
    critical = t;
  }
  return critical;
}

/**
 * The distribution-free 95 % confidence interval that goes with hodgesLehmann(): the Walsh
 * averages ranked just inside Wilcoxon's signed-rank critical value, [W(t+1), W(N−t)]. Null with
 * fewer than six values (no interval reaches 95 % then).
 */
export function hodgesLehmannInterval95(values: readonly number[]): [number, number] | null {
  const critical = signedRankCritical(values.length);
  if (critical === null) return null;
  const averages = walshAverages(values);
  return [averages[critical]!, averages[averages.length - 1 - critical]!];
}
