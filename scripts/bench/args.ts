/**
 * `npm run bench -- [--json] [--frames N] [--backend wasm|webgpu] [--window S] [--rounds N] [--warm-up S]
 * [--cold-runs N] [--crossover-rounds N] [--only pipelines|class]`.
 */
import type { BenchBackend } from '../../tests/harness/bench-page/api.ts';

export type { BenchBackend };

export interface BenchArgs {
  json: boolean;
  /** Timed frames per pipeline. */
  frames: number;
  backend: BenchBackend;
  /**
   * Seconds per class-cost window (part 2). Short windows, many rounds: the class page's own CPU drifts
   * with the shared machine's load over minutes, and a round's windows, side by side, share the drift.
   */
  windowS: number;
  /** Rounds of (paused, 1 fps, 5 fps) windows. */
  rounds: number;
  /** Seconds of analysing at 5 fps before the class-cost windows, not counted (0: none). */
  warmUpS: number;
  /** Cold starts with cached models (part 3), reported as their median. */
  coldRuns: number;
  /** Rounds of the 1 frame/s crossover (two classes side by side, crossover.ts) after the class cost; 0: none. */
  crossoverRounds: number;
  /** Run one part only: the per-frame pipelines (1) or the class cost and cold start (2, 3). */
  only: 'pipelines' | 'class' | null;
}

export const DEFAULT_ARGS: BenchArgs = { json: false, frames: 66, backend: 'wasm', windowS: 20, rounds: 9, warmUpS: 60, coldRuns: 3, crossoverRounds: 8, only: null };

export function parseArgs(argv: readonly string[]): BenchArgs {
  const args = { ...DEFAULT_ARGS };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const positive = (what: string, integer: boolean) => {
      const number = Number(value());
      if (!(number > 0) || (integer && !Number.isInteger(number))) throw new Error(`${flag} takes a positive ${what}`);
      return number;
    };
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    if (flag === '--json') args.json = true;
    else if (flag === '--frames') {
      const frames = Number(value());
      if (!Number.isInteger(frames) || frames < 1) throw new Error('--frames takes a positive integer');
      args.frames = frames;
    } else if (flag === '--backend') {
      const backend = value();
      if (backend !== 'wasm' && backend !== 'webgpu') throw new Error('--backend takes wasm or webgpu');
      args.backend = backend;
    } else if (flag === '--window') args.windowS = positive('number of seconds', false);
    else if (flag === '--rounds') args.rounds = positive('integer', true);
    else if (flag === '--warm-up') {
      const seconds = Number(value());
      if (!(seconds >= 0)) throw new Error('--warm-up takes a number of seconds (0: none)');
      args.warmUpS = seconds;
    }
    else if (flag === '--cold-runs') args.coldRuns = positive('integer', true);
    else if (flag === '--crossover-rounds') {
      const rounds = Number(value());
      if (!Number.isInteger(rounds) || rounds < 0) throw new Error('--crossover-rounds takes a whole number of rounds (0: none)');
      args.crossoverRounds = rounds;
    }
    else if (flag === '--only') {
      const only = value();
      if (only !== 'pipelines' && only !== 'class') throw new Error('--only takes pipelines or class');
      args.only = only;
    } else throw new Error(`unknown option ${flag}`);
  }
  return args;
}
