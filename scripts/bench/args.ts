/** `npm run bench -- [--json] [--frames N] [--backend wasm|webgpu]`. */
export type BenchBackend = 'wasm' | 'webgpu';

export interface BenchArgs {
  json: boolean;
  /** Timed frames per pipeline. */
  frames: number;
  backend: BenchBackend;
}

export const DEFAULT_ARGS: BenchArgs = { json: false, frames: 66, backend: 'wasm' };

export function parseArgs(argv: readonly string[]): BenchArgs {
  const args = { ...DEFAULT_ARGS };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
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
    } else throw new Error(`unknown option ${flag}`);
  }
  return args;
}
