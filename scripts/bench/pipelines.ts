/** Part 1: the three pipelines, per frame, side by side in one page. */
import type { Expression } from '../../src/shared/taxonomy.ts';
import type { BenchPageApi, BenchRequest, BenchResult, PipelineName } from '../../tests/harness/bench-page/api.ts';
import { PIPELINES } from '../../tests/harness/bench-page/api.ts';
import { BENCH_FRAMES, type LabelledFrame } from './frames.ts';
import { benchRautInFirefox, firefoxUnavailable } from './firefox.ts';
import { openBenchPage } from './page.ts';
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
  frames?: readonly LabelledFrame[];
}

export function summarise(result: BenchResult, frames: readonly LabelledFrame[]): PipelineSummary[] {
  return PIPELINES.filter((name) => result[name] !== undefined).map((name) => {
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

export interface PipelinesResult {
  /** Chromium, the three pipelines interleaved. */
  summaries: PipelineSummary[];
  /** Raut's pipeline in Firefox on the same page and frames; null when not measured (see firefoxNote). */
  firefox: PipelineSummary | null;
  firefoxNote: string | null;
}

export async function benchPipelines(options: PipelineOptions): Promise<PipelinesResult> {
  const frames = options.frames ?? BENCH_FRAMES;
  const request: BenchRequest = {
    frames: frames.map(({ photo, x, y, width, height }) => ({ photo, x, y, width, height })),
    warmupPasses: options.warmupPasses,
    measuredFrames: options.measuredFrames,
  };
  const bench = await openBenchPage();
  try {
    const result = await bench.page.evaluate(
      (sent) => (window as unknown as { bench: BenchPageApi }).bench.run(sent),
      request,
    );
    const summaries = summarise(result, frames);
    const unavailable = firefoxUnavailable();
    if (unavailable) return { summaries, firefox: null, firefoxNote: unavailable };
    const firefox = await benchRautInFirefox(bench.origin, request, frames);
    return { summaries, firefox, firefoxNote: null };
  } finally {
    await bench.close();
  }
}
