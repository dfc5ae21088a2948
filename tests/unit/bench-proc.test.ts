import { describe, expect, it } from 'vitest';
import { parseStat, percentOfOneCore, processTree, treeTicksBetween, type ProcStat } from '../../scripts/bench/proc.ts';
import { addedCpu, addedCpuByThread, roundDifferences, windowOrder, type CostWindow } from '../../scripts/bench/class-cost.ts';
import { processRole, threadGroup } from '../../scripts/bench/threads.ts';
import { parseArgs } from '../../scripts/bench/args.ts';

/** A /proc/<pid>/stat line with the given fields (others zero), as the kernel writes it. */
function statLine(pid: number, comm: string, ppid: number, utime: number, stime: number, start = 1000): string {
  const after = Array.from({ length: 50 }, () => '0'); // fields 3… (index 0 = field 3)
  after[0] = 'S';
  after[4 - 3] = String(ppid);
  after[14 - 3] = String(utime);
  after[15 - 3] = String(stime);
  after[22 - 3] = String(start);
  return `${pid} (${comm}) ${after.join(' ')}\n`;
}

const byPid = (stats: ProcStat[]) => new Map(stats.map((s) => [s.pid, s]));

describe('bench /proc helpers', () => {
  it('reads pid, ppid, utime + stime and start time from a stat line', () => {
    expect(parseStat(statLine(42, 'chromium', 7, 120, 30, 555))).toEqual({ pid: 42, ppid: 7, ticks: 150, startTime: 555 });
  });

  it('counts fields from the last parenthesis, so a command name with spaces or parentheses does not shift them', () => {
    expect(parseStat(statLine(9, 'Web Content (x) y', 3, 5, 6))).toMatchObject({ pid: 9, ppid: 3, ticks: 11 });
  });

  it('parses a real line', () => {
    const line =
      '1234 (chrome) S 1200 1234 1234 0 -1 4194560 5000 0 0 0 250 75 0 0 20 0 20 0 98765 1000000 5000 18446744073709551615 0 0 0 0 0 0 0 4096 1260 0 0 0 17 1 0 0 0 0 0';
    expect(parseStat(line)).toEqual({ pid: 1234, ppid: 1200, ticks: 325, startTime: 98765 });
  });

  it('rejects text that is not a stat line', () => {
    expect(() => parseStat('hello')).toThrow(/not a \/proc stat line/);
  });

  it('walks ppid links down from the root only', () => {
    const stats = [
      { pid: 1, ppid: 0, ticks: 0, startTime: 0 },
      { pid: 10, ppid: 1, ticks: 0, startTime: 0 }, // browser
      { pid: 11, ppid: 10, ticks: 0, startTime: 0 }, // zygote
      { pid: 12, ppid: 11, ticks: 0, startTime: 0 }, // renderer below the zygote
      { pid: 13, ppid: 10, ticks: 0, startTime: 0 },
      { pid: 20, ppid: 1, ticks: 0, startTime: 0 }, // someone else's
    ];
    expect([...processTree(stats, 10)].sort((a, b) => a - b)).toEqual([10, 11, 12, 13]);
  });

  it('sums the ticks the tree used between snapshots: deltas, new processes in full, reused pids as new', () => {
    const before = byPid([
      { pid: 10, ppid: 1, ticks: 100, startTime: 5 },
      { pid: 11, ppid: 10, ticks: 50, startTime: 6 },
      { pid: 12, ppid: 10, ticks: 70, startTime: 7 }, // will have ended
      { pid: 14, ppid: 10, ticks: 500, startTime: 8 }, // pid will be reused
      { pid: 20, ppid: 1, ticks: 10, startTime: 9 }, // outside the tree
    ]);
    const after = byPid([
      { pid: 10, ppid: 1, ticks: 130, startTime: 5 }, // +30
      { pid: 11, ppid: 10, ticks: 55, startTime: 6 }, // +5
      { pid: 13, ppid: 11, ticks: 7, startTime: 50 }, // new: +7
      { pid: 14, ppid: 10, ticks: 4, startTime: 60 }, // new process on an old pid: +4
      { pid: 20, ppid: 1, ticks: 999, startTime: 9 },
    ]);
    expect(treeTicksBetween(before, after, 10)).toBe(46);
  });

  it('expresses CPU seconds over wall seconds as % of one core', () => {
    expect(percentOfOneCore(1.5, 30)).toBeCloseTo(5, 10);
    expect(() => percentOfOneCore(1, 0)).toThrow();
  });
});

