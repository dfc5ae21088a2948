import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BackendName } from './backend';
import type { TestTimeAugmentation } from './classify';
import { FER_SPLITS, type FerSplit } from './csv-reader';
import { InputError } from './input-error';
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
  --help            this text

Exit codes: 0 done, 2 bad input (path, file format, option), 1 anything else.`;

export interface CliOptions extends EvalOptions {
  json: boolean;
  /** Undefined = the default name, known once the data set is read. */
  svgPath?: string;
  help: boolean;
}

function positiveInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new InputError(`--${name} must be a positive integer, got "${text}"`);
  return Number(text);
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
  };
}

export function defaultSvgPath(options: Pick<EvalOptions, 'modelId' | 'tta'>, datasetName: string): string {
  const suffix = options.tta === 'none' ? '' : `-${options.tta}`;
  return path.join(REPO_ROOT, 'eval-results', `${options.modelId}-${datasetName}${suffix}.svg`);
}
