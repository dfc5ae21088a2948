/** The part every pipeline iframe shares: stage the frames, time each call, expose the API. */
import type { Expression } from '../../../src/shared/taxonomy';
import type { BenchBackend, FrameResult, FrameSpec, PipelineFrameApi } from './api';
import { stageFrames } from './stage';

export interface Pipeline {
  /** Loads models on `backend`; returns a one-line description of what runs. */
  load(backend: BenchBackend): Promise<string>;
  /** Camera frame in, top expression of the largest face out. */
  analyse(frame: HTMLCanvasElement): Promise<Expression | null>;
}

/** URL of a file the bench server mounts (see scripts/bench/page.ts). */
export function servedUrl(path: string): string {
  return new URL(path, `${location.origin}/`).href;
}

export function exposePipeline(pipeline: Pipeline): void {
  let frames: HTMLCanvasElement[] = [];
  const api: PipelineFrameApi = {
    async prepare(specs: FrameSpec[], backend: BenchBackend) {
      const description = await pipeline.load(backend);
      frames = await stageFrames(specs);
      return description;
    },
    async run(frameIndex: number): Promise<FrameResult> {
      const frame = frames[frameIndex];
      if (!frame) throw new Error(`no frame ${frameIndex}`);
      const started = performance.now();
      const top = await pipeline.analyse(frame);
      return { ms: performance.now() - started, top };
    },
  };
  Object.assign(window, { benchPipeline: api });
}
