/**
 * The bench's top page: one iframe per pipeline (separate realms, same main thread), loaded and
 * warmed up, then driven frame by frame in turn so load noise on the machine hits all alike. The
 * order rotates with each frame (A,B,C then B,C,A …) so no pipeline always runs right after another.
 */
import { describeWebgpuAdapter, PIPELINES, unavailableReason, type BenchPageApi, type BenchRequest, type BenchResult, type PipelineFrameApi, type PipelineName } from './api';

async function openPipeline(name: PipelineName): Promise<PipelineFrameApi> {
  const frame = document.createElement('iframe');
  const loaded = new Promise<void>((done) => frame.addEventListener('load', () => done(), { once: true }));
  frame.src = `/${name}.html`;
  document.body.append(frame);
  await loaded;
  const inner = frame.contentWindow as (Window & { benchPipeline?: PipelineFrameApi }) | null;
  for (let waited = 0; !inner?.benchPipeline; waited += 50) {
    if (waited > 60_000) throw new Error(`${name}: page never exposed benchPipeline`);
    await new Promise((later) => setTimeout(later, 50));
  }
  return inner.benchPipeline;
}

const api: BenchPageApi = {
  async run(request: BenchRequest): Promise<BenchResult> {
    const names = request.pipelines ?? [...PIPELINES];
    const pipelines = new Map<PipelineName, PipelineFrameApi>();
    const result: BenchResult = {};
    for (const name of names) {
      const pipeline = await openPipeline(name);
      try {
        result[name] = { description: await pipeline.prepare(request.frames, request.backend), results: [], unavailable: null };
        pipelines.set(name, pipeline);
      } catch (error) {
        const reason = unavailableReason(error);
        if (reason === null) throw error;
        result[name] = { description: reason, results: [], unavailable: reason };
      }
    }
    const running = names.filter((name) => pipelines.has(name));
    const count = request.frames.length;
    for (let pass = 0; pass < request.warmupPasses; pass++) {
      for (let index = 0; index < count; index++) for (const pipeline of pipelines.values()) await pipeline.run(index);
    }
    for (let k = 0; k < request.measuredFrames; k++) {
      for (let turn = 0; turn < running.length; turn++) {
        const name = running[(k + turn) % running.length]!;
        result[name]!.results.push(await pipelines.get(name)!.run(k % count));
      }
    }
    return result;
  },
  webgpuAdapter: describeWebgpuAdapter,
};

Object.assign(window, { bench: api, benchReady: true });
