/**
 * Loads tfjs models from the local disk in Node. tfjs's own file:// handler lives in tfjs-node,
 * which cannot be installed here, so these read model.json / weights manifests and their .bin
 * files with node:fs and hand them to tfjs as in-memory artifacts.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';

type WeightsManifest = tf.io.WeightsManifestConfig;

async function readArrayBuffer(file: string): Promise<ArrayBuffer> {
  const bytes = await readFile(file);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

async function readWeightFiles(directory: string, manifest: WeightsManifest): Promise<[tf.io.WeightsManifestEntry[], ArrayBuffer[]]> {
  const specs = manifest.flatMap((group) => group.weights);
  const files = manifest.flatMap((group) => group.paths.map((file) => path.join(directory, file)));
  return [specs, await Promise.all(files.map(readArrayBuffer))];
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

/** An IOHandler reading a tfjs model.json (graph or layers) and its weight files. */
export function diskModelHandler(tfjs: typeof tf, modelJsonPath: string): tf.io.IOHandler {
  return {
    load: async () => {
      const modelJson = await readJson<tf.io.ModelJSON>(modelJsonPath);
      return tfjs.io.getModelArtifactsForJSON(modelJson, (manifest) => readWeightFiles(path.dirname(modelJsonPath), manifest));
    },
  };
}

export function loadGraphModelFromDisk(tfjs: typeof tf, modelJsonPath: string): Promise<tf.GraphModel> {
  return tfjs.loadGraphModel(diskModelHandler(tfjs, modelJsonPath));
}

export function loadLayersModelFromDisk(tfjs: typeof tf, modelJsonPath: string): Promise<tf.LayersModel> {
  return tfjs.loadLayersModel(diskModelHandler(tfjs, modelJsonPath));
}

/** Decodes a bare weights manifest (face-api style `*-weights_manifest.json`) into named tensors. */
export async function loadWeightMapFromDisk(tfjs: typeof tf, manifestPath: string): Promise<tf.NamedTensorMap> {
  const manifest = await readJson<WeightsManifest>(manifestPath);
  const [specs, buffers] = await readWeightFiles(path.dirname(manifestPath), manifest);
  return tfjs.io.decodeWeights(buffers, specs);
}
