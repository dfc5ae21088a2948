"""Converts a RautCnn (PyTorch) to a TensorFlow.js layers model: model.json (Keras Sequential
topology + weightsManifest) and one .bin, loadable with tf.loadLayersModel.

Layout changes PyTorch → tfjs (channels-last):
  Conv2d weight [out, in, kh, kw] (OIHW) → Conv2D kernel [kh, kw, in, out] (HWIO)
  BatchNorm2d weight, bias, running_mean, running_var → gamma, beta, moving_mean, moving_variance,
      with PyTorch's epsilon (Keras's default 1e-3 would differ from PyTorch's 1e-5)
  Linear weight [out, in] → Dense kernel [in, out]
Global average pooling comes before the linear layer, so no flatten-order change is needed.
Dropout is dropped (identity at inference); a softmax is appended so the model outputs probabilities.

  /usr/bin/python3 training/export_tfjs.py training/runs/w24-e12/best.pt models/raut-cnn [--float16]

A checkpoint of a fine-tuned tfjs graph (train.py --init-graph) is written back as that same graph
with the trained weights (training/tfjs_graph.py), so the graph's own adapter runs it unchanged.
"""

import argparse
import json
import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from model import FineTunedGraph, RautCnn, build_model  # noqa: E402
from preprocess import INPUT_SIZE  # noqa: E402
from tfjs_graph import write_graph_model  # noqa: E402

WEIGHTS_FILE = 'group1-shard1of1.bin'


class UnsupportedLayer(Exception):
    pass


def _conv(module: nn.Conv2d, name: str):
    square = module.kernel_size == (3, 3) and module.padding == (1, 1) or module.kernel_size == (1, 1) and module.padding == (0, 0)
    if not square or module.stride != (1, 1) or module.dilation != (1, 1) or module.groups != 1:
        raise UnsupportedLayer(f'{name}: only 3×3 padding-1 and 1×1 stride-1 convolutions map to padding "same"')
    config = {'filters': module.out_channels, 'kernel_size': list(module.kernel_size), 'strides': [1, 1], 'padding': 'same',
              'data_format': 'channels_last', 'dilation_rate': [1, 1], 'activation': 'linear',
              'use_bias': module.bias is not None}
    weights = [('kernel', module.weight.detach().permute(2, 3, 1, 0))]  # OIHW → HWIO
    if module.bias is not None:
        weights.append(('bias', module.bias.detach()))
    return 'Conv2D', config, weights


def _is_depthwise(module: nn.Module) -> bool:
    return isinstance(module, nn.Conv2d) and module.groups > 1 and module.groups == module.in_channels == module.out_channels


def _depthwise(module: nn.Conv2d, name: str):
    if module.kernel_size != (3, 3) or module.padding != (1, 1) or module.stride != (1, 1) or module.dilation != (1, 1):
        raise UnsupportedLayer(f'{name}: only 3×3 stride-1 padding-1 depthwise convolutions are supported')
    config = {'kernel_size': [3, 3], 'strides': [1, 1], 'padding': 'same', 'depth_multiplier': 1,
              'data_format': 'channels_last', 'dilation_rate': [1, 1], 'activation': 'linear',
              'use_bias': module.bias is not None}
    weights = [('depthwise_kernel', module.weight.detach().permute(2, 3, 0, 1))]  # [C, 1, kh, kw] → [kh, kw, C, 1]
    if module.bias is not None:
        weights.append(('bias', module.bias.detach()))
    return 'DepthwiseConv2D', config, weights


def _batch_norm(module: nn.BatchNorm2d, name: str):
    if not module.track_running_stats:
        raise UnsupportedLayer(f'{name}: BatchNorm without running statistics cannot be exported')
    config = {'axis': -1, 'momentum': 0.99, 'epsilon': module.eps, 'center': module.affine, 'scale': module.affine}
    weights = []
    if module.affine:
        weights += [('gamma', module.weight.detach()), ('beta', module.bias.detach())]
    weights += [('moving_mean', module.running_mean.detach()), ('moving_variance', module.running_var.detach())]
    return 'BatchNormalization', config, weights


