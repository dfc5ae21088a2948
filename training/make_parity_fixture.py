"""Writes the converter parity fixture: a randomly initialised, reduced-width RautCnn (same layer
types and order as the real one), its tfjs export, 100 synthetic 48×48 gray faces as raw uint8 and
PyTorch's probabilities for them as float32 little-endian. tests/unit/raut-cnn-converter.test.ts
loads the export in tfjs and compares; the committed copy lives in tests/fixtures/raut-cnn-parity/.

  /usr/bin/python3 training/make_parity_fixture.py [OUT_DIR]
"""

import json
import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from export_tfjs import export, probabilities  # noqa: E402
from model import RautCnn  # noqa: E402
from preprocess import INPUT_SIZE, to_network_input  # noqa: E402

DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'fixtures', 'raut-cnn-parity')
IMAGE_COUNT = 100
FIXTURE_CONFIG = dict(width=4, stages=4, convs_per_stage=2, dropout=0.3)


def random_model(calibration_input: torch.Tensor, seed: int = 7) -> RautCnn:
    """Random weights and, unlike a fresh init, non-trivial BatchNorm statistics and affine terms,
    so a converter that mishandles any of them fails the comparison. The pooled features of a random
    net barely vary between inputs, so the linear layer standardises them (on `calibration_input`)
    before its random projection: otherwise every image would get nearly the same probabilities."""
    torch.manual_seed(seed)
    model = RautCnn(**FIXTURE_CONFIG)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.BatchNorm2d):
                module.running_mean.normal_(0.0, 0.5)
                module.running_var.uniform_(0.5, 2.0)
                module.weight.uniform_(0.5, 1.5)
                module.bias.normal_(0.0, 0.2)
        model.eval()
        features = model.pool(model.features(calibration_input)).flatten(1)
        mean, std = features.mean(0), features.std(0).clamp_min(1e-3)
        projection = torch.randn(model.classifier.out_features, features.shape[1]) * 0.4
        model.classifier.weight.copy_(projection / std)
        model.classifier.bias.copy_(-(projection / std) @ mean)
    return model


def synthetic_faces(seed: int = 11) -> np.ndarray:
    """Gradients, blobs and noise: varied inputs that exercise every pixel position."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:INPUT_SIZE, 0:INPUT_SIZE] / (INPUT_SIZE - 1)
    images = []
    for _ in range(IMAGE_COUNT):
        angle = rng.uniform(0, 2 * np.pi)
        image = 128 + 100 * rng.uniform(-1, 1) * (np.cos(angle) * x + np.sin(angle) * y - 0.5)
        for _blob in range(rng.integers(1, 5)):
            cx, cy, radius = rng.uniform(0, 1), rng.uniform(0, 1), rng.uniform(0.05, 0.3)
            image += rng.uniform(-120, 120) * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * radius ** 2))
        image += rng.normal(0, rng.uniform(0, 25), image.shape)
        images.append(np.clip(np.rint(image), 0, 255).astype(np.uint8))
    return np.stack(images)


def write_fixture(out_dir: str) -> dict:
    faces = synthetic_faces()
    network_input = to_network_input(torch.from_numpy(faces))
    model = random_model(network_input)
    reference = probabilities(model, network_input).astype('<f4')
    export(model, out_dir, description='parity fixture: random weights, not a trained model')
    faces.tofile(os.path.join(out_dir, 'inputs.u8'))
    reference.tofile(os.path.join(out_dir, 'reference.f32'))
    meta = {'count': IMAGE_COUNT, 'size': INPUT_SIZE, 'classes': int(reference.shape[1]), 'config': FIXTURE_CONFIG,
            'inputs': 'inputs.u8: uint8 [count, size, size], gray 0..255',
            'reference': 'reference.f32: float32 little-endian [count, classes], PyTorch softmax probabilities',
            'top_classes': sorted(set(reference.argmax(1).tolist())), 'torch': torch.__version__}
    with open(os.path.join(out_dir, 'meta.json'), 'w') as handle:
        json.dump(meta, handle, indent=1)
    return meta


if __name__ == '__main__':
    target = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    info = write_fixture(target)
    print(f"wrote {target}: {info['count']} faces, top classes {info['top_classes']}")
