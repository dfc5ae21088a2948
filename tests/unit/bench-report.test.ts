import { describe, expect, it } from 'vitest';
import { addedCpuLine, benchJson, crossoverLine, firefoxLine, NOT_MEASURED, ratioToFasterPeer } from '../../scripts/bench/report.ts';
import { parseArgs } from '../../scripts/bench/args.ts';
import { summarise, unavailablePipelines, type PipelineSummary } from '../../scripts/bench/pipelines.ts';
import { adapterLine, isEmulatedAdapter, pipelineUnavailable, unavailableReason, type BenchResult } from '../../tests/harness/bench-page/api.ts';
import { BENCH_FRAMES } from '../../scripts/bench/frames.ts';

function summary(name: PipelineSummary['name'], medianMs: number, p95Ms: number): PipelineSummary {
  return { name, description: `${name} on wasm`, frames: 10, medianMs, p95Ms, agreement: null, noAnswer: 0, answers: [] };
}

const chromium = [summary('raut', 10, 20), summary('faceapi', 40, 50), summary('human', 30, 45)];

describe('bench report: Raut in Firefox beside Chromium', () => {
  it('puts the Firefox figures in the JSON object, and null when Firefox was not measured', () => {
    const measured = benchJson(chromium, NOT_MEASURED, 'wasm', null, summary('raut', 14.567, 30.123));
    expect(measured).toMatchObject({ raut_ms: 10, firefox_raut_ms: 14.57, firefox_raut_p95_ms: 30.12 });
    const absent = benchJson(chromium, NOT_MEASURED, 'wasm');
    expect(absent).toMatchObject({ firefox_raut_ms: null, firefox_raut_p95_ms: null });
  });

  it('states the ratio to Chromium, or why Firefox was not measured', () => {
    expect(firefoxLine(chromium, summary('raut', 14, 30), null)).toMatch(/median 14\.0 ms, p95 30\.0 ms = 1\.40 × Chromium's 10\.0 ms/);
    expect(firefoxLine(chromium, null, 'Debian firefox-esr is not installed')).toBe('firefox: not measured (Debian firefox-esr is not installed)');
  });
});

describe('bench report: the added CPU and its interval', () => {
  const added = (pct: number, ci95: [number, number] | null, rounds = 9) => ({ pct, ci95, rounds, meanPct: pct + 0.1 });

  it('calls the 1 frame/s target met only when the whole 95 % interval lies under 3 %', () => {
    expect(addedCpuLine('1fps', added(2.1, [1.5, 2.8]))).toMatch(/over 9 rounds\): 2\.10 % of one core \(95 % interval 1\.50 to 2\.80; mean 2\.20 %\); target ≤ 3 %: met$/);
    expect(addedCpuLine('1fps', added(2.6, [2.0, 3.2]))).toMatch(/target ≤ 3 %: not shown either way$/);
    expect(addedCpuLine('1fps', added(4.0, [3.1, 4.9]))).toMatch(/target ≤ 3 %: not met$/);
    expect(addedCpuLine('1fps', added(1.0, null, 3))).toMatch(/no 95 % interval under six rounds.*not shown either way$/);
    expect(addedCpuLine('5fps', added(16, [14, 18]))).not.toMatch(/target/);
    expect(addedCpuLine('1fps', null)).toBe("Raut's added CPU at 1 frame/s: n/a");
  });

  it('puts the intervals in the JSON object beside the estimates', () => {
    const cost = { ...NOT_MEASURED, addedCpuPct1fps: 2.1, addedCpuPct1fpsCi95: [1.5, 2.8] as [number, number], addedCpuPct5fps: 16, addedCpuPct5fpsCi95: [14, 18] as [number, number] };
    expect(benchJson(chromium, cost, 'wasm')).toMatchObject({ added_cpu_pct_1fps: 2.1, added_cpu_pct_1fps_ci95: [1.5, 2.8], added_cpu_pct_5fps: 16, added_cpu_pct_5fps_ci95: [14, 18] });
  });

  it('reports the crossover beside the class figures, with the same verdict rule, and null when it did not run', () => {
    const cost = { ...NOT_MEASURED, addedCpuPct1fpsCrossover: 3.49, addedCpuPct1fpsCrossoverCi95: [3.12, 3.75] as [number, number] };
    expect(benchJson(chromium, cost, 'wasm')).toMatchObject({ added_cpu_pct_1fps_crossover: 3.49, added_cpu_pct_1fps_crossover_ci95: [3.12, 3.75] });
    expect(benchJson(chromium, NOT_MEASURED, 'wasm')).toMatchObject({ added_cpu_pct_1fps_crossover: null, added_cpu_pct_1fps_crossover_ci95: null });
    const line = (pct: number, ci95: [number, number] | null) => crossoverLine({ added_cpu_pct: pct, added_cpu_pct_ci95: ci95, ms_per_sample: pct * 10, rounds: 12 });
    expect(line(3.49, [3.12, 3.75])).toMatch(/over 12 rounds\): 3\.49 % of one core \(95 % interval 3\.12 to 3\.75; 34\.9 ms a sample\); target ≤ 3 %: not met$/);
    expect(line(2.5, [2.2, 2.9])).toMatch(/target ≤ 3 %: met$/);
    expect(line(2.9, [2.6, 3.2])).toMatch(/target ≤ 3 %: not shown either way$/);
  });

  it('runs 8 crossover rounds unless told otherwise, and none with 0', () => {
    expect(parseArgs([]).crossoverRounds).toBe(8);
    expect(parseArgs(['--crossover-rounds', '0']).crossoverRounds).toBe(0);
    expect(parseArgs(['--crossover-rounds', '12']).crossoverRounds).toBe(12);
    expect(() => parseArgs(['--crossover-rounds', '-1'])).toThrow(/whole number of rounds/);
    expect(() => parseArgs(['--crossover-rounds', '2.5'])).toThrow(/whole number of rounds/);
  });

  it("names the face detector's delegate the class ran with, and leaves it null when the class was not measured", () => {
    expect(benchJson(chromium, { ...NOT_MEASURED, faceDetector: 'GPU' }, 'webgpu')).toMatchObject({ face_detector: 'GPU' });
    expect(benchJson(chromium, NOT_MEASURED, 'wasm')).toMatchObject({ face_detector: null });
  });
});

