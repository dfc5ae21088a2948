"""Writes a fine-tuned-graph parity case: human's mini-Xception read into PyTorch (training/tfjs_graph.py),
every weight changed by seeded noise (as training would change it), written back as a tfjs graph with
write_graph_model, plus 100 synthetic 48×48 gray faces and PyTorch's probabilities for them
(FineTunedGraph: the tfjs-style resize to 64, then the graph). tests/unit/graph-finetune-parity.test.ts
runs the written graph in tfjs through the human-emotion adapter's own preprocessing and compares.

  /usr/bin/python3 training/make_graph_parity.py OUT_DIR [GRAPH_JSON]
"""

import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from make_parity_fixture import synthetic_faces  # noqa: E402
from model import FineTunedGraph, graph_model_config  # noqa: E402
from preprocess import INPUT_SIZE, to_network_input  # noqa: E402
from tfjs_graph import write_graph_model  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
DEFAULT_GRAPH = os.path.join(ROOT, 'node_modules', '@vladmandic', 'human', 'models', 'emotion.json')
RELATIVE_NOISE = 0.05


def write_case(out_dir: str, graph: str = DEFAULT_GRAPH, seed: int = 3) -> dict:
    model = FineTunedGraph(**{k: v for k, v in graph_model_config(graph).items() if k != 'kind'}).eval()
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.mul_(1 + RELATIVE_NOISE * torch.randn(parameter.shape, generator=generator))
        faces = synthetic_faces()
        reference = torch.softmax(model(to_network_input(torch.from_numpy(faces))), dim=1).numpy().astype('<f4')
    os.makedirs(out_dir, exist_ok=True)
    write_graph_model(model.net, graph, out_dir)
    faces.tofile(os.path.join(out_dir, 'inputs.u8'))
    reference.tofile(os.path.join(out_dir, 'reference.f32'))
    meta = {'count': int(faces.shape[0]), 'size': INPUT_SIZE, 'classes': int(reference.shape[1]),
            'graph': os.path.relpath(graph, ROOT), 'relative_noise': RELATIVE_NOISE,
            'top_classes': sorted(set(reference.argmax(1).tolist()))}
    with open(os.path.join(out_dir, 'meta.json'), 'w') as handle:
        json.dump(meta, handle, indent=1)
    return meta


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    info = write_case(sys.argv[1], *(sys.argv[2:3]))
    print(f"wrote {sys.argv[1]}: {info['count']} faces, top classes {info['top_classes']}")
