/**
 * `npm run prepare-models`: copies the model files the extension ships from node_modules into
 * models/ (gitignored; only models/README.md is committed), patching BlazeFace with the TFLite
 * metadata MediaPipe Tasks needs (see scripts/tflite-metadata.ts).
 *
 * Each output is rebuilt only when its bytes differ from what it should contain (SHA-256), and
 * written atomically (temp file + rename) so a concurrent reader never sees half a file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addNormalizationMetadata } from './tflite-metadata.ts';

const ROOT = resolve(import.meta.dirname, '..');
export const MODELS_DIR = join(ROOT, 'models');
const HUMAN_MODELS = join(ROOT, 'node_modules/@vladmandic/human/models');
const FACE_DETECTION = join(ROOT, 'node_modules/@mediapipe/face_detection');

export const BLAZEFACE_SOURCE = join(FACE_DETECTION, 'face_detection_short_range.tflite');
export const BLAZEFACE_OUTPUT = join(MODELS_DIR, 'blazeface/face_detection_short_range.tflite');

/** BlazeFace takes RGB in [-1, 1]: (x - 127.5) / 127.5. */
const BLAZEFACE_NORMALIZATION = { mean: 127.5, std: 127.5, name: 'BlazeFace short range' };

export interface ModelFile {
  source: string;
  output: string;
  /** Turns the source bytes into the output bytes; a plain copy when omitted. */
  transform?: (source: Uint8Array) => Uint8Array;
}

export const MODEL_FILES: readonly ModelFile[] = [
  { source: join(HUMAN_MODELS, 'emotion.json'), output: join(MODELS_DIR, 'human-emotion/emotion.json') },
  { source: join(HUMAN_MODELS, 'emotion.bin'), output: join(MODELS_DIR, 'human-emotion/emotion.bin') },
  {
    source: BLAZEFACE_SOURCE,
    output: BLAZEFACE_OUTPUT,
    transform: (model) => addNormalizationMetadata(model, BLAZEFACE_NORMALIZATION),
  },
];

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function displayPath(path: string): string {
  return relative(ROOT, path);
}

function assertSourcesExist(files: readonly ModelFile[]): void {
  const missing = files.filter((file) => !existsSync(file.source)).map((file) => displayPath(file.source));
  if (missing.length > 0) {
    throw new Error(`missing model source(s): ${missing.join(', ')}; run "npm ci" to install them`);
  }
}

/** A tfjs graph model's weight files must sit next to its model.json, under the names it lists. */
function assertWeightsShippedAlongside(modelJsonOutput: string, files: readonly ModelFile[]): void {
  const modelJson = files.find((file) => file.output === modelJsonOutput);
  if (modelJson === undefined) throw new Error(`${displayPath(modelJsonOutput)} is not among the model files`);
  const manifest = JSON.parse(readFileSync(modelJson.source, 'utf8')) as { weightsManifest?: Array<{ paths: string[] }> };
  const weightPaths = (manifest.weightsManifest ?? []).flatMap((group) => group.paths);
  if (weightPaths.length === 0) throw new Error(`${displayPath(modelJson.source)} lists no weight files`);
  for (const weightPath of weightPaths) {
    const expected = join(dirname(modelJsonOutput), weightPath);
    if (!files.some((file) => file.output === expected)) {
      throw new Error(`${displayPath(modelJson.source)} needs ${weightPath}, which prepare-models does not copy`);
    }
  }
}

/** Writes `output` unless it already holds `bytes`; returns what happened, for the log line. */
function writeIfChanged(output: string, bytes: Uint8Array): 'up to date' | 'written' {
  if (existsSync(output) && sha256(readFileSync(output)) === sha256(bytes)) return 'up to date';
  mkdirSync(dirname(output), { recursive: true });
  const temporary = `${output}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, output);
  return 'written';
}

export interface PrepareModelsOptions {
  log?: (line: string) => void;
  /** The files to prepare; MODEL_FILES by default. */
  files?: readonly ModelFile[];
}

/** Brings models/ up to date; throws with a clear message when a source is missing or invalid. */
export function prepareModels({ log = console.log, files = MODEL_FILES }: PrepareModelsOptions = {}): void {
  assertSourcesExist(files);
  const emotionJson = join(MODELS_DIR, 'human-emotion/emotion.json');
  if (files.some((file) => file.output === emotionJson)) assertWeightsShippedAlongside(emotionJson, files);
  for (const file of files) {
    const source = new Uint8Array(readFileSync(file.source));
    const bytes = file.transform ? file.transform(source) : source;
    const outcome = writeIfChanged(file.output, bytes);
    const how = file.transform ? 'patched from' : 'copied from';
    log(`${displayPath(file.output)}: ${outcome} (${bytes.length} bytes, ${how} ${displayPath(file.source)})`);
  }
}

const runDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (runDirectly) {
  try {
    prepareModels();
  } catch (error) {
    console.error(`prepare-models: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
