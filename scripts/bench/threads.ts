/**
 * Where a Chromium tree's CPU goes, thread by thread: each process is named by its role (from its
 * command line: browser, gpu, class-page renderer, extension renderer = offscreen document + service
 * worker + extension pages, utility sub-types) and each thread by its kernel name (`comm`, e.g.
 * CrRendererMain = a page's main thread, "ServiceWorker t" = the worker, VideoFrameCompo…). Used to
 * profile the added CPU of analysing: per window, ticks by "role / thread" from /proc.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseStat, processTree, type ProcStat } from './proc.ts';

/** The role of a Chromium process from its command line (NUL-separated, or one string: Chromium rewrites argv). */
export function processRole(cmdline: string): string {
  const args = cmdline.split(/[\0 ]/);
  const value = (flag: string) => args.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1) ?? null;
  const type = value('--type');
  if (type === null) return 'browser';
  if (type === 'renderer') return args.includes('--extension-process') ? 'extension renderer' : 'page renderer';
  if (type === 'utility') return `utility ${value('--utility-sub-type') ?? '?'}`;
  return type;
}

/** Thread names with their numeric suffix removed, so a pool's threads add up under one name. */
export function threadGroup(comm: string): string {
  return comm.trim().replace(/[\d:]+$/, '').trim() || comm.trim();
}

/** Ticks per "role / thread group" key. */
export type ThreadTicks = Map<string, { key: string; ticks: number; startTime: number; tid: number }>;

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Every thread of the processes in the tree under `root`, keyed by tid. */
export function threadSnapshot(processes: ReadonlyMap<number, ProcStat>, root: number): ThreadTicks {
  const threads: ThreadTicks = new Map();
  for (const pid of processTree(processes.values(), root)) {
    const cmdline = read(`/proc/${pid}/cmdline`);
    if (cmdline === null) continue;
    const role = processRole(cmdline);
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const line = read(`/proc/${pid}/task/${tid}/stat`);
      if (!line) continue;
      const stat = parseStat(line);
      const comm = line.slice(line.indexOf('(') + 1, line.lastIndexOf(')'));
      threads.set(`${pid}/${tid}`, { key: `${role} / ${threadGroup(comm)}`, ticks: stat.ticks, startTime: stat.startTime, tid: stat.pid });
    }
  }
  return threads;
}

/** Ticks per key between two thread snapshots (a thread new since `before` counts in full). */
export function ticksByKey(before: ThreadTicks, after: ThreadTicks): Map<string, number> {
  const sums = new Map<string, number>();
  for (const [id, now] of after) {
    const then = before.get(id);
    const ticks = then && then.startTime === now.startTime ? now.ticks - then.ticks : now.ticks;
    sums.set(now.key, (sums.get(now.key) ?? 0) + ticks);
  }
  return sums;
}
