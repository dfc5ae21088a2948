/**
 * What the PyTorch → tfjs parity tests share: whether Debian's PyTorch is there, and a case written
 * by a training/ script (meta.json, images as uint8 inputs.u8, PyTorch's outputs as reference.f32:
 * a classifier's probabilities, or the eye net's points).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

export const PYTHON = '/usr/bin/python3';

const torchCheck = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
export const torchAvailable = torchCheck.status === 0;
export const torchSkipReason = torchCheck.error ? `${PYTHON} not found` : `torch not importable by ${PYTHON} (apt-get install python3-torch)`;

export interface ParityCase {
  faces: Uint8Array;
  reference: Float32Array;
  count: number;
  size: number;
  /** Values per input: the classes (meta.json `classes`) or the outputs (`outputs`). */
  columns: number;
}

export function readParityCase(directory: string): ParityCase {
  const meta = JSON.parse(readFileSync(path.join(directory, 'meta.json'), 'utf8')) as { count: number; size: number; classes?: number; outputs?: number };
  const columns = meta.classes ?? meta.outputs;
  if (!columns) throw new Error(`${directory}/meta.json names neither classes nor outputs`);
  const faces = new Uint8Array(readFileSync(path.join(directory, 'inputs.u8')));
  const referenceBytes = readFileSync(path.join(directory, 'reference.f32'));
  const reference = new Float32Array(referenceBytes.buffer.slice(referenceBytes.byteOffset, referenceBytes.byteOffset + referenceBytes.byteLength));
  expect(faces.length).toBe(meta.count * meta.size * meta.size);
  expect(reference.length).toBe(meta.count * columns);
  return { count: meta.count, size: meta.size, columns, faces, reference };
}

export function largestDifference(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((worst, value, i) => Math.max(worst, Math.abs(value - (b[i] as number))), 0);
}
