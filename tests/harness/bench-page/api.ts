/**
 * What the bench page (tests/harness/bench-page) and its Node driver (scripts/bench) share: the
 * frames to stage, the pipelines compared, and what a run returns. The top page hosts one iframe
 * per pipeline (each its own JS realm, so the three bundled TensorFlow.js copies never share the
 * global `_tfengine`) and drives them in turn on one main thread.
 */
import { isSoftwareRenderer } from '../../../src/offscreen/gpu-probe';
import type { Expression } from '../../../src/shared/taxonomy';

/** The camera frame every pipeline receives (a webcam's common VGA mode). */
export const CAMERA = { width: 640, height: 480 } as const;

export const PIPELINES = ['raut', 'faceapi', 'human'] as const;
export type PipelineName = (typeof PIPELINES)[number];

/** The TensorFlow.js backend every pipeline is asked to run on. */
export type BenchBackend = 'wasm' | 'webgpu';

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
  backend: BenchBackend;
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
  /** Why the pipeline cannot run on the requested backend (then `results` is empty); null when it ran. */
  unavailable: string | null;
}

/** One entry per pipeline that ran. */
export type BenchResult = Partial<Record<PipelineName, PipelineRuns>>;

/** What each pipeline iframe puts on `window.benchPipeline`. */
export interface PipelineFrameApi {
  /** Loads models on `backend` and stages the frames; returns the description. Throws pipelineUnavailable(…) when the pipeline has no such backend. */
  prepare(frames: FrameSpec[], backend: BenchBackend): Promise<string>;
  run(frameIndex: number): Promise<FrameResult>;
}

/**
 * The context's WebGPU adapter as "vendor architecture (description)", or null when it has none.
 * Self-contained: the class bench runs it in the extension's service worker through Playwright.
 */
export async function describeWebgpuAdapter(): Promise<string | null> {
  // adapter.info is newer than the WebGPU typings here.
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  if (!adapter) return null;
  const { vendor = '', architecture = '', description = '' } = adapter.info ?? {};
  return `${[vendor, architecture].filter(Boolean).join(' ') || 'unnamed adapter'}${description ? ` (${description})` : ''}`;
}

/**
 * A GPU emulated on the CPU (Chromium's SwiftShader where a machine has no GPU, Mesa's llvmpipe …):
 * its times are the emulation's. The same test the engine uses to skip such renderers.
 */
export function isEmulatedAdapter(adapter: string): boolean {
  return isSoftwareRenderer(adapter);
}

/** How the bench names the adapter it measured on, with a warning when that is an emulation. */
export function adapterLine(adapter: string): string {
  const warning = isEmulatedAdapter(adapter) ? ': CPU emulation, no GPU. Its figures prove that Raut runs on WebGPU, not how fast or cheaply a GPU runs it' : '';
  return `WebGPU adapter ${adapter}${warning}`;
}

/** What the top page puts on `window.bench`. */
export interface BenchPageApi {
  run(request: BenchRequest): Promise<BenchResult>;
  /** The page's WebGPU adapter as "vendor architecture (description)", or null when the page has none. */
  webgpuAdapter(): Promise<string | null>;
}

const UNAVAILABLE = 'pipeline unavailable: ';

/** What a pipeline's load throws when its library has no build for the requested backend. */
export function pipelineUnavailable(reason: string): Error {
  return new Error(`${UNAVAILABLE}${reason}`);
}

/** The reason of a pipelineUnavailable error (it comes from another iframe's realm: read by its message), else null. */
export function unavailableReason(error: unknown): string | null {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message.startsWith(UNAVAILABLE) ? message.slice(UNAVAILABLE.length) : null;
}
