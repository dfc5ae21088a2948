"""Trains RautCnn on FER-2013 (CSV or image folders) on the CPU or a GPU, resumably; or, with
--init-graph, fine-tunes a tfjs graph model (human's mini-Xception) with the same recipe.

  /usr/bin/python3 training/train.py --train ../shared/data/fer2013/train --val ../shared/data/fer2013/val \
      --run training/runs/w24 --epochs 14
  /usr/bin/python3 training/train.py --resume training/runs/w24          # continues exactly

See training/README.md for the recipe and why."""

import argparse
import dataclasses
import json
import os
import random
import signal
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from augment import AugmentConfig, augment_batch  # noqa: E402
from checkpoint import BEST, LAST, load, save_atomic  # noqa: E402
from distill import Teachers, distillation_loss  # noqa: E402
from fer_classes import EXPRESSIONS  # noqa: E402
from fer_data import DataError, FaceSet, load_faces  # noqa: E402
from metrics import classification_report  # noqa: E402
from model import build_model, graph_model_config, parameter_count  # noqa: E402
from preprocess import to_network_input  # noqa: E402
from schedule import learning_rate  # noqa: E402
from tfjs_graph import GraphError  # noqa: E402

CACHE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '.cache')


def parse_args(argv):
    p = argparse.ArgumentParser(description='Train RautCnn on FER-2013 (see training/README.md).')
    p.add_argument('--train', help='training data: image folder <dir>/<class>/*.jpg, or fer2013.csv')
    p.add_argument('--val', help='validation data (PublicTest): image folder or fer2013.csv')
    p.add_argument('--train-split', default='Training', help='CSV Usage value for --train (default Training)')
    p.add_argument('--val-split', default='PublicTest', help='CSV Usage value for --val (default PublicTest)')
    p.add_argument('--run', help='run folder for checkpoints and history (new run)')
    p.add_argument('--resume', metavar='RUN_DIR', help='continue the run in RUN_DIR from its last.pt, exactly')
    p.add_argument('--epochs', type=int, default=14, help='length of the cosine schedule; given with --resume, changes it (LR follows the new cosine)')
    p.add_argument('--batch-size', type=int, default=64)
    p.add_argument('--lr', type=float, default=0.05, help='peak learning rate (SGD, Nesterov momentum 0.9)')
    p.add_argument('--weight-decay', type=float, default=5e-4)
    p.add_argument('--warmup-epochs', type=float, default=1.0)
    p.add_argument('--min-lr-ratio', type=float, default=0.0)
    p.add_argument('--init-graph', metavar='MODEL_JSON',
                   help='fine-tune this tfjs graph model (e.g. node_modules/@vladmandic/human/models/emotion.json) '
                        'instead of training RautCnn from scratch; --width/--stages/--dropout then do not apply')
    p.add_argument('--width', type=int, default=24, help='channels of the first stage (doubling per stage)')
    p.add_argument('--stages', type=int, default=4)
    p.add_argument('--convs-per-stage', type=int, default=2)
    p.add_argument('--dropout', type=float, default=0.3)
    p.add_argument('--label-smoothing', type=float, default=0.1)
    p.add_argument('--mixup-alpha', type=float, default=0.2, help='Beta(α, α) for mixup; 0 turns it off')
    p.add_argument('--mixup-probability', type=float, default=0.5, help='share of batches mixed')
    p.add_argument('--erase-probability', type=float, default=0.5, help='random erasing (cutout) per image')
    p.add_argument('--class-weight-power', type=float, default=0.5,
                   help='loss weight ∝ (1 / class frequency)^power; 0 = unweighted, 1 = fully balanced')
    p.add_argument('--clip-grad-norm', type=float, default=None,
                   help='clip the gradient norm to this (fine-tuning a graph whose batch norm is folded can diverge without it)')
    p.add_argument('--teachers', metavar='MODEL_JSON[,MODEL_JSON]',
                   help='distil from these tfjs models (graph, or layers from export_tfjs.py), their probabilities averaged '
                        '(training/distill.py); e.g. node_modules/@vladmandic/human/models/emotion.json,models/raut-cnn/model.json')
    p.add_argument('--distill-weight', type=float, default=0.7, help='share of the loss from the teachers (the rest from the labels)')
    p.add_argument('--distill-temperature', type=float, default=2.0, help='softmax temperature of teachers and student in the distillation term')
    p.add_argument('--select', choices=('macro_f1', 'accuracy'), default='macro_f1', help='val score for best.pt')
    p.add_argument('--patience', type=int, default=20, help='stop after this many epochs without a better val score')
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--threads', type=int, default=1, help='torch CPU threads (1 keeps a shared machine usable)')
    p.add_argument('--device', default='cpu', help='cpu or cuda')
    p.add_argument('--max-steps', type=int, default=None,
                   help='stop cleanly (checkpoint, exit 0) after this many optimiser steps in this process')
    return p.parse_args(argv)


