/**
 * What the bench page (tests/harness/bench-page) and its Node driver (scripts/bench) share: the
 * frames to stage, the pipelines compared, and what a run returns. The top page hosts one iframe
 * per pipeline (each its own JS realm, so the three bundled TensorFlow.js copies never share the
 * global `_tfengine`) and drives them in turn on one main thread.
 */
import type { Expression } from '../../../src/shared/taxonomy';

/** The camera frame every pipeline receives (a webcam's common VGA mode). */
export const CAMERA = { width: 640, height: 480 } as const;

export const PIPELINES = ['raut', 'faceapi', 'human'] as const;
export type PipelineName = (typeof PIPELINES)[number];

/** A part of a face photo (served under /photos/) scaled to fill the 640×480 camera frame. */
export interface FrameSpec {
  photo: string;
  /** Source rectangle in the photo's pixels; its aspect should be 4:3 to avoid distortion. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BenchRequest {
  frames: FrameSpec[];
  /** Untimed passes over every frame per pipeline before measuring (model compile, caches). */
  warmupPasses: number;
  /** Timed frames per pipeline; frame k is frames[k % frames.length]. */
  measuredFrames: number;
  /** Which pipelines to run (default: all). */
  pipelines?: PipelineName[];
}

/** One pipeline's answer for one frame. */
export interface FrameResult {
  ms: number;
  /** Top expression of the largest face, null when no face (or no confident answer). */
  top: Expression | null;
}

export interface PipelineRuns {
  /** In measurement order; results[k] is for frames[k % frames.length]. */
  results: FrameResult[];
  /** What the pipeline reports about itself (backend actually used, options). */
  description: string;
}

/** One entry per pipeline that ran. */
export type BenchResult = Partial<Record<PipelineName, PipelineRuns>>;

/** What each pipeline iframe puts on `window.benchPipeline`. */
export interface PipelineFrameApi {
  /** Loads models on the wasm backend and stages the frames; returns the description. */
  prepare(frames: FrameSpec[]): Promise<string>;
  run(frameIndex: number): Promise<FrameResult>;
}

/** What the top page puts on `window.bench`. */
export interface BenchPageApi {
  run(request: BenchRequest): Promise<BenchResult>;
}
