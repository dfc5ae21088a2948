import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BackendName } from './backend';
import type { TestTimeAugmentation } from './classify';
import { FER_SPLITS, type FerSplit } from './csv-reader';
import { InputError } from './input-error';
import { DEFAULT_SEQUENCE_OPTIONS, type SequenceOptions } from './frame-sequences';
import { EVAL_MODEL_IDS, REPO_ROOT } from './models';
import type { EvalOptions } from './run-eval';

export const DEFAULT_DATA_PATH = path.resolve(REPO_ROOT, '../shared/data/fer2013/val');
const DEFAULT_BATCH_SIZE = 64;

export const USAGE = `Usage: npm run eval -- [options]

Measures an expression model on labelled faces (FER-2013).

  --data PATH       fer2013.csv, or an image-folder root <root>/<class>/*.jpg
                    (default ../shared/data/fer2013/val when present)
  --split NAME      CSV only: ${FER_SPLITS.join(' | ')} (default PublicTest)
  --model ID        ${EVAL_MODEL_IDS.join(' | ')} (default raut = the extension's default model)
  --backend NAME    wasm | cpu (default wasm; falls back to cpu if wasm fails)
  --tta flip        also classify the mirrored face and average the probabilities
  --limit N         first N images of each class in reading order (CSV rows; sorted file names)
  --batch N         images per inference call (default ${DEFAULT_BATCH_SIZE})
  --svg PATH        confusion-matrix picture (default eval-results/<model>-<data>[-flip].svg)
  --json            print one JSON summary line on stdout (the text report goes to stderr)
  --sequences       instead of still images, labelled video-like frame sequences built from them
                    (each face held 2–8 s with jitter, then another face): per-frame accuracy and
                    macro F1 without smoothing, with each exponential and window smoothing, each
                    without and with mirror TTA, side by side (no --tta, no SVG)
  --seed N          --sequences: seed of the shuffling and jitter (default 1)
  --fps X           --sequences: frames per second (default 1, the extension's default rate)
  --hold MIN-MAX    --sequences: seconds each face is held, drawn evenly from MIN..MAX (default 2-8)
  --help            this text

Exit codes: 0 done, 2 bad input (path, file format, option), 1 anything else.`;

export interface CliOptions extends EvalOptions {
  json: boolean;
  /** Undefined = the default name, known once the data set is read. */
  svgPath?: string;
  help: boolean;
  /** Set with --sequences: evaluate frame sequences, not still images. */
  sequences?: Pick<SequenceOptions, 'seed' | 'framesPerSecond' | 'minHoldSeconds' | 'maxHoldSeconds'>;
}

function positiveInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new InputError(`--${name} must be a positive integer, got "${text}"`);
  return Number(text);
}

function positiveNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) throw new InputError(`--${name} must be a positive number, got "${text}"`);
  return value;
}

function nonNegativeInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new InputError(`--${name} must be a whole number, got "${text}"`);
  return Number(text);
}

function holdRange(text: string | undefined): Pick<SequenceOptions, 'minHoldSeconds' | 'maxHoldSeconds'> {
  if (text === undefined) return { minHoldSeconds: DEFAULT_SEQUENCE_OPTIONS.minHoldSeconds, maxHoldSeconds: DEFAULT_SEQUENCE_OPTIONS.maxHoldSeconds };
  const [min, max, ...rest] = text.split('-');
  const minHoldSeconds = positiveNumber('hold', min);
  const maxHoldSeconds = positiveNumber('hold', max);
  if (rest.length > 0 || minHoldSeconds === undefined || maxHoldSeconds === undefined || maxHoldSeconds < minHoldSeconds) {
    throw new InputError(`--hold must be MIN-MAX seconds with 0 < MIN ≤ MAX, got "${text}"`);
  }
  return { minHoldSeconds, maxHoldSeconds };
}

function sequenceOptions(values: { sequences?: boolean; seed?: string; fps?: string; hold?: string; tta?: string; svg?: string }): CliOptions['sequences'] {
  if (!values.sequences) {
    if (values.seed !== undefined || values.fps !== undefined || values.hold !== undefined) {
      throw new InputError('--seed, --fps and --hold apply to --sequences only');
    }
    return undefined;
  }
  if (values.tta !== undefined) throw new InputError('--sequences reports every variant with and without --tta flip; leave --tta out');
  if (values.svg !== undefined) throw new InputError('--sequences draws no confusion matrix; leave --svg out');
  return {
    seed: nonNegativeInteger('seed', values.seed) ?? DEFAULT_SEQUENCE_OPTIONS.seed,
    framesPerSecond: positiveNumber('fps', values.fps) ?? DEFAULT_SEQUENCE_OPTIONS.framesPerSecond,
    ...holdRange(values.hold),
  };
}

function oneOf<T extends string>(name: string, text: string | undefined, allowed: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) throw new InputError(`--${name} must be one of ${allowed.join(', ')}, got "${text}"`);
  return text as T;
}

function defaultDataPath(): string {
  if (!existsSync(DEFAULT_DATA_PATH)) throw new InputError(`no --data given and the default ${DEFAULT_DATA_PATH} does not exist`);
  return DEFAULT_DATA_PATH;
}

export function parseEvalArgs(argv: readonly string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        data: { type: 'string' },
        split: { type: 'string' },
        model: { type: 'string' },
        backend: { type: 'string' },
        tta: { type: 'string' },
        limit: { type: 'string' },
        batch: { type: 'string' },
        svg: { type: 'string' },
        json: { type: 'boolean' },
        sequences: { type: 'boolean' },
        seed: { type: 'string' },
        fps: { type: 'string' },
        hold: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  const help = values.help ?? false;
  return {
    help,
    dataPath: values.data ?? (help ? DEFAULT_DATA_PATH : defaultDataPath()),
    split: oneOf<FerSplit>('split', values.split, FER_SPLITS),
    modelId: values.model ?? 'raut',
    backend: oneOf<BackendName>('backend', values.backend, ['wasm', 'cpu']) ?? 'wasm',
    tta: oneOf<TestTimeAugmentation>('tta', values.tta, ['none', 'flip']) ?? 'none',
    limitPerClass: positiveInteger('limit', values.limit),
    batchSize: positiveInteger('batch', values.batch) ?? DEFAULT_BATCH_SIZE,
    svgPath: values.svg,
    json: values.json ?? false,
    sequences: sequenceOptions(values),
  };
}

export function defaultSvgPath(options: Pick<EvalOptions, 'modelId' | 'tta'>, datasetName: string): string {
  const suffix = options.tta === 'none' ? '' : `-${options.tta}`;
  return path.join(REPO_ROOT, 'eval-results', `${options.modelId}-${datasetName}${suffix}.svg`);
}