# Settings a resumed run takes from its checkpoint (changing them would not continue the same run).
RUN_SETTINGS = ('train', 'val', 'train_split', 'val_split', 'init_graph', 'batch_size', 'lr', 'weight_decay', 'warmup_epochs',
                'min_lr_ratio', 'width', 'stages', 'convs_per_stage', 'dropout', 'label_smoothing', 'mixup_alpha',
                'mixup_probability', 'erase_probability', 'class_weight_power', 'clip_grad_norm', 'teachers', 'distill_weight',
                'distill_temperature', 'select', 'patience', 'seed')


class StopRequest:
    """SIGINT / SIGTERM ask the loop to stop after the current batch and save where it is."""

    def __init__(self):
        self.requested = False
        signal.signal(signal.SIGINT, self._request)
        signal.signal(signal.SIGTERM, self._request)

    def _request(self, signum, _frame):
        print(f'\nsignal {signum}: stopping after this batch, saving last.pt', flush=True)
        self.requested = True


def class_weights(counts: np.ndarray, power: float) -> torch.Tensor:
    frequency = counts / counts.sum()
    weights = np.where(counts > 0, (1.0 / np.maximum(frequency, 1e-12)) ** power, 0.0)
    weights /= (weights * frequency).sum()  # the average weight per training image stays 1
    return torch.tensor(weights, dtype=torch.float32)


def weighted_smoothed_loss(logits, targets, weights, smoothing):
    return F.cross_entropy(logits, targets, weight=weights, label_smoothing=smoothing)


@torch.no_grad()
def evaluate(model, faces: FaceSet, device, batch_size=512) -> dict:
    model.eval()
    predictions = []
    for start in range(0, len(faces.labels), batch_size):
        x = to_network_input(torch.from_numpy(faces.images[start:start + batch_size])).to(device)
        predictions.append(model(x).argmax(1).cpu())
    return classification_report(faces.labels, torch.cat(predictions).numpy())


def rng_state(generator, np_rng) -> dict:
    return {'generator': generator.get_state(), 'numpy': np_rng.bit_generator.state,
            'torch': torch.get_rng_state(), 'python': random.getstate()}


def restore_rng(state: dict, generator, np_rng) -> None:
    generator.set_state(state['generator'])
    np_rng.bit_generator.state = state['numpy']
    torch.set_rng_state(state['torch'])
    random.setstate(state['python'])


def describe(report: dict) -> str:
    disgust = report['per_class']['disgust']
    return (f"acc {report['accuracy']:.4f} macro-F1 {report['macro_f1']:.4f} valence {report['valence_accuracy']:.4f} "
            f"disgust recall {disgust['recall']:.3f} F1 {disgust['f1']:.3f}")


def new_state(args) -> dict:
    if not (args.train and args.val and args.run):
        raise DataError('a new run needs --train, --val and --run (or --resume RUN_DIR)')
    if os.path.exists(os.path.join(args.run, LAST)):
        raise DataError(f'{args.run} already holds a run; continue it with --resume {args.run} or pick a new --run')
    settings = {name: getattr(args, name) for name in RUN_SETTINGS}
    return {'settings': settings, 'epochs': args.epochs, 'epoch': 0, 'step': 0, 'position': None,
            'best_score': -1.0, 'best_epoch': 0, 'history': []}


