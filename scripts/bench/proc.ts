/**
 * CPU time of a process tree from Linux's /proc: the pure parts (parsing `/proc/<pid>/stat`, walking
 * ppid links, summing ticks between two snapshots) and the small readers around them.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, in clock ticks. */
  ticks: number;
  /** Start time after boot, in clock ticks: tells a reused pid from the process that had it. */
  startTime: number;
}

/**
 * One `/proc/<pid>/stat` line. The command name (field 2) is in parentheses and may hold spaces or
 * parentheses itself, so the fields are counted from the last ')'. Fields after it: 3 state,
 * 4 ppid, …, 14 utime, 15 stime, …, 22 starttime (proc(5)).
 */
export function parseStat(line: string): ProcStat {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc stat line: ${line.slice(0, 80)}`);
  const pid = Number(line.slice(0, open).trim());
  const rest = line.slice(close + 1).trim().split(/\s+/);
  const field = (n: number) => Number(rest[n - 3]);
  const stat = { pid, ppid: field(4), ticks: field(14) + field(15), startTime: field(22) };
  if (!Object.values(stat).every(Number.isFinite)) throw new Error(`unreadable /proc stat line: ${line.slice(0, 80)}`);
  return stat;
}

/** `root` and every process below it through ppid links. */
export function processTree(stats: Iterable<ProcStat>, root: number): Set<number> {
  const children = new Map<number, number[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat.pid]);
  const tree = new Set<number>();
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    if (tree.has(pid)) continue;
    tree.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/**
 * CPU ticks the tree under `root` used between two snapshots: for each process in the tree at the end,
 * its ticks minus its ticks at the start (all of them if it started in between, or if its pid now
 * belongs to a new process). Processes that ended in between are lost: their time is not in /proc any more.
 */
export function treeTicksBetween(before: ReadonlyMap<number, ProcStat>, after: ReadonlyMap<number, ProcStat>, root: number): number {
  let ticks = 0;
  for (const pid of processTree(after.values(), root)) {
    const now = after.get(pid);
    if (!now) continue;
    const then = before.get(pid);
    ticks += then && then.startTime === now.startTime ? now.ticks - then.ticks : now.ticks;
  }
  return ticks;
}

/** Share of one core: CPU seconds over wall seconds, in percent. */
export function percentOfOneCore(cpuSeconds: number, wallSeconds: number): number {
  if (!(wallSeconds > 0)) throw new Error('a window needs a positive duration');
  return (cpuSeconds / wallSeconds) * 100;
}

const pids = () => readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the process ended while we looked
  }
}

/** Every process's stat line, by pid. */
export function snapshot(): Map<number, ProcStat> {
  const stats = new Map<number, ProcStat>();
  for (const pid of pids()) {
    const line = readOrNull(`/proc/${pid}/stat`);
    if (line) stats.set(pid, parseStat(line));
  }
  return stats;
}

export function clockTicksPerSecond(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
}

/** Processes whose command line holds `needle` (Chromium rewrites argv into one string, so a substring test). */
export function processesWith(needle: string): number[] {
  return pids().filter((pid) => readOrNull(`/proc/${pid}/cmdline`)?.includes(needle));
}

/**
 * The browser process of a Chromium started with `--user-data-dir=<dir>`: of the processes naming the
 * folder, the one whose parent does not.
 */
export function browserPid(userDataDir: string): number {
  const named = new Set(processesWith(`--user-data-dir=${userDataDir}`));
  const stats = snapshot();
  const roots = [...named].filter((pid) => !named.has(stats.get(pid)?.ppid ?? -1));
  if (roots.length !== 1) throw new Error(`expected one browser process for ${userDataDir}, found ${roots.length}`);
  return roots[0]!;
}

/** Resident memory (VmRSS) of a process in MiB, or null when it is gone. */
export function rssMb(pid: number): number | null {
  const match = readOrNull(`/proc/${pid}/status`)?.match(/^VmRSS:\s+(\d+)\s+kB/m);
  return match ? Number(match[1]) / 1024 : null;
}
