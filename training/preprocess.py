"""The network's input, defined once. src/offscreen/models/raut-cnn.ts mirrors it exactly:
a 48×48 gray face crop, gray in [0, 1], then (g − 0.5) × 2, i.e. values in [-1, 1]."""

import torch

INPUT_SIZE = 48


def to_network_input(gray_uint8: torch.Tensor) -> torch.Tensor:
    """uint8 faces [n, 48, 48] or [n, 1, 48, 48] → float32 [n, 1, 48, 48] in [-1, 1]."""
    if gray_uint8.dim() == 3:
        gray_uint8 = gray_uint8.unsqueeze(1)
    return (gray_uint8.float() / 255.0 - 0.5) * 2.0