def main(argv=None) -> int:
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)

    if args.resume:
        run_dir = args.resume
        checkpoint = load(os.path.join(run_dir, LAST))
        state = checkpoint['state']
        if args.epochs != state['epochs'] and '--epochs' in (argv if argv is not None else sys.argv):
            print(f"schedule length changed from {state['epochs']} to {args.epochs} epochs", flush=True)
            state['epochs'] = args.epochs
        for name in ('train', 'val'):  # data may have moved; everything else must stay the same run
            if getattr(args, name):
                state['settings'][name] = getattr(args, name)
    else:
        run_dir = args.run
        checkpoint = None
        state = new_state(args)
    s = argparse.Namespace(**state['settings'])
    os.makedirs(run_dir, exist_ok=True)

    started = time.time()
    train = load_faces(s.train, s.train_split if os.path.isfile(s.train) else None, CACHE_DIR)
    val = load_faces(s.val, s.val_split if os.path.isfile(s.val) else None, CACHE_DIR)
    print(f'data: train {len(train.labels)} val {len(val.labels)} faces ({time.time() - started:.1f} s); '
          f'train per class {dict(zip(EXPRESSIONS, train.class_counts().tolist()))}', flush=True)

    torch.manual_seed(s.seed)
    init_graph = getattr(s, 'init_graph', None)  # absent in runs started before the option existed
    model_config = (graph_model_config(init_graph) if init_graph else
                    dict(width=s.width, stages=s.stages, convs_per_stage=s.convs_per_stage, dropout=s.dropout))
    model = build_model(model_config).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=s.lr, momentum=0.9, nesterov=True, weight_decay=s.weight_decay)
    generator = torch.Generator().manual_seed(s.seed)
    np_rng = np.random.default_rng(s.seed)
    if checkpoint:
        model.load_state_dict(checkpoint['model'])
        optimizer.load_state_dict(checkpoint['optimizer'])
        restore_rng(checkpoint['rng'], generator, np_rng)
    print(f'model: {type(model).__name__} {model_config}, {parameter_count(model)} parameters; run {run_dir}; '
          f"epoch {state['epoch']} of {state['epochs']}", flush=True)

    weights = class_weights(train.class_counts(), s.class_weight_power).to(device)
    teacher_files = getattr(s, 'teachers', None)  # absent in runs started before the option existed
    teachers = Teachers(teacher_files.split(','), s.distill_temperature).to(device) if teacher_files else None
    if teachers:
        print(f'distilling from {teacher_files} (weight {s.distill_weight}, temperature {s.distill_temperature})', flush=True)
    augment = dataclasses.replace(AugmentConfig(), erase_probability=s.erase_probability)
    images = torch.from_numpy(train.images).unsqueeze(1)
    labels = torch.from_numpy(train.labels)
    steps_per_epoch = len(labels) // s.batch_size
    warmup_steps = int(s.warmup_epochs * steps_per_epoch)
    stop = StopRequest()
    steps_this_process = 0

    def save_last(position):
        state['position'] = position
        save_atomic({'state': state, 'model': model.state_dict(), 'optimizer': optimizer.state_dict(),
                     'rng': rng_state(generator, np_rng), 'model_config': model_config}, os.path.join(run_dir, LAST))

    while state['epoch'] < state['epochs']:
        if state['epoch'] - state['best_epoch'] >= s.patience and state['best_epoch'] > 0:
            print(f"early stop: no better val {s.select} for {s.patience} epochs (best epoch {state['best_epoch']})")
            break
        total_steps = state['epochs'] * steps_per_epoch
        position = state['position'] or {'order': torch.randperm(len(labels), generator=generator),
                                         'batch': 0, 'loss_sum': 0.0, 'seen': 0, 'seconds': 0.0}
        model.train()
        epoch_start = time.time() - position['seconds']
        while position['batch'] < steps_per_epoch:
            index = position['order'][position['batch'] * s.batch_size:(position['batch'] + 1) * s.batch_size]
            x = augment_batch(to_network_input(images[index]), augment, generator).to(device)
            y = labels[index].to(device)
            for group in optimizer.param_groups:
                group['lr'] = learning_rate(state['step'], s.lr, warmup_steps, total_steps, s.min_lr_ratio)
            mix = s.mixup_alpha > 0 and np_rng.random() < s.mixup_probability
            if mix:
                lam = float(np_rng.beta(s.mixup_alpha, s.mixup_alpha))
                partner = torch.randperm(len(y), generator=generator).to(device)
                x = lam * x + (1 - lam) * x[partner]
                logits = model(x)
                loss = (lam * weighted_smoothed_loss(logits, y, weights, s.label_smoothing)
                        + (1 - lam) * weighted_smoothed_loss(logits, y[partner], weights, s.label_smoothing))
            else:
                logits = model(x)
                loss = weighted_smoothed_loss(logits, y, weights, s.label_smoothing)
            if teachers:  # the teachers see exactly the (augmented, mixed) batch the student sees
                soft = teachers.soft_targets(x)
                loss = (1 - s.distill_weight) * loss + s.distill_weight * distillation_loss(logits, soft, s.distill_temperature)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            if getattr(s, 'clip_grad_norm', None):
                torch.nn.utils.clip_grad_norm_(model.parameters(), s.clip_grad_norm)
            optimizer.step()
            state['step'] += 1
            steps_this_process += 1
            position['batch'] += 1
            position['loss_sum'] += float(loss) * len(y)
            position['seen'] += len(y)
            if position['batch'] % 50 == 0:
                rate = position['seen'] / (time.time() - epoch_start)
                print(f"  epoch {state['epoch'] + 1} batch {position['batch']}/{steps_per_epoch} "
                      f"loss {position['loss_sum'] / position['seen']:.4f} {rate:.0f} img/s", flush=True)
            if stop.requested or (args.max_steps is not None and steps_this_process >= args.max_steps):
                position['seconds'] = time.time() - epoch_start
                save_last(position)
                print(f"stopped at epoch {state['epoch'] + 1}, batch {position['batch']}; "
                      f'continue with: /usr/bin/python3 training/train.py --resume {run_dir}', flush=True)
                return 0
        seconds = time.time() - epoch_start
        report = evaluate(model, val, device)
        state['epoch'] += 1
        entry = {'epoch': state['epoch'], 'step': state['step'], 'lr': optimizer.param_groups[0]['lr'],
                 'train_loss': position['loss_sum'] / position['seen'], 'train_images_per_s': position['seen'] / seconds,
                 'epoch_seconds': seconds, 'val': report}
        state['history'].append(entry)
        with open(os.path.join(run_dir, 'history.jsonl'), 'a') as handle:
            handle.write(json.dumps(entry) + '\n')
        improved = report[s.select] > state['best_score']
        if improved:
            state['best_score'], state['best_epoch'] = report[s.select], state['epoch']
            save_atomic({'model': model.state_dict(), 'model_config': model_config, 'epoch': state['epoch'],
                         'val': report, 'settings': state['settings']}, os.path.join(run_dir, BEST))
        save_last(None)
        print(f"epoch {state['epoch']}/{state['epochs']} loss {entry['train_loss']:.4f} "
              f"{entry['train_images_per_s']:.0f} img/s {seconds / 60:.1f} min | val {describe(report)}"
              f"{' *best*' if improved else ''}", flush=True)
    print(f"done: best val {s.select} {state['best_score']:.4f} at epoch {state['best_epoch']} -> {run_dir}/{BEST}")
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except (DataError, GraphError, FileNotFoundError) as error:
        print(f'error: {error}', file=sys.stderr)
        sys.exit(2)