def _folded_conv(conv: nn.Conv2d, norm: nn.BatchNorm2d, name: str):
    """conv → BN (running statistics) → ReLU as one Conv2D: kernel × γ/√(σ²+ε) per output channel,
    bias (b − μ) × γ/√(σ²+ε) + β, activation relu."""
    class_name, config, _weights = _conv(conv, name)
    if not norm.track_running_stats or not norm.affine:
        raise UnsupportedLayer(f'{name}: only affine BatchNorm with running statistics folds into a convolution')
    scale = norm.weight.detach() / torch.sqrt(norm.running_var.detach() + norm.eps)
    bias = conv.bias.detach() if conv.bias is not None else torch.zeros_like(scale)
    kernel = (conv.weight.detach() * scale.view(-1, 1, 1, 1)).permute(2, 3, 1, 0)  # OIHW → HWIO
    folded_bias = (bias - norm.running_mean.detach()) * scale + norm.bias.detach()
    return class_name, {**config, 'use_bias': True, 'activation': 'relu'}, [('kernel', kernel), ('bias', folded_bias)]


def _max_pool(module: nn.MaxPool2d, name: str):
    if module.kernel_size not in (2, (2, 2)) or module.stride not in (2, (2, 2)) or module.padding not in (0, (0, 0)) \
            or module.ceil_mode:
        raise UnsupportedLayer(f'{name}: only 2×2 stride-2 max pooling is supported')
    return 'MaxPooling2D', {'pool_size': [2, 2], 'strides': [2, 2], 'padding': 'valid', 'data_format': 'channels_last'}, []


class LayerList:
    """tfjs layers in order, each (class_name, config, [(weight_name, tensor)]), named by kind and count."""
    PREFIXES = {'Conv2D': 'conv', 'DepthwiseConv2D': 'dwconv', 'BatchNormalization': 'bn', 'Activation': 'relu', 'MaxPooling2D': 'pool',
                'GlobalAveragePooling2D': 'gap', 'Flatten': 'flatten', 'Dense': 'dense'}

    def __init__(self):
        self.layers = []
        self._counters: dict = {}

    def add(self, class_name, config, weights):
        prefix = self.PREFIXES[class_name]
        index = self._counters[prefix] = self._counters.get(prefix, 0) + 1
        self.layers.append((class_name, {'name': f'{prefix}{index}', 'trainable': False, 'dtype': 'float32', **config},
                            weights))

    def add_features(self, features: nn.Sequential, name: str = 'features', fold_batch_norm: bool = False):
        """Conv2d (full or depthwise) / BatchNorm2d / ReLU / MaxPool2d modules, in order. fold_batch_norm: each
        conv → BN → ReLU run becomes one Conv2D with the BN folded into its kernel and bias and a
        ReLU activation, which tfjs runs as one fused op instead of three."""
        modules = list(features)
        position = 0
        while position < len(modules):
            module, where = modules[position], f'{name}.{position}'
            following = modules[position + 1:position + 3]
            if fold_batch_norm and isinstance(module, nn.Conv2d) and not _is_depthwise(module) and len(following) == 2 \
                    and isinstance(following[0], nn.BatchNorm2d) and isinstance(following[1], nn.ReLU):
                self.add(*_folded_conv(module, following[0], where))
                position += 3
                continue
            if _is_depthwise(module):
                self.add(*_depthwise(module, where))
            elif isinstance(module, nn.Conv2d):
                self.add(*_conv(module, where))
            elif isinstance(module, nn.BatchNorm2d):
                self.add(*_batch_norm(module, where))
            elif isinstance(module, nn.ReLU):
                self.add('Activation', {'activation': 'relu'}, [])
            elif isinstance(module, nn.MaxPool2d):
                self.add(*_max_pool(module, where))
            else:
                raise UnsupportedLayer(f'{where}: {type(module).__name__} has no tfjs mapping here')
            position += 1

    def add_dense(self, linear: nn.Linear, activation: str, kernel=None):
        """kernel: the [in, out] matrix when the input order differs from PyTorch's (after a Flatten)."""
        kernel = linear.weight.detach().t() if kernel is None else kernel
        self.add('Dense', {'units': linear.out_features, 'activation': activation, 'use_bias': linear.bias is not None},
                 [('kernel', kernel)] + ([('bias', linear.bias.detach())] if linear.bias is not None else []))


def keras_layers(model: RautCnn):
    """(class_name, config, [(weight_name, tensor)]) per tfjs layer, in order."""
    layers = LayerList()
    layers.add_features(model.features)
    if not (isinstance(model.pool, nn.AdaptiveAvgPool2d) and model.pool.output_size in (1, (1, 1))):
        raise UnsupportedLayer('pool: only global average pooling is supported')
    layers.add('GlobalAveragePooling2D', {'data_format': 'channels_last'}, [])
    layers.add_dense(model.classifier, 'softmax')
    layers.layers[0][1]['batch_input_shape'] = [None, INPUT_SIZE, INPUT_SIZE, 1]
    return layers.layers


