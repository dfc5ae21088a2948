"""Batch augmentation on [n, 1, 48, 48] inputs in [-1, 1], driven by one torch.Generator so a
resumed run draws exactly the same transforms. One affine warp per batch covers the shifts, the
±10° rotation, the scale jitter and the horizontal flip; then brightness/contrast and random
erasing (cutout). Mixup is applied in the training loop because it also mixes the targets."""

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F


@dataclass
class AugmentConfig:
    max_shift: float = 0.1        # fraction of the side, each direction
    max_rotation_deg: float = 10.0
    scale_range: float = 0.1      # zoom in [1 − r, 1 + r]
    flip_probability: float = 0.5
    brightness: float = 0.1       # added to gray in [0, 1]
    contrast: float = 0.2         # contrast factor in [1 − c, 1 + c]
    erase_probability: float = 0.5
    erase_area: tuple = (0.02, 0.2)


def _uniform(n: int, low: float, high: float, generator: torch.Generator) -> torch.Tensor:
    return low + (high - low) * torch.rand(n, generator=generator)


def random_affine(x: torch.Tensor, config: AugmentConfig, generator: torch.Generator) -> torch.Tensor:
    n = x.shape[0]
    angle = _uniform(n, -config.max_rotation_deg, config.max_rotation_deg, generator) * (math.pi / 180)
    scale = _uniform(n, 1 - config.scale_range, 1 + config.scale_range, generator)
    # affine_grid works in [-1, 1] coordinates, so a shift of f of the side is 2f there.
    shift = _uniform(2 * n, -2 * config.max_shift, 2 * config.max_shift, generator).view(n, 2)
    flip = torch.where(torch.rand(n, generator=generator) < config.flip_probability, -1.0, 1.0)
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([
        torch.stack([cos * flip, -sin, shift[:, 0]], dim=1),
        torch.stack([sin * flip, cos, shift[:, 1]], dim=1),
    ], dim=1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode='bilinear', padding_mode='border', align_corners=False)


def brightness_contrast(x: torch.Tensor, config: AugmentConfig, generator: torch.Generator) -> torch.Tensor:
    n = x.shape[0]
    contrast = _uniform(n, 1 - config.contrast, 1 + config.contrast, generator).view(n, 1, 1, 1)
    brightness = _uniform(n, -config.brightness, config.brightness, generator).view(n, 1, 1, 1) * 2  # [0,1] → [-1,1] units
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    return ((x - mean) * contrast + mean + brightness).clamp(-1.0, 1.0)


def random_erase(x: torch.Tensor, config: AugmentConfig, generator: torch.Generator) -> torch.Tensor:
    n, _, height, width = x.shape
    area = _uniform(n, *config.erase_area, generator) * height * width
    log_ratio = _uniform(n, math.log(0.3), math.log(1 / 0.3), generator)
    erase_h = (area * torch.exp(log_ratio)).sqrt().clamp(1, height).floor()
    erase_w = (area / torch.exp(log_ratio)).sqrt().clamp(1, width).floor()
    top = (torch.rand(n, generator=generator) * (height - erase_h + 1)).floor()
    left = (torch.rand(n, generator=generator) * (width - erase_w + 1)).floor()
    apply = torch.rand(n, generator=generator) < config.erase_probability
    rows = torch.arange(height).view(1, height, 1)
    cols = torch.arange(width).view(1, 1, width)
    inside = ((rows >= top.view(n, 1, 1)) & (rows < (top + erase_h).view(n, 1, 1))
              & (cols >= left.view(n, 1, 1)) & (cols < (left + erase_w).view(n, 1, 1)) & apply.view(n, 1, 1))
    return x.masked_fill(inside.unsqueeze(1), 0.0)  # 0 is mid-gray in [-1, 1]


def augment_batch(x: torch.Tensor, config: AugmentConfig, generator: torch.Generator) -> torch.Tensor:
    x = random_affine(x, config, generator)
    x = brightness_contrast(x, config, generator)
    return random_erase(x, config, generator)
