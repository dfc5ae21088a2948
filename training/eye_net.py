"""The eye net: a small CNN distilled from MediaPipe's iris landmark model (the teacher). It takes a
32×32 gray eye crop, cut exactly as src/offscreen/attention/eye-crop.ts cuts it, and gives the nine
points src/shared/gaze.ts reads (two corners, three points on each lid, the iris centre) in crop
units, at 0.32 × the teacher's time on wasm. Data: scripts/eye-net-data.ts (eyes from FER-2013's
training faces and the face photos, labelled by the teacher in Chromium).

  /usr/bin/python3 training/eye_net.py train --data training/eye-data --run training/runs/eye-net --epochs 14
  /usr/bin/python3 training/eye_net.py export training/runs/eye-net/best.pt models/eye-net
  /usr/bin/python3 training/eye_net.py parity tests/fixtures/eye-net-parity

The loss is the points' error plus the error of what gaze.ts derives from them (lid opening ÷ eye
width, iris offset in half eye widths), because those decide the attention label. training/README.md
has the recipe and the measured results.
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from checkpoint import BEST, LAST, save_atomic  # noqa: E402
from export_tfjs import LayerList, write_layers_model  # noqa: E402
from model import conv_bn_relu, parameter_count  # noqa: E402
from schedule import learning_rate  # noqa: E402

INPUT_SIZE = 32
POINTS = 9  # corners (2), upper lid (3), lower lid (3), iris centre: src/shared/gaze.ts eyePointList
OUTPUTS = POINTS * 2
VAL_EVERY = 10  # pictures whose index % VAL_EVERY == 0 are the validation split (all their eyes)
# The engine reads the gaze only from eyes at least minGazeEyeWidth (18 px, src/shared/engagement.ts)
# wide, i.e. crops of at least 2.3 × that: on smaller eyes the gaze terms of the loss count less.
GAZE_READABLE_SIDE = 18 * 2.3
SMALL_EYE_GAZE_WEIGHT = 0.2


# Which convolutions are depthwise-separable (a 3×3 per channel, then a 1×1 across channels → BN →
# ReLU; the Xception form, nothing between the two, so tfjs runs it as two ops): 'none'; 'repeats',
# the convolutions after each stage's first (those that keep the width); 'all', every one but the
# net's first (a depthwise pass over one gray channel would learn nothing).
SEPARABLE_CHOICES = ('none', 'repeats', 'all')


def separable_bn_relu(in_channels: int, out_channels: int) -> list:
    return [
        nn.Conv2d(in_channels, in_channels, kernel_size=3, padding=1, groups=in_channels, bias=False),
        nn.Conv2d(in_channels, out_channels, kernel_size=1, bias=False),
        nn.BatchNorm2d(out_channels),
        nn.ReLU(inplace=True),
    ]


class EyeNet(nn.Module):
    """Three stages of (conv3×3 → BN → ReLU) × convs[stage] with 2×2 max pooling after each (32 → 4 px),
    then a flatten and two dense layers: the points need where things are, so no global pooling.
    separable: which convolutions are depthwise-separable (SEPARABLE_CHOICES)."""

    def __init__(self, widths=(16, 32, 48), hidden: int = 96, convs=(2, 2, 2), separable: str = 'none',
                 input_size: int = INPUT_SIZE):
        super().__init__()
        if separable not in SEPARABLE_CHOICES:
            raise ValueError(f'separable: {separable!r} is not one of {SEPARABLE_CHOICES}')
        if not 8 <= input_size <= INPUT_SIZE or input_size % 2 ** len(widths):
            raise ValueError(f'input_size: {input_size} must be a multiple of {2 ** len(widths)} from 8 to {INPUT_SIZE}')
        self.config = dict(widths=list(widths), hidden=hidden, convs=list(convs), separable=separable, input_size=input_size)
        self.input_size = input_size
        layers: list = []
        channels = 1
        for width, count in zip(widths, convs):
            for index in range(count):
                first_of_net, first_of_stage = channels == 1, index == 0
                split = separable == 'all' and not first_of_net or separable == 'repeats' and not first_of_stage
                layers += (separable_bn_relu if split else conv_bn_relu)(channels, width)
                channels = width
            layers.append(nn.MaxPool2d(2))
        self.features = nn.Sequential(*layers)
        self.side = input_size // 2 ** len(widths)
        self.hidden = nn.Linear(channels * self.side * self.side, hidden)
        self.out = nn.Linear(hidden, OUTPUTS)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """[n, 1, s, s] in [-1, 1] (s = input_size; shrink_to_input) → [n, 18]: x, y of each point in crop units (0..1)."""
        x = self.features(x).flatten(1)
        return self.out(F.relu(self.hidden(x)))


def to_network_input(gray_uint8: torch.Tensor) -> torch.Tensor:
    """uint8 crops [n, 32, 32] → float32 [n, 1, 32, 32] in [-1, 1]; eye-net.ts's toNetworkInput."""
    return (gray_uint8.float().unsqueeze(1) / 255.0 - 0.5) * 2.0


