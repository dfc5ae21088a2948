"""Classification metrics with the conventions of scripts/eval/metrics.ts: a class never predicted
has precision 0, F1 is 0 when precision + recall is 0, and the macro average covers the classes
present in the truth or the predictions (scikit-learn's default)."""

import numpy as np

from fer_classes import EXPRESSIONS

VALENCE = {'angry': 2, 'disgust': 2, 'fear': 2, 'sad': 2, 'happy': 0, 'surprise': 0, 'neutral': 1}


def confusion_matrix(labels: np.ndarray, predictions: np.ndarray, classes: int = len(EXPRESSIONS)) -> np.ndarray:
    matrix = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(matrix, (labels, predictions), 1)
    return matrix


def classification_report(labels: np.ndarray, predictions: np.ndarray) -> dict:
    matrix = confusion_matrix(labels, predictions)
    true_positive = np.diag(matrix).astype(np.float64)
    support = matrix.sum(axis=1)
    predicted = matrix.sum(axis=0)
    with np.errstate(divide='ignore', invalid='ignore'):
        precision = np.where(predicted > 0, true_positive / np.maximum(predicted, 1), 0.0)
        recall = np.where(support > 0, true_positive / np.maximum(support, 1), 0.0)
        denominator = precision + recall
        f1 = np.where(denominator > 0, 2 * precision * recall / np.where(denominator > 0, denominator, 1), 0.0)
    present = (support > 0) | (predicted > 0)
    valence = np.array([VALENCE[name] for name in EXPRESSIONS])
    return {
        'n': int(labels.size),
        'accuracy': float(true_positive.sum() / max(labels.size, 1)),
        'macro_f1': float(f1[present].mean()) if present.any() else 0.0,
        'valence_accuracy': float((valence[labels] == valence[predictions]).mean()) if labels.size else 0.0,
        'per_class': {
            name: {'precision': float(precision[i]), 'recall': float(recall[i]), 'f1': float(f1[i]),
                   'support': int(support[i])}
            for i, name in enumerate(EXPRESSIONS)
        },
        'confusion': matrix.tolist(),
    }
