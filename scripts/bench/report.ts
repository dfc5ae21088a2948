/** The bench's outputs: a readable table, and the one-line JSON object for `--json`. */
import type { LabelledFrame } from './frames.ts';
import type { PipelineName } from '../../tests/harness/bench-page/api.ts';
import type { BenchBackend } from './args.ts';
import type { PipelineSummary } from './pipelines.ts';
import { round } from './stats.ts';

/** Figures of the parts not measured yet stay null, never a guess. */
export interface ClassCost {
  addedCpuPct1fps: number | null;
  addedCpuPct5fps: number | null;
  offscreenHeapMb: number | null;
  coldStartMs: number | null;
}

export const NOT_MEASURED: ClassCost = { addedCpuPct1fps: null, addedCpuPct5fps: null, offscreenHeapMb: null, coldStartMs: null };

export interface BenchJson {
  raut_ms: number | null;
  faceapi_ms: number | null;
  human_ms: number | null;
  raut_p95_ms: number | null;
  added_cpu_pct_1fps: number | null;
  added_cpu_pct_5fps: number | null;
  offscreen_heap_mb: number | null;
  cold_start_ms: number | null;
  backend: BenchBackend;
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

export function benchJson(summaries: readonly PipelineSummary[], cost: ClassCost, backend: BenchBackend): BenchJson {
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
    added_cpu_pct_1fps: cost.addedCpuPct1fps,
    added_cpu_pct_5fps: cost.addedCpuPct5fps,
    offscreen_heap_mb: cost.offscreenHeapMb,
    cold_start_ms: cost.coldStartMs,
    backend,
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