def shrink_to_input(x: torch.Tensor, input_size: int) -> torch.Tensor:
    """The 32×32 crops the data holds → the net's input side, each output pixel the mean of the input
    pixels its window covers (PyTorch's adaptive average pooling; eye-net.ts's shrinkSquare mirrors it).
    The points are in crop units, so they do not change."""
    return x if x.shape[-1] == input_size else F.adaptive_avg_pool2d(x, input_size)


def eye_measures(points: torch.Tensor) -> torch.Tensor:
    """[n, 18] points → [n, 3]: openness (mean lid gap ÷ corner distance), gaze x and y (iris centre
    from the corners' midpoint along and across the eye line, in half widths). As src/shared/gaze.ts."""
    p = points.view(-1, POINTS, 2)
    a, b = p[:, 0], p[:, 1]
    swap = (a[:, 0] > b[:, 0]).unsqueeze(1)
    left, right = torch.where(swap, b, a), torch.where(swap, a, b)
    span = right - left
    width = span.norm(dim=1).clamp_min(1e-6)
    gap = (p[:, 2:5] - p[:, 5:8]).norm(dim=2).mean(dim=1)
    axis = span / width.unsqueeze(1)
    d = p[:, 8] - (left + right) / 2
    half = width / 2
    gaze_x = (d[:, 0] * axis[:, 0] + d[:, 1] * axis[:, 1]) / half
    gaze_y = (-d[:, 0] * axis[:, 1] + d[:, 1] * axis[:, 0]) / half
    return torch.stack([gap / width, gaze_x, gaze_y], dim=1)


# Loss weights: points in input pixels (× INPUT_SIZE), openness and gaze in their own units, whose
# errors of ≈ 0.02 and ≈ 0.05 matter to the attention thresholds (docs/engagement.md).
MEASURE_WEIGHTS = torch.tensor([10.0, 5.0, 5.0])


# Eyes whose teacher measures lie in the tails (nearly closed, gaze far off centre) are rare and are
# exactly the ones that change the attention label; a plain mean loss pulls them toward the average
# eye, so they count TAIL_WEIGHT times. Tails: beyond TAIL_Z standard deviations (MEASURE_SPREAD,
# from the data) of the mean.
TAIL_Z = 1.5
TAIL_WEIGHT = 4.0


def tail_weights(teacher_measures: torch.Tensor, spread: tuple) -> torch.Tensor:
    mean, std = spread
    in_tail = ((teacher_measures - mean).abs() > TAIL_Z * std).any(dim=1)
    return torch.where(in_tail, TAIL_WEIGHT, 1.0)


def loss_of(predicted: torch.Tensor, teacher: torch.Tensor, side: torch.Tensor, spread: tuple) -> torch.Tensor:
    teacher_measures = eye_measures(teacher)
    weight = tail_weights(teacher_measures, spread)
    point_loss = (F.smooth_l1_loss(predicted * INPUT_SIZE, teacher * INPUT_SIZE, reduction='none').mean(dim=1) * weight).mean()
    errors = (eye_measures(predicted) - teacher_measures).abs() * MEASURE_WEIGHTS
    gaze_weight = torch.where(side >= GAZE_READABLE_SIDE, 1.0, SMALL_EYE_GAZE_WEIGHT)
    measure_loss = ((errors[:, 0] + (errors[:, 1] + errors[:, 2]) * gaze_weight) * weight).mean()
    return point_loss + measure_loss