describe('bench class cost', () => {
  const w = (condition: CostWindow['condition'], round: number, cpuPct: number, threads: Record<string, number> = {}): CostWindow => ({
    condition,
    round,
    cpuPct,
    wallS: 30,
    cpuS: (cpuPct / 100) * 30,
    videoFps: 10,
    videoFpsSource: 'totalVideoFrames',
    droppedFps: 0,
    samples: 0,
    threads,
  });

  it('rotates the three conditions round by round', () => {
    expect(windowOrder(3).map((x) => `${x.round}:${x.condition}`)).toEqual([
      '0:paused', '0:1fps', '0:5fps',
      '1:1fps', '1:5fps', '1:paused',
      '2:5fps', '2:paused', '2:1fps',
    ]);
  });

  it('takes analysing − paused within each round, then the mean over rounds', () => {
    const windows = [w('paused', 0, 20), w('1fps', 0, 23), w('5fps', 0, 40), w('1fps', 1, 30), w('5fps', 1, 41), w('paused', 1, 26)];
    expect(roundDifferences(windows, '1fps')).toEqual([3, 4]);
    expect(roundDifferences(windows, '5fps')).toEqual([20, 15]);
    expect(addedCpu(windows, '1fps')?.meanPct).toBeCloseTo((3 + 4) / 2, 10);
  });

  it('gives the Hodges–Lehmann estimate over the rounds with its 95 % interval, none under six rounds', () => {
    // Six rounds, differences 3, 4, 2, 5, 3, 30 (one disturbed window): the median of the 21 Walsh averages is 4, the mean 7.8.
    const pairs: [number, number][] = [[20, 23], [26, 30], [22, 24], [21, 26], [20, 23], [20, 50]];
    const windows = pairs.flatMap(([paused, analysing], round) => [w('paused', round, paused), w('1fps', round, analysing)]);
    const added = addedCpu(windows, '1fps');
    expect(added?.rounds).toBe(6);
    expect(added?.meanPct).toBeCloseTo(47 / 6, 10);
    expect(added?.pct).toBe(4);
    expect(added?.ci95).toEqual([2, 30]); // n = 6: the smallest and the largest difference
    expect(addedCpu(windows.slice(0, 2), '1fps')).toEqual({ pct: 3, ci95: null, rounds: 1, meanPct: 3 });
  });

  it('splits the added CPU by process / thread the same way, largest first', () => {
    // 30 s windows: 0.3 CPU-s = 1 % of a core.
    const windows = [
      w('paused', 0, 0, { 'gpu / main': 0.3, 'page renderer / Media': 0.6 }),
      w('1fps', 0, 0, { 'gpu / main': 0.9, 'page renderer / Media': 0.6, 'extension renderer / CrRendererMain': 1.5 }),
      w('1fps', 1, 0, { 'gpu / main': 0.6, 'extension renderer / CrRendererMain': 0.9 }),
      w('paused', 1, 0, { 'gpu / main': 0.3 }),
    ];
    const added = addedCpuByThread(windows, '1fps');
    expect(added.map(([key]) => key)).toEqual(['extension renderer / CrRendererMain', 'gpu / main', 'page renderer / Media']);
    expect(added[0]![1]).toBeCloseTo((5 + 3) / 2, 10);
    expect(added[1]![1]).toBeCloseTo((2 + 1) / 2, 10);
    expect(added[2]![1]).toBeCloseTo(0, 10);
    expect(addedCpuByThread(windows, '5fps')).toEqual([]);
  });

  it('names Chromium processes by role and folds numbered threads together', () => {
    expect(processRole(['/usr/lib/chromium/chromium', '--user-data-dir=/tmp/x'].join('\0'))).toBe('browser');
    expect(processRole(['chromium', '--type=renderer', '--extension-process', '--foo'].join('\0'))).toBe('extension renderer');
    expect(processRole(['chromium', '--type=renderer', '--foo'].join('\0'))).toBe('page renderer');
    expect(processRole(['chromium', '--type=utility', '--utility-sub-type=network.mojom.NetworkService'].join('\0'))).toBe('utility network.mojom.NetworkService');
    expect(processRole(['chromium', '--type=gpu-process'].join('\0'))).toBe('gpu-process');
    expect(threadGroup('ThreadPoolForeg')).toBe('ThreadPoolForeg');
    expect(threadGroup('Chrome_ChildIOT')).toBe('Chrome_ChildIOT');
    expect(threadGroup('DedicatedWorker 12')).toBe('DedicatedWorker');
    expect(threadGroup('VizCompositorTh')).toBe('VizCompositorTh');
  });

  it('gives null without a paused window to compare with', () => {
    expect(addedCpu([w('1fps', 0, 23)], '1fps')).toBeNull();
  });
});

describe('bench options', () => {
  it('parses the class-cost options and keeps the defaults otherwise', () => {
    expect(parseArgs([])).toMatchObject({ windowS: 20, rounds: 9, warmUpS: 60, coldRuns: 3, only: null });
    expect(parseArgs(['--window', '12.5', '--rounds', '3', '--warm-up', '0', '--cold-runs', '5', '--only', 'class'])).toMatchObject({
      windowS: 12.5,
      rounds: 3,
      warmUpS: 0,
      coldRuns: 5,
      only: 'class',
    });
    expect(() => parseArgs(['--warm-up', '-5'])).toThrow(/number of seconds/);
    expect(() => parseArgs(['--warm-up'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--rounds', '0'])).toThrow(/positive integer/);
    expect(() => parseArgs(['--window', 'x'])).toThrow(/positive/);
    expect(() => parseArgs(['--only', 'gpu'])).toThrow(/pipelines or class/);
  });
});
