import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { toGrayscale, toTaxonomyOrder } from '../../src/offscreen/models/adapter';
import { humanEmotion } from '../../src/offscreen/models/human-emotion';
import {
  EXPRESSIONS,
  EXPRESSION_COUNT,
  VALENCE_GROUPS,
  argmax,
  isExpression,
  topExpression,
  valenceOf,
} from '../../src/shared/taxonomy';

describe('taxonomy', () => {
  it('uses FER-2013 label order', () => {
    expect(EXPRESSIONS).toEqual(['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral']);
    expect(EXPRESSION_COUNT).toBe(7);
    expect(VALENCE_GROUPS).toEqual(['positive', 'neutral', 'negative']);
  });

  it('groups expressions by valence', () => {
    expect(EXPRESSIONS.map(valenceOf)).toEqual(['negative', 'negative', 'negative', 'positive', 'negative', 'positive', 'neutral']);
  });

  it('recognises only the seven expression names', () => {
    for (const name of EXPRESSIONS) expect(isExpression(name)).toBe(true);
    for (const value of ['Happy', 'contempt', '', 3, null, undefined, ['happy']]) expect(isExpression(value)).toBe(false);
  });

  it('argmax picks the largest, the earlier one on ties', () => {
    expect(argmax([0.1, 0.2, 0.05, 0.4, 0.1, 0.1, 0.05])).toBe(3);
    expect(argmax([0.3, 0.1, 0.3, 0.3])).toBe(0);
    expect(argmax([0, 0.5, 0.5])).toBe(1);
    expect(argmax([-3, -1, -2])).toBe(1);
    expect(argmax(new Float32Array([0, 0, 0, 0, 0, 0, 1]))).toBe(6);
    expect(argmax([])).toBe(0);
  });

  it('topExpression names the argmax', () => {
    expect(topExpression([0, 0, 0, 0, 0, 0.9, 0.1])).toBe('surprise');
    expect(topExpression([1 / 7, 1 / 7, 1 / 7, 1 / 7, 1 / 7, 1 / 7, 1 / 7])).toBe('angry');
  });
});

describe('toTaxonomyOrder', () => {
  it('maps a reordered model output into taxonomy order', () => {
    const adapter = { outputOrder: ['happy', 'sad', 'angry', 'neutral', 'surprise', 'fear', 'disgust'] as const };
    const output = [0.1, 0.2, 0.3, 0.05, 0.15, 0.12, 0.08];
    // angry 0.3, disgust 0.08, fear 0.12, happy 0.1, sad 0.2, surprise 0.15, neutral 0.05
    expect(toTaxonomyOrder(adapter, output)).toEqual([0.3, 0.08, 0.12, 0.1, 0.2, 0.15, 0.05]);
    expect(toTaxonomyOrder(adapter, new Float32Array(output))).toEqual(
      [0.3, 0.08, 0.12, 0.1, 0.2, 0.15, 0.05].map(Math.fround),
    );
  });

  it('is the identity for a model already in taxonomy order', () => {
    const output = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.79];
    expect(toTaxonomyOrder(humanEmotion, output)).toEqual(output);
  });

  it('throws on an output of the wrong length', () => {
    expect(() => toTaxonomyOrder(humanEmotion, [0.5, 0.5])).toThrow(/2 values.*expects 7/);
    expect(() => toTaxonomyOrder(humanEmotion, new Array(8).fill(0.125))).toThrow(/8 values/);
    expect(() => toTaxonomyOrder(humanEmotion, [])).toThrow();
  });
});