def write_layers_model(layers: list, out_dir: str, topology_name: str, metadata: dict, float16: bool = False) -> dict:
    """Writes a Keras Sequential topology of `layers` (keras_layers' format) as model.json and the
    weights file to out_dir; metadata goes to userDefinedMetadata.raut. Returns the model.json content."""
    manifest_weights, chunks = [], []
    for _class_name, config, weights in layers:
        for weight_name, tensor in weights:
            values = tensor.contiguous().numpy().astype('<f4')
            entry = {'name': f"{config['name']}/{weight_name}", 'shape': list(values.shape), 'dtype': 'float32'}
            if float16:
                entry['quantization'] = {'dtype': 'float16', 'original_dtype': 'float32'}
                values = values.astype('<f2')
            manifest_weights.append(entry)
            chunks.append(values.tobytes())
    model_json = {
        'format': 'layers-model',
        'generatedBy': f'PyTorch {torch.__version__}',
        'convertedBy': 'raut training/export_tfjs.py',
        'userDefinedMetadata': {'raut': {**metadata, 'float16': float16}},
        'modelTopology': {
            'class_name': 'Sequential',
            'config': {'name': topology_name,
                       'layers': [{'class_name': c, 'config': cfg} for c, cfg, _w in layers]},
            'keras_version': 'tfjs-layers 4.22.0',
            'backend': 'tensor_flow.js',
        },
        'weightsManifest': [{'paths': [WEIGHTS_FILE], 'weights': manifest_weights}],
    }
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, WEIGHTS_FILE), 'wb') as handle:
        handle.write(b''.join(chunks))
    with open(os.path.join(out_dir, 'model.json'), 'w') as handle:
        json.dump(model_json, handle, indent=1)
    return model_json


def export(model: RautCnn, out_dir: str, float16: bool = False, description: str = '') -> dict:
    """Writes model.json and the weights file to out_dir; returns the model.json content."""
    model = model.eval()
    metadata = {'architecture': 'RautCnn', 'config': model.config,
                'input': f'[n, {INPUT_SIZE}, {INPUT_SIZE}, 1] gray scaled to [-1, 1]', 'description': description}
    return write_layers_model(keras_layers(model), out_dir, 'raut_cnn', metadata, float16)


def load_checkpoint_model(path: str) -> nn.Module:
    checkpoint = torch.load(path, map_location='cpu')
    if 'model' not in checkpoint or 'model_config' not in checkpoint:
        raise ValueError(f'{path}: not a training/train.py checkpoint (no model / model_config)')
    model = build_model(checkpoint['model_config'])
    model.load_state_dict(checkpoint['model'])
    return model.eval()


@torch.no_grad()
def probabilities(model: RautCnn, network_input: torch.Tensor) -> np.ndarray:
    return torch.softmax(model.eval()(network_input), dim=1).numpy()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description='Export a training/train.py checkpoint to a tfjs layers model.')
    parser.add_argument('checkpoint', help='best.pt or last.pt of a run folder')
    parser.add_argument('out_dir', help='folder for model.json and its .bin (e.g. models/raut-cnn)')
    parser.add_argument('--float16', action='store_true', help='store weights as float16 (half the size)')
    args = parser.parse_args(argv)
    checkpoint = torch.load(args.checkpoint, map_location='cpu')
    model = load_checkpoint_model(args.checkpoint)
    val = checkpoint.get('val')
    description = (f"epoch {checkpoint.get('epoch')}, val accuracy {val['accuracy']:.4f}, macro-F1 {val['macro_f1']:.4f}"
                   if val else '')
    if isinstance(model, FineTunedGraph):
        if args.float16:
            parser.error('--float16 applies to RautCnn exports only; a fine-tuned graph is written in float32')
        weights_file = 'model.bin'
        write_graph_model(model.net, model.config['graph'], args.out_dir, weights_file)
    else:
        weights_file = WEIGHTS_FILE
        export(model, args.out_dir, float16=args.float16, description=description)
    size = os.path.getsize(os.path.join(args.out_dir, weights_file))
    print(f'wrote {args.out_dir}/model.json and {weights_file} ({size} bytes); {description}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