class EyeData:
    """scripts/eye-net-data.ts's files; the three are cut to the shortest (a run stopped mid-write)."""

    def __init__(self, folder: str):
        for name in ('gray.u8', 'teacher.f32', 'source.u32', 'side.f32'):
            if not os.path.exists(os.path.join(folder, name)):
                raise FileNotFoundError(f'{folder}/{name} is missing: make the data with `npx tsx scripts/eye-net-data.ts`')
        gray = np.fromfile(os.path.join(folder, 'gray.u8'), dtype=np.uint8)
        teacher = np.fromfile(os.path.join(folder, 'teacher.f32'), dtype='<f4')
        source = np.fromfile(os.path.join(folder, 'source.u32'), dtype='<u4')
        side = np.fromfile(os.path.join(folder, 'side.f32'), dtype='<f4')
        n = min(len(gray) // INPUT_SIZE ** 2, len(teacher) // OUTPUTS, len(source), len(side))
        if n == 0:
            raise ValueError(f'{folder}: no eyes in the data')
        self.gray = torch.from_numpy(gray[:n * INPUT_SIZE ** 2].reshape(n, INPUT_SIZE, INPUT_SIZE).copy())
        self.teacher = torch.from_numpy(teacher[:n * OUTPUTS].reshape(n, OUTPUTS).copy())
        self.source = torch.from_numpy(source[:n].astype(np.int64))
        self.side = torch.from_numpy(side[:n].copy())
        finite = torch.isfinite(self.teacher).all(dim=1)
        self.gray, self.teacher, self.source, self.side = self.gray[finite], self.teacher[finite], self.source[finite], self.side[finite]

    def spread(self, indices: torch.Tensor) -> tuple:
        """(mean, std) of the teacher's measures over these eyes: where the tails begin (tail_weights)."""
        measures = eye_measures(self.teacher[indices])
        return measures.mean(dim=0), measures.std(dim=0)

    def split(self):
        """(train indices, val indices): by picture, so no picture's eyes sit on both sides."""
        val = self.source % VAL_EVERY == 0
        return torch.nonzero(~val).flatten(), torch.nonzero(val).flatten()


def augment(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Brightness, contrast and sensor noise on [-1, 1] inputs; geometry is already varied by the data's jittered crops."""
    n = x.shape[0]
    contrast = 1 + (torch.rand(n, 1, 1, 1, generator=generator) * 2 - 1) * 0.3
    brightness = (torch.rand(n, 1, 1, 1, generator=generator) * 2 - 1) * 0.2
    noise = torch.randn(x.shape, generator=generator) * torch.rand(n, 1, 1, 1, generator=generator) * 0.06
    return ((x - x.mean(dim=(2, 3), keepdim=True)) * contrast + x.mean(dim=(2, 3), keepdim=True) + brightness + noise).clamp(-1, 1)


@torch.no_grad()
def evaluate(model: nn.Module, data: EyeData, indices: torch.Tensor, spread: tuple, batch: int = 1024) -> dict:
    model.eval()
    predicted = torch.cat([model(shrink_to_input(to_network_input(data.gray[indices[i:i + batch]]), model.input_size))
                           for i in range(0, len(indices), batch)])
    teacher = data.teacher[indices]
    side = data.side[indices]
    measures = (eye_measures(predicted) - eye_measures(teacher)).abs()
    readable = side >= GAZE_READABLE_SIDE
    return {
        'loss': float(loss_of(predicted, teacher, side, spread)),
        'point_error_px': float(((predicted - teacher).view(-1, POINTS, 2).norm(dim=2) * INPUT_SIZE).mean()),
        'openness_mae': float(measures[:, 0].mean()),
        'gaze_x_mae': float(measures[readable, 1].mean()),
        'gaze_y_mae': float(measures[readable, 2].mean()),
        'eyes': int(len(indices)),
        'gaze_readable_eyes': int(readable.sum()),
        # The tail eyes alone (nearly closed, gaze far off): where a regression to the mean would show.
        'tail_openness_mae': float(measures[tail_weights(eye_measures(teacher), spread) > 1, 0].mean()),
    }


def train(args) -> int:
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    data = EyeData(args.data)
    train_idx, val_idx = data.split()
    spread = data.spread(train_idx)
    model = EyeNet(widths=tuple(args.widths), hidden=args.hidden, convs=tuple(args.convs),
                   separable=args.separable, input_size=args.input_size).to(memory_format=torch.channels_last)
    with torch.no_grad():  # start from the mean eye: the points vary by a few pixels around it
        model.out.bias.copy_(data.teacher[train_idx].mean(dim=0))
        model.out.weight.mul_(0.1)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    steps_per_epoch = math.ceil(len(train_idx) / args.batch)
    total = steps_per_epoch * args.epochs
    generator = torch.Generator().manual_seed(args.seed)
    os.makedirs(args.run, exist_ok=True)
    print(f'{len(train_idx)} train eyes, {len(val_idx)} val eyes; {parameter_count(model)} parameters', flush=True)
    best = math.inf
    step = 0
    for epoch in range(1, args.epochs + 1):
        model.train()
        started = time.time()
        order = train_idx[torch.randperm(len(train_idx), generator=generator)]
        train_loss, batches = 0.0, 0
        for i in range(0, len(order), args.batch):
            chosen = order[i:i + args.batch]
            for group in optimizer.param_groups:
                group['lr'] = learning_rate(step, args.lr, steps_per_epoch // 2, total)
            x = augment(shrink_to_input(to_network_input(data.gray[chosen]), model.input_size), generator)
            x = x.contiguous(memory_format=torch.channels_last)
            loss = loss_of(model(x), data.teacher[chosen], data.side[chosen], spread)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            step += 1
            train_loss, batches = train_loss + float(loss), batches + 1
        val = evaluate(model, data, val_idx, spread)
        val['train_loss'] = train_loss / batches
        state = {'model': model.state_dict(), 'model_config': model.config, 'epoch': epoch, 'val': val}
        save_atomic(state, os.path.join(args.run, LAST))
        if val['loss'] < best:
            best = val['loss']
            save_atomic(state, os.path.join(args.run, BEST))
        print(f'epoch {epoch}: {json.dumps(val)} ({time.time() - started:.0f} s)', flush=True)
    return 0


def keras_layers(model: EyeNet) -> list:
    layers = LayerList()
    layers.add_features(model.features, fold_batch_norm=True)
    layers.add('Flatten', {'data_format': 'channels_last'}, [])
    # PyTorch flattens [c, h, w]; tfjs flattens channels-last [h, w, c]: reorder the first dense layer's inputs.
    channels = model.hidden.in_features // model.side ** 2
    kernel = model.hidden.weight.detach().view(-1, channels, model.side, model.side).permute(2, 3, 1, 0).reshape(-1, model.hidden.out_features)
    layers.add_dense(model.hidden, 'relu', kernel)
    layers.add_dense(model.out, 'linear')
    layers.layers[0][1]['batch_input_shape'] = [None, model.input_size, model.input_size, 1]
    return layers.layers


def export(model: EyeNet, out_dir: str, description: str = '') -> dict:
    metadata = {'architecture': 'EyeNet', 'config': model.config,
                'input': f'[n, {model.input_size}, {model.input_size}, 1] gray scaled to [-1, 1]',
                'output': f'[n, {OUTPUTS}]: x, y of {POINTS} eye points in crop units (src/shared/gaze.ts eyePointList)',
                'description': description}
    return write_layers_model(keras_layers(model.eval()), out_dir, 'eye_net', metadata)


def load_checkpoint(path: str) -> tuple:
    checkpoint = torch.load(path, map_location='cpu')
    if checkpoint.get('model_config', {}).get('widths') is None:
        raise ValueError(f'{path}: not an eye-net checkpoint (training/eye_net.py train)')
    model = EyeNet(**checkpoint['model_config'])
    model.load_state_dict(checkpoint['model'])
    return model.eval(), checkpoint


def synthetic_eyes(count: int, seed: int) -> np.ndarray:
    """Gray blobs on noise: inputs for the converter parity check (no real face goes in the repository)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:INPUT_SIZE, 0:INPUT_SIZE] / INPUT_SIZE
    eyes = []
    for _ in range(count):
        image = np.full((INPUT_SIZE, INPUT_SIZE), rng.uniform(60, 200))
        for _blob in range(rng.integers(1, 4)):
            cx, cy, radius = rng.uniform(0.2, 0.8), rng.uniform(0.3, 0.7), rng.uniform(0.05, 0.25)
            image += rng.uniform(-150, 80) * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * radius ** 2))
        image += rng.normal(0, 8, image.shape)
        eyes.append(np.clip(np.rint(image), 0, 255).astype(np.uint8))
    return np.stack(eyes)


def write_parity_fixture(out_dir: str, count: int = 40, seed: int = 5) -> dict:
    """A randomly initialised EyeNet with non-trivial BatchNorm statistics, its export, synthetic
    inputs and PyTorch's outputs: tests/unit/eye-net.test.ts runs the export in tfjs and compares.
    Separable repeats, so every layer kind an eye net can export (full, depthwise and 1×1 convolutions) is in it;
    a 24 px input, so the 32 px inputs go through the area shrink that eye-net.ts mirrors."""
    torch.manual_seed(seed)
    model = EyeNet(widths=(4, 6, 8), hidden=12, separable='repeats', input_size=24)
    eyes = synthetic_eyes(count, seed)
    network_input = shrink_to_input(to_network_input(torch.from_numpy(eyes)), model.input_size)
    with torch.no_grad():
        model.train()
        for module in model.modules():
            if isinstance(module, nn.BatchNorm2d):
                module.momentum = None  # cumulative average over the pass below
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.3, 0.3)
        model(network_input)
        model.eval()
        reference = model(network_input).numpy().astype('<f4')
    export(model, out_dir, description='parity fixture: random weights, not a trained model')
    eyes.tofile(os.path.join(out_dir, 'inputs.u8'))
    reference.tofile(os.path.join(out_dir, 'reference.f32'))
    meta = {'count': count, 'size': INPUT_SIZE, 'outputs': OUTPUTS, 'config': model.config,
            'inputs': 'inputs.u8: uint8 [count, size, size], gray 0..255, shrunk to config.input_size by area before the net',
            'reference': 'reference.f32: float32 little-endian [count, outputs], PyTorch outputs',
            'torch': torch.__version__}
    with open(os.path.join(out_dir, 'meta.json'), 'w') as handle:
        json.dump(meta, handle, indent=1)
    return meta


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description='Train, export or make the parity fixture of the eye net.')
    commands = parser.add_subparsers(dest='command', required=True)
    t = commands.add_parser('train')
    t.add_argument('--data', default='training/eye-data')
    t.add_argument('--run', default='training/runs/eye-net')
    t.add_argument('--epochs', type=int, default=14)
    t.add_argument('--batch', type=int, default=128)
    t.add_argument('--lr', type=float, default=3e-3)
    t.add_argument('--seed', type=int, default=1)
    t.add_argument('--threads', type=int, default=2)
    t.add_argument('--widths', type=int, nargs=3, default=[16, 32, 48], help='channels of the three stages')
    t.add_argument('--hidden', type=int, default=96, help='units of the hidden dense layer')
    t.add_argument('--convs', type=int, nargs=3, default=[2, 2, 2], help='convolutions in each stage')
    t.add_argument('--separable', choices=SEPARABLE_CHOICES, default='none',
                   help='depthwise-separable convolutions: none, the repeats within each stage, or all but the first')
    t.add_argument('--input-size', type=int, default=INPUT_SIZE,
                   help=f'the net\'s input side: the {INPUT_SIZE}×{INPUT_SIZE} crops are shrunk to it by area (a multiple of 8)')
    e = commands.add_parser('export')
    e.add_argument('checkpoint')
    e.add_argument('out_dir')
    f = commands.add_parser('parity')
    f.add_argument('out_dir')
    args = parser.parse_args(argv)
    if args.command == 'train':
        return train(args)
    if args.command == 'export':
        model, checkpoint = load_checkpoint(args.checkpoint)
        val = checkpoint.get('val', {})
        description = (f"epoch {checkpoint.get('epoch')}; against the iris model on {val.get('eyes')} val eyes: "
                       f"points {val.get('point_error_px', 0):.2f} px (of 32), openness ±{val.get('openness_mae', 0):.3f}; "
                       f"on the {val.get('gaze_readable_eyes')} eyes wide enough for the gaze: gaze x ±{val.get('gaze_x_mae', 0):.3f}, "
                       f"y ±{val.get('gaze_y_mae', 0):.3f} half widths")
        export(model, args.out_dir, description)
        print(f'wrote {args.out_dir}: {description}')
        return 0
    meta = write_parity_fixture(args.out_dir)
    print(f"wrote {args.out_dir}: {meta['count']} synthetic eyes")
    return 0


if __name__ == '__main__':
    sys.exit(main())