describe('humanEmotion.preprocess (tfjs, cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('describes a 64 × 64 gray model in FER-2013 order', () => {
    expect(humanEmotion.inputSize).toBe(64);
    expect(humanEmotion.inputChannels).toBe(1);
    expect(humanEmotion.outputOrder).toEqual(EXPRESSIONS);
  });

  it('resizes a constant RGB face to [1, 64, 64, 1] and scales weighted gray to [-1, 1]', () => {
    const rgb = [0.2, 0.4, 0.6];
    const faces = tf.tidy(() => tf.mul(tf.ones([1, 48, 48, 3]), tf.tensor1d(rgb)) as tf.Tensor4D);
    const out = humanEmotion.preprocess(tf, faces);
    expect(out.shape).toEqual([1, 64, 64, 1]);
    const expected = (0.2989 * 0.2 + 0.587 * 0.4 + 0.114 * 0.6 - 0.5) * 2; // −0.27404
    expect(expected).toBeCloseTo(-0.27404, 5);
    const values = out.dataSync();
    expect(values.length).toBe(64 * 64);
    let worst = 0;
    for (const v of values) worst = Math.max(worst, Math.abs(v - expected));
    expect(worst).toBeLessThan(1e-5);
    tf.dispose([faces, out]);
  });

  it('takes gray input [1, 48, 48, 1] as it is', () => {
    const faces = tf.fill([1, 48, 48, 1], 0.75) as tf.Tensor4D;
    const out = humanEmotion.preprocess(tf, faces);
    expect(out.shape).toEqual([1, 64, 64, 1]);
    for (const v of out.dataSync()) expect(v).toBeCloseTo(0.5, 5); // (0.75 − 0.5) × 2
    tf.dispose([faces, out]);
  });

  it('keeps a batch of faces apart', () => {
    const faces = tf.concat([tf.fill([1, 32, 32, 1], 0), tf.fill([1, 32, 32, 1], 1)]) as tf.Tensor4D;
    const out = humanEmotion.preprocess(tf, faces);
    expect(out.shape).toEqual([2, 64, 64, 1]);
    const values = out.dataSync();
    expect(values[0]).toBeCloseTo(-1, 6);
    expect(values[64 * 64 - 1]).toBeCloseTo(-1, 6);
    expect(values[64 * 64]).toBeCloseTo(1, 6);
    expect(values[2 * 64 * 64 - 1]).toBeCloseTo(1, 6);
    tf.dispose([faces, out]);
  });

  it('passes a 64 × 64 gray ramp through unresized', () => {
    const ramp = tf.tidy(() => tf.reshape(tf.div(tf.range(0, 64 * 64), 64 * 64 - 1), [1, 64, 64, 1]) as tf.Tensor4D);
    const out = humanEmotion.preprocess(tf, ramp);
    const input = ramp.dataSync();
    const values = out.dataSync();
    for (const i of [0, 1, 100, 2047, 4095]) expect(values[i]).toBeCloseTo(((input[i] as number) - 0.5) * 2, 5);
    tf.dispose([ramp, out]);
  });

  it('leaks no tensors', () => {
    const before = tf.memory().numTensors;
    const faces = tf.ones([1, 48, 48, 3]) as tf.Tensor4D;
    const out = humanEmotion.preprocess(tf, faces);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([faces, out]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('toGrayscale', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('weights R, G, B with BT.601 and keeps one channel', () => {
    const pixel = tf.tensor4d([1, 0, 0, 0, 1, 0, 0, 0, 1], [1, 1, 3, 3]);
    const gray = toGrayscale(tf, pixel);
    expect(gray.shape).toEqual([1, 1, 3, 1]);
    const values = Array.from(gray.dataSync());
    expect(values[0]).toBeCloseTo(0.2989, 6);
    expect(values[1]).toBeCloseTo(0.587, 6);
    expect(values[2]).toBeCloseTo(0.114, 6);
    tf.dispose([pixel, gray]);
  });

  it('returns a copy of gray input', () => {
    const gray = tf.tensor4d([0.1, 0.9], [1, 1, 2, 1]);
    const out = toGrayscale(tf, gray);
    expect(out).not.toBe(gray);
    expect(Array.from(out.dataSync())).toEqual(Array.from(gray.dataSync()));
    gray.dispose();
    expect(Array.from(out.dataSync()).map((v) => Math.round(v * 10))).toEqual([1, 9]);
    out.dispose();
  });
});
