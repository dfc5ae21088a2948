import { describe, expect, it } from 'vitest';
import { summariseTrace, type TraceEvent } from '../../scripts/bench/trace-summary.ts';

const EXTENSION = 1;
const PAGE = 2;

function meta(pid: number, tid: number | null, name: string): TraceEvent {
  return tid === null
    ? { ph: 'M', name: 'process_name', pid, tid: 0, ts: 0, args: { name } }
    : { ph: 'M', name: 'thread_name', pid, tid, ts: 0, args: { name } };
}

function slice(pid: number, tid: number, name: string, ts: number, dur: number, tdur?: number, args?: Record<string, unknown>): TraceEvent {
  return { ph: 'X', name, pid, tid, ts, dur, ...(tdur === undefined ? {} : { tdur }), ...(args ? { args } : {}) };
}

const events: TraceEvent[] = [
  meta(EXTENSION, null, 'Extension Renderer'),
  meta(EXTENSION, 10, 'CrRendererMain'),
  meta(EXTENSION, 11, 'ThreadPoolForegroundWorker'),
  meta(EXTENSION, 12, 'ThreadPoolForegroundWorker2'),
  meta(PAGE, null, 'Renderer'),
  meta(PAGE, 20, 'CrRendererMain'),
  // The offscreen document: two tasks (CPU 3 ms of the first one's 5, then 1 ms), a full and a minor GC inside the first.
  slice(EXTENSION, 10, 'RunTask', 0, 5000, 3000),
  slice(EXTENSION, 10, 'MajorGC', 100, 800, 800),
  slice(EXTENSION, 10, 'MinorGC', 1000, 100, 100),
  slice(EXTENSION, 10, 'RunTask', 6000, 1000),
  // Two pool threads add up under one name; the compiles inside their tasks are counted, not added again.
  slice(EXTENSION, 11, 'ThreadPool_RunTask', 0, 2000, 2000),
  slice(EXTENSION, 11, 'V8.MaglevBackground', 10, 500, 500),
  slice(EXTENSION, 11, 'V8.OptimizeBackground', 600, 900, 900),
  slice(EXTENSION, 12, 'ThreadPool_RunTask', 0, 2500, 2500, { src_file: 'v8/src/wasm/module-compiler.cc' }),
  slice(EXTENSION, 12, 'ThreadPool_RunTask', 3000, 300, 300, { src_file: 'v8/src/heap/concurrent-marking.cc' }),
  slice(EXTENSION, 12, 'ThreadPool_RunTask', 4000, 1200, 1200),
  slice(EXTENSION, 12, 'V8.MaglevBackground', 4010, 700, 700),
  // The class page: its GCs are not the extension's.
  slice(PAGE, 20, 'RunTask', 0, 1500, 1500),
  slice(PAGE, 20, 'MajorGC', 100, 500, 500),
];

describe('summariseTrace', () => {
  it('adds the CPU time of each thread’s tasks, a pool’s threads under one name, busiest first', () => {
    expect(summariseTrace(events).threads).toEqual([
      { process: 'Extension Renderer', thread: 'ThreadPoolForegroundWorker', cpuMs: 6 },
      { process: 'Extension Renderer', thread: 'CrRendererMain', cpuMs: 4 },
      { process: 'Renderer', thread: 'CrRendererMain', cpuMs: 1.5 },
    ]);
  });

  it('counts the extension renderer’s GCs on the offscreen document’s thread and the JIT’s compiles on any thread', () => {
    expect(summariseTrace(events).extension).toEqual({ majorGcs: 1, minorGcs: 1, maglevCompiles: 2, turbofanCompiles: 1, wasmCompileMs: 2.5 });
  });

  it('names processes and threads it has no metadata for by their ids', () => {
    const [thread] = summariseTrace([slice(7, 8, 'RunTask', 0, 1000, 1000)]).threads;
    expect(thread).toEqual({ process: 'pid 7', thread: 'tid 8', cpuMs: 1 });
  });
});
