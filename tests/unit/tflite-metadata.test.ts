import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addNormalizationMetadata,
  readModelMetadata,
  readTfliteModel,
  TFLITE_METADATA_NAME,
} from '../../scripts/tflite-metadata.ts';

const BLAZEFACE_PATH = resolve(import.meta.dirname, '../../node_modules/@mediapipe/face_detection/face_detection_short_range.tflite');
const original = new Uint8Array(readFileSync(BLAZEFACE_PATH));
const patched = addNormalizationMetadata(original, { mean: 127.5, std: 127.5, name: 'BlazeFace short range' });

describe('addNormalizationMetadata on BlazeFace short range', () => {
  const before = readTfliteModel(original);
  const after = readTfliteModel(patched);

  it('starts from a model without metadata (the reason for the patch)', () => {
    expect(before.metadata).toEqual([]);
  });

  it('keeps the model readable: identifier, version, operators, subgraphs, tensors', () => {
    expect(after.identifier).toBe('TFL3');
    expect(after.version).toBe(before.version);
    expect(after.operatorCodeCount).toBe(before.operatorCodeCount);
    expect(after.subgraphCount).toBe(before.subgraphCount);
    expect(after.mainSubgraph).toEqual(before.mainSubgraph);
  });

  it('keeps every original buffer, with the same content, at its original index', () => {
    expect(after.buffers).toHaveLength(before.buffers.length + 1);
    before.buffers.forEach((buffer, index) => {
      expect(Buffer.from(after.buffers[index]!.data).equals(Buffer.from(buffer.data))).toBe(true);
    });
  });

  it('moves the old content by a multiple of 16 bytes, so buffer alignment is unchanged', () => {
    before.buffers.forEach((buffer, index) => {
      const moved = after.buffers[index]!.dataStart;
      if (buffer.dataStart === undefined) return expect(moved).toBeUndefined();
      expect(moved).toBeDefined();
      expect((moved! - buffer.dataStart) % 16).toBe(0);
    });
    expect(after.buffers.at(-1)!.dataStart! % 16).toBe(0);
  });

  it('adds exactly one TFLITE_METADATA entry, pointing at the new last buffer', () => {
    const entries = after.metadata.filter((entry) => entry.name === TFLITE_METADATA_NAME);
    expect(entries).toEqual([{ name: TFLITE_METADATA_NAME, buffer: before.buffers.length }]);
  });

  it('stores M001 ModelMetadata with NormalizationOptions mean/std 127.5 on the image input', () => {
    expect(readModelMetadata(patched)).toEqual({
      identifier: 'M001',
      name: 'BlazeFace short range',
      version: '1',
      minParserVersion: '1.0.0',
      inputTensorNames: ['image'],
      outputTensorNames: ['regressors', 'classificators'],
      normalization: { mean: [127.5], std: [127.5] },
    });
  });

  it('refuses a model that already has TFLITE_METADATA', () => {
    expect(() => addNormalizationMetadata(patched, { mean: 127.5, std: 127.5 })).toThrow(/already has TFLITE_METADATA/);
  });

  it('keeps existing metadata entries and adds the new one after them', () => {
    // Rename the entry (same length) so the patched model looks like one with foreign metadata.
    const renamed = Buffer.from(patched);
    const at = renamed.lastIndexOf(Buffer.from(TFLITE_METADATA_NAME));
    renamed.write('OTHER_METADATA_', at, 'latin1');
    const twice = readTfliteModel(addNormalizationMetadata(renamed, { mean: 0, std: 1 }));
    expect(twice.metadata).toEqual([
      { name: 'OTHER_METADATA_', buffer: before.buffers.length },
      { name: TFLITE_METADATA_NAME, buffer: before.buffers.length + 1 },
    ]);
  });
});

describe('addNormalizationMetadata on bad input', () => {
  const options = { mean: 127.5, std: 127.5 };

  it('rejects a file too short to be a flatbuffer', () => {
    expect(() => addNormalizationMetadata(new Uint8Array(5), options)).toThrow(/not a TFLite model: 5 bytes is too short/);
  });

  it('rejects a file with another identifier', () => {
    const notTflite = new TextEncoder().encode('{"format":"graph-model"}');
    expect(() => addNormalizationMetadata(notTflite, options)).toThrow(/not a TFLite model: file identifier is .* expected "TFL3"/);
  });

  it('rejects a truncated model with a clear error', () => {
    expect(() => addNormalizationMetadata(original.slice(0, 64), options)).toThrow(/corrupt TFLite model/);
  });
});
