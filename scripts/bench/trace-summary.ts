/**
 * Reads a Chromium trace (the JSON events of CDP `Tracing`) into what the class-cost work needs:
 * CPU time per process and thread, and in the extension's renderer (offscreen document + service
 * worker) the garbage collections and the JIT's compiles, which run on V8's background threads
 * where a JS profile does not look.
 */
import { threadGroup } from './threads.ts';

export interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts: number;
  /** Wall and thread (CPU) duration, µs, of complete ('X') events. */
  dur?: number;
  tdur?: number;
  args?: Record<string, unknown>;
}

export interface ThreadCpu {
  process: string;
  /** The thread's name without its number, so a pool's threads add up. */
  thread: string;
  cpuMs: number;
}

export interface ExtensionJit {
  /** Full (mark-compact) collections on the offscreen document's main thread. */
  majorGcs: number;
  minorGcs: number;
  /** Functions compiled by Maglev and by Turbofan (JS) on any of the process's threads. */
  maglevCompiles: number;
  turbofanCompiles: number;
  /** Time of the wasm compile jobs (tier-up of the models' wasm), ms. */
  wasmCompileMs: number;
}

export interface TraceSummary {
  threads: ThreadCpu[];
  extension: ExtensionJit;
}

const EXTENSION_PROCESS = 'Extension Renderer';

function names(events: readonly TraceEvent[]): { process: Map<number, string>; thread: Map<string, string> } {
  const process = new Map<number, string>();
  const thread = new Map<string, string>();
  for (const event of events) {
    if (event.ph !== 'M') continue;
    const name = String(event.args?.name ?? '');
    if (event.name === 'process_name') process.set(event.pid, name);
    if (event.name === 'thread_name') thread.set(`${event.pid}/${event.tid}`, name);
  }
  return { process, thread };
}

/**
 * Per thread, its complete slices that no other slice of the thread contains: the tasks it ran, whose
 * CPU times (tdur) add up to its busy time whichever categories were traced.
 */
function outermostSlices(events: readonly TraceEvent[]): TraceEvent[][] {
  const byThread = new Map<string, TraceEvent[]>();
  for (const event of events) {
    if (event.ph !== 'X' || event.dur === undefined) continue;
    const key = `${event.pid}/${event.tid}`;
    const slices = byThread.get(key) ?? [];
    slices.push(event);
    byThread.set(key, slices);
  }
  return [...byThread.values()].map((slices) => {
    slices.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    let end = -Infinity;
    return slices.filter((slice) => {
      if (slice.ts < end) return false;
      end = slice.ts + slice.dur!;
      return true;
    });
  });
}

export function summariseTrace(events: readonly TraceEvent[]): TraceSummary {
  const { process, thread } = names(events);
  const processOf = (event: TraceEvent) => process.get(event.pid) ?? `pid ${event.pid}`;
  const threadOf = (event: TraceEvent) => {
    const name = thread.get(`${event.pid}/${event.tid}`);
    return name === undefined ? `tid ${event.tid}` : threadGroup(name);
  };
  const cpu = new Map<string, ThreadCpu>();
  for (const slices of outermostSlices(events)) {
    const [first] = slices;
    const key = `${processOf(first!)}/${threadOf(first!)}`;
    const entry = cpu.get(key) ?? { process: processOf(first!), thread: threadOf(first!), cpuMs: 0 };
    for (const slice of slices) entry.cpuMs += (slice.tdur ?? slice.dur!) / 1000;
    cpu.set(key, entry);
  }
  const jit: ExtensionJit = { majorGcs: 0, minorGcs: 0, maglevCompiles: 0, turbofanCompiles: 0, wasmCompileMs: 0 };
  for (const event of events) {
    if (event.ph !== 'X' || event.dur === undefined || processOf(event) !== EXTENSION_PROCESS) continue;
    const onMain = threadOf(event) === 'CrRendererMain';
    if (event.name === 'MajorGC' && onMain) jit.majorGcs += 1;
    else if (event.name === 'MinorGC' && onMain) jit.minorGcs += 1;
    else if (event.name === 'V8.MaglevBackground') jit.maglevCompiles += 1;
    else if (event.name === 'V8.OptimizeBackground') jit.turbofanCompiles += 1;
    else if (event.name === 'ThreadPool_RunTask' && String(event.args?.src_file ?? '').includes('wasm/module-compiler')) {
      jit.wasmCompileMs += event.dur / 1000;
    }
  }
  return { threads: [...cpu.values()].sort((a, b) => b.cpuMs - a.cpuMs), extension: jit };
}
