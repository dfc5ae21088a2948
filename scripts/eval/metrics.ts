/**
 * Classification metrics over a confusion matrix (rows = true class, columns = predicted class).
 * Pure functions, no tfjs.
 *
 * Conventions for empty denominators (the same results as scikit-learn with zero_division=0):
 * - a class that is never predicted has precision 0;
 * - a class with no true samples (support 0) has recall 0;
 * - F1 is 0 whenever precision + recall is 0.
 * Macro averages run over the classes that occur in the truth or in the predictions (scikit-learn's
 * default label set), so a class absent from both cannot drag the average down; weighted averages
 * weight by support, so zero-support classes do not count there either.
 */
import { EXPRESSIONS, valenceOf, type Expression } from '../../src/shared/taxonomy';

export type ConfusionMatrix = number[][];

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface AveragedMetrics {
  precision: number;
  recall: number;
  f1: number;
}

export interface EvaluationMetrics {
  n: number;
  accuracy: number;
  perClass: ClassMetrics[];
  macro: AveragedMetrics;
  weighted: AveragedMetrics;
  valenceAccuracy: number;
  confusion: ConfusionMatrix;
}

export function emptyConfusion(classCount: number): ConfusionMatrix {
  return Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
}

export function confusionMatrix(truth: readonly number[], predicted: readonly number[], classCount: number): ConfusionMatrix {
  if (truth.length !== predicted.length) {
    throw new Error(`truth has ${truth.length} labels, predictions ${predicted.length}`);
  }
  const confusion = emptyConfusion(classCount);
  truth.forEach((trueClass, i) => {
    const predictedClass = predicted[i] as number;
    const row = confusion[trueClass];
    if (!row || predictedClass < 0 || predictedClass >= classCount) {
      throw new Error(`label out of range at ${i}: true ${trueClass}, predicted ${predictedClass}`);
    }
    row[predictedClass] = (row[predictedClass] as number) + 1;
  });
  return confusion;
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
const ratio = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : numerator / denominator);
const cell = (confusion: ConfusionMatrix, row: number, column: number): number => confusion[row]?.[column] ?? 0;

export function total(confusion: ConfusionMatrix): number {
  return sum(confusion.map(sum));
}

export function accuracy(confusion: ConfusionMatrix): number {
  return ratio(sum(confusion.map((_, k) => cell(confusion, k, k))), total(confusion));
}

function predictedCount(confusion: ConfusionMatrix, column: number): number {
  return sum(confusion.map((row) => row[column] ?? 0));
}

export function classMetrics(confusion: ConfusionMatrix): ClassMetrics[] {
  return confusion.map((row, k) => {
    const truePositives = cell(confusion, k, k);
    const support = sum(row);
    const precision = ratio(truePositives, predictedCount(confusion, k));
    const recall = ratio(truePositives, support);
    const f1 = ratio(2 * precision * recall, precision + recall);
    return { precision, recall, f1, support };
  });
}

export function macroAverage(confusion: ConfusionMatrix, perClass: readonly ClassMetrics[]): AveragedMetrics {
  const present = perClass.filter((metrics, k) => metrics.support > 0 || predictedCount(confusion, k) > 0);
  const mean = (pick: (metrics: ClassMetrics) => number) => ratio(sum(present.map(pick)), present.length);
  return { precision: mean((m) => m.precision), recall: mean((m) => m.recall), f1: mean((m) => m.f1) };
}

export function weightedAverage(perClass: readonly ClassMetrics[]): AveragedMetrics {
  const supportTotal = sum(perClass.map((m) => m.support));
  const weighted = (pick: (metrics: ClassMetrics) => number) => ratio(sum(perClass.map((m) => pick(m) * m.support)), supportTotal);
  return { precision: weighted((m) => m.precision), recall: weighted((m) => m.recall), f1: weighted((m) => m.f1) };
}

/** Share of samples whose predicted class has the same valence group as the true class. */
export function valenceAccuracy(confusion: ConfusionMatrix, classes: readonly Expression[] = EXPRESSIONS): number {
  let agreeing = 0;
  confusion.forEach((row, trueClass) => {
    row.forEach((count, predictedClass) => {
      const trueValence = valenceOf(classes[trueClass] as Expression);
      if (valenceOf(classes[predictedClass] as Expression) === trueValence) agreeing += count;
    });
  });
  return ratio(agreeing, total(confusion));
}

export function evaluateConfusion(confusion: ConfusionMatrix, classes: readonly Expression[] = EXPRESSIONS): EvaluationMetrics {
  if (confusion.length !== classes.length || confusion.some((row) => row.length !== classes.length)) {
    throw new Error(`confusion matrix must be ${classes.length}×${classes.length}`);
  }
  const perClass = classMetrics(confusion);
  return {
    n: total(confusion),
    accuracy: accuracy(confusion),
    perClass,
    macro: macroAverage(confusion, perClass),
    weighted: weightedAverage(perClass),
    valenceAccuracy: valenceAccuracy(confusion, classes),
    confusion,
  };
}
