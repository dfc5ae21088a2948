/** The bench's outputs: a readable table, and the one-line JSON object for `--json`. */
import type { LabelledFrame } from './frames.ts';
import type { PipelineName } from '../../tests/harness/bench-page/api.ts';
import type { BenchBackend } from './args.ts';
import type { EngagementCost } from './engagement.ts';
import type { PipelineSummary } from './pipelines.ts';
import { round } from './stats.ts';
import type { AddedCpu } from './class-cost.ts';
import type { CrossoverSummary } from './crossover.ts';
import type { DetectorDelegate } from '../../src/shared/types.ts';

/** Figures of the parts not measured yet stay null, never a guess. */
export interface ClassCost {
  addedCpuPct1fps: number | null;
  /** addedCpuPct1fps's 95 % confidence interval over the rounds, [low, high]. */
  addedCpuPct1fpsCi95: [number, number] | null;
  addedCpuPct5fps: number | null;
  addedCpuPct5fpsCi95: [number, number] | null;
  /** At 1 frame/s again, from the crossover (two classes measured at once, crossover.ts), and its 95 % interval. */
  addedCpuPct1fpsCrossover: number | null;
  addedCpuPct1fpsCrossoverCi95: [number, number] | null;
  offscreenHeapMb: number | null;
  coldStartMs: number | null;
  /** MediaPipe's delegate the extension's face detector ran on during the class. */
  faceDetector: DetectorDelegate | null;
}

export const NOT_MEASURED: ClassCost = {
  addedCpuPct1fps: null,
  addedCpuPct1fpsCi95: null,
  addedCpuPct5fps: null,
  addedCpuPct5fpsCi95: null,
  addedCpuPct1fpsCrossover: null,
  addedCpuPct1fpsCrossoverCi95: null,
  offscreenHeapMb: null,
  coldStartMs: null,
  faceDetector: null,
};

export interface BenchJson {
  raut_ms: number | null;
  faceapi_ms: number | null;
  human_ms: number | null;
  raut_p95_ms: number | null;
  /** Raut's pipeline in Firefox ESR (wasm), same page and frames, right after Chromium's run; null if not measured. */
  firefox_raut_ms: number | null;
  firefox_raut_p95_ms: number | null;
  /** The engagement layer (keypoint head pose + eye net) per frame facing the screen, median ms (scripts/bench/engagement.ts). */
  engagement_ms: number | null;
  /** engagement_ms ÷ the expression pipeline's (detection + expression model) median × 100; issue 7's target ≤ 30. */
  engagement_added_pct: number | null;
  added_cpu_pct_1fps: number | null;
  /** added_cpu_pct_1fps's 95 % confidence interval over the bench's rounds, [low, high]. */
  added_cpu_pct_1fps_ci95: [number, number] | null;
  added_cpu_pct_5fps: number | null;
  added_cpu_pct_5fps_ci95: [number, number] | null;
  /** Added CPU at 1 frame/s from the crossover: two classes at once, each analysing beside the other paused (crossover.ts). */
  added_cpu_pct_1fps_crossover: number | null;
  added_cpu_pct_1fps_crossover_ci95: [number, number] | null;
  offscreen_heap_mb: number | null;
  cold_start_ms: number | null;
  backend: BenchBackend;
  /** With --backend webgpu: the adapter the pipelines ran on, or with --only class the extension's ("swiftshader" is CPU emulation); null on wasm. */
  webgpu_adapter: string | null;
  /** MediaPipe's delegate of the extension's face detector in part 2 (GPU only where WebGL has a real GPU); null when not measured. */
  face_detector: DetectorDelegate | null;
}

function find(summaries: readonly PipelineSummary[], name: PipelineName): PipelineSummary | undefined {
  return summaries.find((summary) => summary.name === name);
}

/** Raut's median over the faster peer's (below 1: Raut is faster). */
export function ratioToFasterPeer(summaries: readonly PipelineSummary[]): number | null {
  const raut = find(summaries, 'raut');
  const peers = summaries.filter((summary) => summary.name !== 'raut');
  if (!raut || peers.length === 0) return null;
  return raut.medianMs / Math.min(...peers.map((peer) => peer.medianMs));
}

export function benchJson(
  summaries: readonly PipelineSummary[],
  cost: ClassCost,
  backend: BenchBackend,
  engagement: EngagementCost | null = null,
  firefox: PipelineSummary | null = null,
  webgpuAdapter: string | null = null,
): BenchJson {
  const ms = (name: PipelineName) => {
    const summary = find(summaries, name);
    return summary ? round(summary.medianMs) : null;
  };
  const raut = find(summaries, 'raut');
  return {
    raut_ms: ms('raut'),
    faceapi_ms: ms('faceapi'),
    human_ms: ms('human'),
    raut_p95_ms: raut ? round(raut.p95Ms) : null,
    firefox_raut_ms: firefox ? round(firefox.medianMs) : null,
    firefox_raut_p95_ms: firefox ? round(firefox.p95Ms) : null,
    engagement_ms: engagement ? round(engagement.engagementMs) : null,
    engagement_added_pct: engagement ? round(engagement.addedPct, 1) : null,
    added_cpu_pct_1fps: cost.addedCpuPct1fps,
    added_cpu_pct_1fps_ci95: cost.addedCpuPct1fpsCi95,
    added_cpu_pct_5fps: cost.addedCpuPct5fps,
    added_cpu_pct_5fps_ci95: cost.addedCpuPct5fpsCi95,
    added_cpu_pct_1fps_crossover: cost.addedCpuPct1fpsCrossover,
    added_cpu_pct_1fps_crossover_ci95: cost.addedCpuPct1fpsCrossoverCi95,
    offscreen_heap_mb: cost.offscreenHeapMb,
    cold_start_ms: cost.coldStartMs,
    backend,
    webgpu_adapter: webgpuAdapter,
    face_detector: cost.faceDetector,
  };
}

