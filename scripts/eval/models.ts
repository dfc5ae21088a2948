/** The models `npm run eval --model ID` knows, and where their files are on disk. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelAdapter } from '../../src/offscreen/models/adapter';
import { faceApiExpression, type WeightsManifestAdapter } from '../../src/offscreen/models/faceapi-expression';
import { humanEmotion } from '../../src/offscreen/models/human-emotion';
import { rautCnn } from '../../src/offscreen/models/raut-cnn';
import { DEFAULT_MODEL_ID, findModelAdapter } from '../../src/offscreen/models/registry';
import { InputError } from './input-error';

export type EvalModelAdapter = ModelAdapter | WeightsManifestAdapter;

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function defaultAdapter(): ModelAdapter {
  const adapter = findModelAdapter(DEFAULT_MODEL_ID);
  if (!adapter) throw new Error(`registry has no adapter for its default id ${DEFAULT_MODEL_ID}`);
  return adapter;
}

/** CLI id → adapter. `raut` follows the registry's default, so it tracks whatever the extension ships. */
const EVAL_MODELS: Record<string, () => EvalModelAdapter> = {
  raut: defaultAdapter,
  human: () => humanEmotion,
  faceapi: () => faceApiExpression,
  'raut-cnn': () => rautCnn,
};

export const EVAL_MODEL_IDS = Object.keys(EVAL_MODELS);

/**
 * Where each model's files come from before `npm run prepare-models` has copied them to
 * `adapter.modelPath`, relative to the repo root.
 */
const PACKAGE_MODEL_FILES: Record<string, string> = {
  [humanEmotion.id]: 'node_modules/@vladmandic/human/models/emotion.json',
  [faceApiExpression.id]: 'node_modules/@vladmandic/face-api/model/face_expression_model-weights_manifest.json',
};

export function resolveEvalModel(cliId: string): EvalModelAdapter {
  const adapter = EVAL_MODELS[cliId];
  if (!adapter) throw new InputError(`unknown model "${cliId}"; known models: ${EVAL_MODEL_IDS.join(', ')}`);
  return adapter();
}

/** The adapter's model file: the prepared copy under models/, else the one in node_modules. */
export function locateModelFile(adapter: EvalModelAdapter, repoRoot = REPO_ROOT): string {
  const candidates = [adapter.modelPath, PACKAGE_MODEL_FILES[adapter.id]]
    .filter((candidate): candidate is string => candidate !== undefined)
    .map((candidate) => path.resolve(repoRoot, candidate));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new InputError(`model files for ${adapter.id} not found (looked at ${candidates.join(', ')}); run npm run prepare-models`);
  return found;
}