describe('bench report: a backend one peer has no build for', () => {
  const runs = (ms: number) => BENCH_FRAMES.map(() => ({ ms, top: 'happy' as const }));
  const result: BenchResult = {
    raut: { description: 'raut on webgpu', results: runs(5), unavailable: null },
    faceapi: { description: 'no webgpu', results: [], unavailable: "face-api's bundled TensorFlow.js has no webgpu backend" },
    human: { description: 'human on webgpu', results: runs(20), unavailable: null },
  };

  it('compares the pipelines that ran, names the one that could not, and keeps its figure null', () => {
    const summaries = summarise(result, BENCH_FRAMES);
    expect(summaries.map((summary) => summary.name)).toEqual(['raut', 'human']);
    expect(unavailablePipelines(result)).toEqual(["faceapi: face-api's bundled TensorFlow.js has no webgpu backend"]);
    expect(ratioToFasterPeer(summaries)).toBe(0.25);
    expect(benchJson(summaries, NOT_MEASURED, 'webgpu', null, null, 'google swiftshader')).toMatchObject({
      raut_ms: 5,
      faceapi_ms: null,
      human_ms: 20,
      backend: 'webgpu',
      webgpu_adapter: 'google swiftshader',
    });
    expect(benchJson(summaries, NOT_MEASURED, 'wasm')).toMatchObject({ webgpu_adapter: null });
  });

  it("reads a pipeline's 'unavailable' from the error's message alone (it comes from another iframe's realm)", () => {
    expect(unavailableReason(pipelineUnavailable('no webgpu build'))).toBe('no webgpu build');
    expect(unavailableReason({ message: pipelineUnavailable('from another realm').message })).toBe('from another realm');
    expect(unavailableReason(new Error('the model failed to load'))).toBeNull();
    expect(unavailableReason('pipeline unavailable: a bare string')).toBeNull();
  });

  it('names SwiftShader and llvmpipe as emulation and a GPU as a GPU', () => {
    expect(isEmulatedAdapter('google swiftshader')).toBe(true);
    expect(isEmulatedAdapter('mesa llvmpipe (LLVM 19.1.7, 256 bits)')).toBe(true);
    expect(isEmulatedAdapter('nvidia hopper (NVIDIA H100)')).toBe(false);
    expect(adapterLine('google swiftshader')).toMatch(/^WebGPU adapter google swiftshader: CPU emulation, no GPU/);
    expect(adapterLine('nvidia hopper')).toBe('WebGPU adapter nvidia hopper');
  });
});
