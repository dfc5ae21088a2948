/**
 * Two demo classes at once, one Debian Chromium each, each with its own copy of a build and its own
 * fake face camera, measured in the same windows: what ab-builds.ts (two builds) and crossover.ts
 * (one build's added CPU, analysing beside paused) share. Each window sets each side analysing or
 * paused, lets it settle, then reads both browsers' process trees from /proc over the same seconds,
 * so a load that comes and goes on the shared machine falls on both alike.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extensionWorker } from '../../tests/helpers/extension.ts';
import { launchBenchClass, joinBenchClass, type BenchClass } from './bench-class.ts';
import { applySettings, countSamples, inExtensionPage, SETTLE_MS, sleep } from './class-cost.ts';
import { browserPid, clockTicksPerSecond, snapshot, treeTicksBetween } from './proc.ts';
import { intervalText } from './report.ts';
import { hodgesLehmann, hodgesLehmannInterval95 } from './stats.ts';

export type SideName = 'A' | 'B';

export interface Side {
  name: SideName;
  build: string;
  bench: BenchClass;
  id: string;
  /** The browser's pid: its tree is what a window reads. */
  root: number;
}

export interface SidesWindow {
  /** Whether each side was analysing (else paused) in the window. */
  analysing: Record<SideName, boolean>;
  /** CPU seconds of each browser's tree in the window. */
  cpuS: Record<SideName, number>;
  wallS: number;
  /** Samples each side stored in the window. */
  samples: Record<SideName, number>;
}

/**
 * A browser with `build`, joined to its own demo class, paused, its engine on wasm (as the class
 * bench's default; 'auto' would pick a GPU where there is one); its worker is up before it returns.
 */
export async function openSide(name: SideName, build: string, samplesPerSecond: number, prefix: string): Promise<Side> {
  const bench = await launchBenchClass(`${prefix}-${name}-`, [], 'none', build);
  try {
    const { id } = await joinBenchClass(bench, { paused: true, samplesPerSecond, backendPreference: 'wasm' });
    await extensionWorker(bench.browser.context);
    return { name, build, bench, id, root: browserPid(bench.browser.userDataDir) };
  } catch (error) {
    await bench.close();
    throw error;
  }
}

/** One window: each side analysing at `samplesPerSecond` or paused, as `analysing` says, both trees read over `seconds`. */
export async function measureSides(sides: readonly Side[], analysing: Record<SideName, boolean>, seconds: number, samplesPerSecond: number): Promise<SidesWindow> {
  for (const side of sides) await applySettings(side.bench.browser.context, side.id, { paused: !analysing[side.name], samplesPerSecond });
  await sleep(SETTLE_MS);
  const before = snapshot();
  const startedAt = Date.now();
  const start = performance.now();
  await sleep(seconds * 1000);
  const after = snapshot();
  const wallS = (performance.now() - start) / 1000;
  const endedAt = Date.now();
  const ticks = clockTicksPerSecond();
  const cpuS = {} as Record<SideName, number>;
  const samples = {} as Record<SideName, number>;
  for (const side of sides) {
    cpuS[side.name] = treeTicksBetween(before, after, side.root) / ticks;
    samples[side.name] = await inExtensionPage(side.bench.browser.context, side.id, (page) => page.evaluate(countSamples, { from: startedAt, to: endedAt }));
  }
  return { analysing: { ...analysing }, cpuS, wallS, samples };
}

/** "label: estimate unit (95 % interval a to b); rounds …" over the rounds' values (Hodges–Lehmann). */
export function roundsSummary(label: string, values: readonly number[], unit: string): string {
  return `${label}: ${hodgesLehmann(values).toFixed(2)} ${unit} (${intervalText(hodgesLehmannInterval95(values))}); rounds ${values.map((v) => v.toFixed(1)).join(', ')}`;
}

export function positiveOption(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!(value > 0)) throw new Error(`--${name} takes a positive number, not ${JSON.stringify(text)}`);
  return value;
}

/** The built extension folder an option names, checked: `--name` must point at one (e.g. a copy of dist/chrome). */
export function builtExtension(name: string, path: string | undefined): string {
  if (!path) throw new Error(`--${name} names a built extension folder (e.g. a copy of dist/chrome)`);
  const dir = resolve(path);
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`--${name}: no built extension in ${dir} (npx vite build writes dist/chrome)`);
  return dir;
}
