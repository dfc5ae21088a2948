/** Part 1: the three pipelines, per frame, side by side in one page. */
import type { Expression } from '../../src/shared/taxonomy.ts';
import { PIPELINES, type BenchBackend, type BenchPageApi, type BenchRequest, type BenchResult, type PipelineName } from '../../tests/harness/bench-page/api.ts';
import { BENCH_FRAMES, type LabelledFrame } from './frames.ts';
import { benchRautInFirefox, firefoxUnavailable } from './firefox.ts';
import { openBenchPage, type BenchPage } from './page.ts';
import { agreement, median, p95 } from './stats.ts';

export interface PipelineSummary {
  name: PipelineName;
  description: string;
  frames: number;
  medianMs: number;
  p95Ms: number;
  /** Top expression equal to the by-eye label, over labelled frames; null without labels. */
  agreement: number | null;
  /** Frames where the pipeline found no face (or gave no answer). */
  noAnswer: number;
  /** The answer for each bench frame, from its first measured run. */
  answers: (Expression | null)[];
}

export interface PipelineOptions {
  measuredFrames: number;
  warmupPasses: number;
  backend: BenchBackend;
  frames?: readonly LabelledFrame[];
}

/** The pipelines that ran; those that could not run on the backend are in `unavailablePipelines`. */
export function summarise(result: BenchResult, frames: readonly LabelledFrame[]): PipelineSummary[] {
  return PIPELINES.filter((name) => result[name] !== undefined && result[name].unavailable === null).map((name) => {
    const { results, description } = result[name]!;
    const times = results.map((run) => run.ms);
    return {
      name,
      description,
      frames: results.length,
      medianMs: median(times),
      p95Ms: p95(times),
      agreement: agreement(results.map((run, k) => ({ answer: run.top, label: frames[k % frames.length]!.label }))),
      noAnswer: results.filter((run) => run.top === null).length,
      answers: frames.map((_, index) => results[index]?.top ?? null),
    };
  });
}

/** "name: reason" for each pipeline that has no build for the requested backend. */
export function unavailablePipelines(result: BenchResult): string[] {
  return PIPELINES.flatMap((name) => {
    const reason = result[name]?.unavailable;
    return reason ? [`${name}: ${reason}`] : [];
  });
}

export interface PipelinesResult {
  /** Chromium, the three pipelines interleaved. */
  summaries: PipelineSummary[];
  /** "name: reason" for the pipelines that could not run on the backend. */
  unavailable: string[];
  /** The WebGPU adapter the page ran on ("vendor architecture (description)"); null on wasm. */
  webgpuAdapter: string | null;
  /** Raut's pipeline in Firefox on the same page and frames; null when not measured (see firefoxNote). */
  firefox: PipelineSummary | null;
  firefoxNote: string | null;
}

function webgpuAdapterOf(bench: BenchPage): Promise<string | null> {
  return bench.page.evaluate(() => (window as unknown as { bench: BenchPageApi }).bench.webgpuAdapter());
}

/**
 * The bench page for `backend`. WebGPU: the machine's own adapter; where Chromium finds none it may
 * offer SwiftShader's (CPU emulation) itself, or the page asks for it.
 */
async function openPageFor(backend: BenchBackend): Promise<{ bench: BenchPage; webgpuAdapter: string | null }> {
  if (backend === 'wasm') return { bench: await openBenchPage('none'), webgpuAdapter: null };
  for (const mode of ['webgpu', 'webgpu-swiftshader'] as const) {
    const bench = await openBenchPage(mode);
    const adapter = await webgpuAdapterOf(bench);
    if (adapter === null) {
      await bench.close();
      continue;
    }
    return { bench, webgpuAdapter: adapter };
  }
  throw new Error('--backend webgpu: Chromium gives this machine no WebGPU adapter, not even SwiftShader');
}

export async function benchPipelines(options: PipelineOptions): Promise<PipelinesResult> {
  const frames = options.frames ?? BENCH_FRAMES;
  const request: BenchRequest = {
    frames: frames.map(({ photo, x, y, width, height }) => ({ photo, x, y, width, height })),
    backend: options.backend,
    warmupPasses: options.warmupPasses,
    measuredFrames: options.measuredFrames,
  };
  const { bench, webgpuAdapter } = await openPageFor(options.backend);
  try {
    const result = await bench.page.evaluate(
      (sent) => (window as unknown as { bench: BenchPageApi }).bench.run(sent),
      request,
    );
    const measured = { summaries: summarise(result, frames), unavailable: unavailablePipelines(result), webgpuAdapter };
    const firefoxNote = options.backend === 'wasm' ? firefoxUnavailable() : 'Firefox gives extensions no WebGPU: it runs Raut on wasm only';
    if (firefoxNote) return { ...measured, firefox: null, firefoxNote };
    const firefox = await benchRautInFirefox(bench.origin, request, frames);
    return { ...measured, firefox, firefoxNote: null };
  } finally {
    await bench.close();
  }
}
