"""RautCnn: a compact VGG-style CNN for 48×48 gray faces. Stages of (conv3×3 → BN → ReLU) × k with
2×2 max pooling between them, global average pooling, dropout and one linear layer: no large
fully-connected head, so the parameters sit in the convolutions (width 32: 1.17 M).
Every layer is one the tfjs converter (training/export) knows how to write."""

import torch
from torch import nn

from fer_classes import EXPRESSIONS


def conv_bn_relu(in_channels: int, out_channels: int) -> list:
    return [
        nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1, bias=False),
        nn.BatchNorm2d(out_channels),
        nn.ReLU(inplace=True),
    ]


class RautCnn(nn.Module):
    def __init__(self, width: int = 32, stages: int = 4, convs_per_stage: int = 2, dropout: float = 0.3,
                 num_classes: int = len(EXPRESSIONS)):
        super().__init__()
        self.config = dict(width=width, stages=stages, convs_per_stage=convs_per_stage, dropout=dropout,
                           num_classes=num_classes)
        layers: list = []
        channels = 1
        for stage in range(stages):
            stage_width = width * 2 ** stage
            for _ in range(convs_per_stage):
                layers += conv_bn_relu(channels, stage_width)
                channels = stage_width
            if stage < stages - 1:
                layers.append(nn.MaxPool2d(2))
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(channels, num_classes)
        for module in self.modules():
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, mode='fan_out', nonlinearity='relu')

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """[n, 1, 48, 48] in [-1, 1] → logits [n, 7] in EXPRESSIONS order."""
        x = self.pool(self.features(x)).flatten(1)
        return self.classifier(self.dropout(x))


def parameter_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def build_model(config: dict) -> RautCnn:
    return RautCnn(**config)
