"""Weight interpolation between a fine-tuned graph and the graph it started from (WiSE-FT: Wortsman et
al., 2022, "Robust fine-tuning of zero-shot models"): weights = (1 − α) · original + α · fine-tuned.
Both share one initialisation, so every α in between is a working model; the script scores each α on
the validation split and writes the chosen one as a checkpoint export_tfjs.py takes.

  /usr/bin/python3 training/interpolate.py training/runs/human-ft/best.pt --val ../shared/data/fer2013/val \\
      --alphas 0,0.25,0.5,0.75,1 --out training/runs/human-ft/interpolated.pt
"""

import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from checkpoint import save_atomic  # noqa: E402
from fer_data import DataError, load_faces  # noqa: E402
from model import FineTunedGraph, build_model  # noqa: E402
from train import CACHE_DIR, describe, evaluate  # noqa: E402


def interpolated(original: dict, tuned: dict, alpha: float) -> dict:
    return {name: (1 - alpha) * original[name] + alpha * tuned[name] for name in tuned}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description='Interpolate a fine-tuned graph with its original weights; pick α on val.')
    parser.add_argument('checkpoint', help='best.pt of a train.py --init-graph run')
    parser.add_argument('--val', required=True, help='validation data (image folder or fer2013.csv)')
    parser.add_argument('--val-split', default='PublicTest')
    parser.add_argument('--alphas', default='0,0.25,0.5,0.75,1', help='comma-separated α values (0 = original, 1 = fine-tuned)')
    parser.add_argument('--select', choices=('macro_f1', 'accuracy'), default='macro_f1')
    parser.add_argument('--out', required=True, help='checkpoint to write for the chosen α')
    parser.add_argument('--threads', type=int, default=2)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)

    checkpoint = torch.load(args.checkpoint, map_location='cpu')
    config = checkpoint.get('model_config', {})
    if config.get('kind') != 'graph':
        raise DataError(f'{args.checkpoint}: not a fine-tuned graph (train.py --init-graph); nothing to interpolate with')
    model = build_model(config)
    original = {name: value.clone() for name, value in model.state_dict().items()}
    val = load_faces(args.val, args.val_split if os.path.isfile(args.val) else None, CACHE_DIR)
    alphas = [float(a) for a in args.alphas.split(',')]
    best = None
    for alpha in alphas:
        model.load_state_dict(interpolated(original, checkpoint['model'], alpha))
        report = evaluate(model, val, 'cpu')
        print(f'α {alpha:.2f}: {describe(report)}', flush=True)
        if best is None or report[args.select] > best[1][args.select]:
            best = (alpha, report)
    alpha, report = best
    save_atomic({'model': interpolated(original, checkpoint['model'], alpha), 'model_config': config,
                 'epoch': checkpoint.get('epoch'), 'val': report, 'settings': checkpoint.get('settings'),
                 'interpolation': {'alpha': alpha, 'from': args.checkpoint}}, args.out)
    print(f'chose α {alpha:.2f} by val {args.select}: {describe(report)} -> {args.out}')
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except (DataError, FileNotFoundError) as error:
        print(f'error: {error}', file=sys.stderr)
        sys.exit(2)