const percent = (share: number | null) => (share === null ? 'n/a' : `${Math.round(share * 100)} %`);

export function pipelineTable(summaries: readonly PipelineSummary[]): string {
  const fastestPeer = Math.min(...summaries.filter((s) => s.name !== 'raut').map((s) => s.medianMs));
  const rows = summaries.map((s) => [
    s.name,
    s.medianMs.toFixed(1),
    s.p95Ms.toFixed(1),
    (s.medianMs / fastestPeer).toFixed(2),
    percent(s.agreement),
    String(s.noAnswer),
    String(s.frames),
  ]);
  const header = ['pipeline', 'median ms', 'p95 ms', '÷ faster peer', 'agreement', 'no answer', 'frames'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  return [line(header), ...rows.map(line), '', ...summaries.map((s) => `${s.name}: ${s.description}`)].join('\n');
}

/** Each frame's by-eye label next to every pipeline's answer ('-' for none). */
export function answerTable(frames: readonly LabelledFrame[], summaries: readonly PipelineSummary[]): string {
  return frames
    .map((frame, index) => {
      const answers = summaries.map((s) => `${s.name} ${s.answers[index] ?? '-'}`).join(', ');
      return `${String(index).padStart(2)} ${frame.note} [label ${frame.label ?? 'none'}]: ${answers}`;
    })
    .join('\n');
}

/** The engagement layer's cost next to the expression pipeline's (part 1b). */
export function engagementLine(cost: EngagementCost): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  return (
    `engagement layer (head pose ${ms(cost.keypointPoseMs)} + eye net ${ms(cost.eyeNetMs)}): ${ms(cost.engagementMs)} median per frame facing the screen, ` +
    `+${cost.addedPct.toFixed(0)} % on top of the expression pipeline's ${ms(cost.expressionMs)} (detection ${ms(cost.detectMs)} + expression model ${ms(cost.classifyMs)}); ` +
    `target ≤ 30 % (${cost.addedPct <= 30 ? 'met' : 'not met'}), ${cost.frames} frames; ` +
    `the replaced iris-model route ${ms(cost.irisRouteMs)} (iris model ${ms(cost.irisMs)}, +${((100 * cost.irisRouteMs) / cost.expressionMs).toFixed(0)} %), ${(cost.engagementMs / cost.irisRouteMs).toFixed(2)} × of it; ` +
    `the face-mesh route before it ${ms(cost.meshRouteMs)} (face mesh ${ms(cost.faceMeshMs)})`
  );
}

/** Raut in Firefox next to Raut in Chromium, both wasm, same page and frames. */
export function firefoxLine(summaries: readonly PipelineSummary[], firefox: PipelineSummary | null, note: string | null): string {
  if (!firefox) return `firefox: not measured (${note ?? 'unknown reason'})`;
  const chromium = find(summaries, 'raut');
  const ratio = chromium ? ` = ${(firefox.medianMs / chromium.medianMs).toFixed(2)} × Chromium's ${chromium.medianMs.toFixed(1)} ms` : '';
  return `raut in Firefox ESR (wasm): median ${firefox.medianMs.toFixed(1)} ms, p95 ${firefox.p95Ms.toFixed(1)} ms${ratio}; ${firefox.description}`;
}

/** Issue 4's target for the added CPU at 1 frame/s, % of one core. */
export const ADDED_CPU_TARGET_PCT = 3;

/** Met only when the whole 95 % interval lies under the target, not met when it lies above. */
function targetVerdict(ci95: [number, number] | null): string {
  const [low, high] = ci95 ?? [-Infinity, Infinity];
  const state = high <= ADDED_CPU_TARGET_PCT ? 'met' : low > ADDED_CPU_TARGET_PCT ? 'not met' : 'not shown either way';
  return `target ≤ ${ADDED_CPU_TARGET_PCT} %: ${state}`;
}

/** "95 % interval a to b", or why there is none. */
export function intervalText(ci95: readonly [number, number] | null): string {
  return ci95 ? `95 % interval ${ci95[0].toFixed(2)} to ${ci95[1].toFixed(2)}` : 'no 95 % interval under six rounds';
}

/** Raut's added CPU at one rate, with its 95 % interval over the rounds; at 1 frame/s also the verdict (targetVerdict). */
export function addedCpuLine(rate: '1fps' | '5fps', added: AddedCpu | null): string {
  const what = rate === '1fps' ? 'at 1 frame/s' : 'at 5 frames/s';
  if (!added) return `Raut's added CPU ${what}: n/a`;
  const verdict = rate === '1fps' ? `; ${targetVerdict(added.ci95)}` : '';
  return (
    `Raut's added CPU ${what} (analysing − paused within each round; Hodges–Lehmann over ${added.rounds} rounds): ` +
    `${added.pct.toFixed(2)} % of one core (${intervalText(added.ci95)}; mean ${added.meanPct.toFixed(2)} %)${verdict}`
  );
}

/** The 1 frame/s figure from the crossover (two classes at once), with its verdict. */
export function crossoverLine(summary: CrossoverSummary): string {
  return (
    `Raut's added CPU at 1 frame/s, crossover (two classes measured at once, each analysing beside the other paused; Hodges–Lehmann over ${summary.rounds} rounds): ` +
    `${summary.added_cpu_pct.toFixed(2)} % of one core (${intervalText(summary.added_cpu_pct_ci95)}; ${summary.ms_per_sample.toFixed(1)} ms a sample); ${targetVerdict(summary.added_cpu_pct_ci95)}`
  );
}
