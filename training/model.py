"""RautCnn: a compact VGG-style CNN for 48×48 gray faces. Stages of (conv3×3 → BN → ReLU) × k with
2×2 max pooling between them, global average pooling, dropout and one linear layer: no large
fully-connected head, so the parameters sit in the convolutions (width 32: 1.17 M).
Every layer is one the tfjs converter (training/export) knows how to write."""

import torch
from torch import nn

from fer_classes import EXPRESSIONS
from preprocess import INPUT_SIZE
from tfjs_graph import GraphError, graph_input_size, load_graph_model


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


def tfjs_resize_matrix(size_in: int, size_out: int) -> torch.Tensor:
    """[size_out, size_in] weights of tfjs's resizeBilinear(alignCorners false, halfPixelCenters false),
    the resize src/offscreen/models/adapter.ts gives a model: output pixel i reads input i × in / out."""
    matrix = torch.zeros(size_out, size_in)
    scale = size_in / size_out
    for i in range(size_out):
        source = i * scale
        low = int(source)
        high = min(low + 1, size_in - 1)
        fraction = source - low
        matrix[i, low] += 1 - fraction
        matrix[i, high] += fraction
    return matrix


class FineTunedGraph(nn.Module):
    """A tfjs graph model (e.g. human's mini-Xception, training/tfjs_graph.py) taking the same 48×48
    input as RautCnn: the face is resized to the graph's own input side exactly as its tfjs adapter
    resizes it, so the fine-tuned weights are written back into the same graph and adapter."""

    def __init__(self, graph: str, input_size: int):
        super().__init__()
        self.config = dict(kind='graph', graph=graph, input_size=input_size)
        self.net = load_graph_model(graph).to(memory_format=torch.channels_last)  # faster convolutions on CPU
        self.register_buffer('resize', tfjs_resize_matrix(INPUT_SIZE, input_size), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """[n, 1, 48, 48] in [-1, 1] → logits [n, 7] in the graph's output order (FER-2013's for human)."""
        x = self.resize @ x @ self.resize.T
        return self.net(x.contiguous(memory_format=torch.channels_last), logits=True)


def graph_model_config(graph: str) -> dict:
    size = graph_input_size(graph)
    if size is None:
        raise GraphError(f'{graph}: its input is not a square gray image')
    return dict(kind='graph', graph=graph, input_size=size)


def build_model(config: dict) -> nn.Module:
    if config.get('kind') == 'graph':
        return FineTunedGraph(config['graph'], config['input_size'])
    return RautCnn(**config)
