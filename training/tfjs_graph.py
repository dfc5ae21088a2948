"""A TensorFlow.js graph model (model.json + weight files) as a trainable PyTorch module, and back.

This is how Raut fine-tunes a model it did not train, such as @vladmandic/human's mini-Xception
(`emotion.json`): `load_graph_model` reads the graph and its weights into `GraphNet`, which runs the
graph's nodes in order with PyTorch ops (NHWC weights turned to NCHW), so the weights can be trained;
`write_graph_model` writes the same graph with the trained weights, so the model's existing adapter
and preprocessing stay valid. Only the ops such small CNNs use are known; any other op is refused by
name (GraphError), never guessed.

Batch normalisation was folded into the convolutions by the tfjs converter, so it is not trained
separately: fine-tune with a small learning rate."""

import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

# Ops GraphNet knows. _FusedConv2D is the tfjs converter's conv + BiasAdd (+ Relu).
KNOWN_OPS = {'Placeholder', 'Const', '_FusedConv2D', 'Conv2D', 'DepthwiseConv2dNative', 'MaxPool', 'AddV2', 'Add',
             'Relu', 'Mean', 'Softmax', 'Identity'}
TRAINABLE_ROLES = {'conv_weight', 'depthwise_weight', 'bias'}
_DTYPES = {'float32': np.float32, 'int32': np.int32}


class GraphError(ValueError):
    pass


def _attr_list(node: dict, name: str) -> list:
    value = node.get('attr', {}).get(name, {}).get('list', {})
    return [int(v) for v in value.get('i', [])] or [_decode(s) for s in value.get('s', [])]


def _decode(text: str) -> str:
    import base64
    return base64.b64decode(text).decode()


def _attr_string(node: dict, name: str, default: str = '') -> str:
    value = node.get('attr', {}).get(name, {}).get('s')
    return _decode(value) if value else default


def _input_name(reference: str) -> str:
    """'node:1' or '^node' → 'node' (only single-output nodes are used here)."""
    return reference.lstrip('^').split(':')[0]


def same_padding(size: int, kernel: int, stride: int) -> tuple:
    """TensorFlow's SAME padding (before, after) for one spatial axis: the extra pixel goes after."""
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def _pad_same(x: torch.Tensor, kernel: tuple, stride: tuple, value: float = 0.0) -> torch.Tensor:
    top, bottom = same_padding(x.shape[2], kernel[0], stride[0])
    left, right = same_padding(x.shape[3], kernel[1], stride[1])
    if top or bottom or left or right:
        x = F.pad(x, (left, right, top, bottom), value=value)
    return x


def _nhwc_axis(axis: int) -> int:
    return {0: 0, 1: 2, 2: 3, 3: 1, -1: 1}[axis]


class GraphNet(nn.Module):
    """Runs a tfjs graph's nodes in order. Input NCHW float32; output is the graph's output, or the
    logits (the Softmax node's input) when `logits=True`, for training with cross-entropy."""

    def __init__(self, nodes: list, weights: dict):
        super().__init__()
        self.nodes = [n for n in nodes if n['op'] != 'Const']
        unknown = sorted({n['op'] for n in nodes} - KNOWN_OPS)
        if unknown:
            raise GraphError(f'graph has ops GraphNet does not know: {", ".join(unknown)}')
        placeholders = [n for n in nodes if n['op'] == 'Placeholder']
        if len(placeholders) != 1:
            raise GraphError(f'expected one input, found {len(placeholders)}')
        self.input_name = placeholders[0]['name']
        self.output_name = self.nodes[-1]['name']
        self.roles = _weight_roles(self.nodes)
        self.params = nn.ParameterDict()
        self.constants: dict = {}
        self.keys: dict = {}
        for name, value in weights.items():
            role = self.roles.get(name)
            tensor = torch.from_numpy(np.array(value))  # a writable copy
            if role in TRAINABLE_ROLES and value.dtype == np.float32:
                key = f'w{len(self.keys)}'
                self.keys[name] = key
                self.params[key] = nn.Parameter(_to_torch_layout(tensor, role))
            else:
                self.constants[name] = tensor

    def weight(self, name: str) -> torch.Tensor:
        key = self.keys.get(name)
        if key is not None:
            return self.params[key]
        if name in self.constants:
            return self.constants[name]
        raise GraphError(f'weight {name} is missing from the weight files')

    def forward(self, x: torch.Tensor, logits: bool = False) -> torch.Tensor:
        values = {self.input_name: x}
        for node in self.nodes:
            op = node['op']
            if op == 'Placeholder':
                continue
            if op == 'Softmax' and logits:
                return values[_input_name(node['input'][0])]
            args = [_input_name(i) for i in node.get('input', []) if not i.startswith('^')]
            values[node['name']] = self._run(node, op, args, values)
        return values[self.output_name]

    def _run(self, node: dict, op: str, args: list, values: dict) -> torch.Tensor:
        first = values.get(args[0]) if args else None
        if op in ('_FusedConv2D', 'Conv2D'):
            weight = self.weight(args[1])
            stride = tuple(_attr_list(node, 'strides')[1:3]) or (1, 1)
            x = first
            if _attr_string(node, 'padding') == 'SAME':
                x = _pad_same(x, weight.shape[2:], stride)
            fused = _attr_list(node, 'fused_ops') if op == '_FusedConv2D' else []
            bias = self.weight(args[2]) if 'BiasAdd' in fused else None
            y = F.conv2d(x, weight, bias, stride=stride)
            extra = [f for f in fused if f not in ('BiasAdd', 'Relu')]
            if extra:
                raise GraphError(f'{node["name"]}: fused ops {extra} are not supported')
            return F.relu(y) if 'Relu' in fused else y
        if op == 'DepthwiseConv2dNative':
            weight = self.weight(args[1])
            stride = tuple(_attr_list(node, 'strides')[1:3]) or (1, 1)
            x = first
            if _attr_string(node, 'padding') == 'SAME':
                x = _pad_same(x, weight.shape[2:], stride)
            return F.conv2d(x, weight, stride=stride, groups=x.shape[1])
        if op == 'MaxPool':
            kernel = tuple(_attr_list(node, 'ksize')[1:3])
            stride = tuple(_attr_list(node, 'strides')[1:3])
            x = first
            if _attr_string(node, 'padding') == 'SAME':
                x = _pad_same(x, kernel, stride, value=float('-inf'))
            return F.max_pool2d(x, kernel, stride)
        if op in ('AddV2', 'Add'):
            return first + values[args[1]]
        if op == 'Relu':
            return F.relu(first)
        if op == 'Mean':
            axes = [_nhwc_axis(int(a)) for a in self.weight(args[1]).flatten().tolist()]
            keep = bool(node.get('attr', {}).get('keep_dims', {}).get('b', False))
            y = first.mean(dim=axes, keepdim=keep)
            if not keep and y.dim() != 2:
                raise GraphError(f'{node["name"]}: Mean leaves a {y.dim()}-d tensor; only global pooling is supported')
            return y
        if op == 'Softmax':
            return F.softmax(first, dim=-1)
        if op == 'Identity':
            return first
        raise GraphError(f'op {op} is not supported')


def _weight_roles(nodes: list) -> dict:
    """What each weight is to the op that reads it: conv kernel, depthwise kernel, bias, or other."""
    roles = {}
    for node in nodes:
        inputs = [_input_name(i) for i in node.get('input', [])]
        if node['op'] in ('_FusedConv2D', 'Conv2D'):
            roles[inputs[1]] = 'conv_weight'
            if len(inputs) > 2:
                roles[inputs[2]] = 'bias'
        elif node['op'] == 'DepthwiseConv2dNative':
            roles[inputs[1]] = 'depthwise_weight'
    return roles


def _to_torch_layout(tensor: torch.Tensor, role: str) -> torch.Tensor:
    if role == 'conv_weight':  # HWIO → OIHW
        return tensor.permute(3, 2, 0, 1).contiguous()
    if role == 'depthwise_weight':  # [h, w, in, multiplier] → [in × multiplier, 1, h, w]
        h, w, channels, multiplier = tensor.shape
        return tensor.permute(2, 3, 0, 1).reshape(channels * multiplier, 1, h, w).contiguous()
    return tensor.clone()


def _to_tfjs_layout(tensor: torch.Tensor, role: str, shape: list) -> np.ndarray:
    tensor = tensor.detach().cpu()
    if role == 'conv_weight':
        tensor = tensor.permute(2, 3, 1, 0)
    elif role == 'depthwise_weight':
        h, w, channels, multiplier = shape
        tensor = tensor.reshape(channels, multiplier, h, w).permute(2, 3, 0, 1)
    array = tensor.contiguous().numpy()
    if list(array.shape) != list(shape):
        raise GraphError(f'shape {list(array.shape)} does not match the manifest\'s {shape}')
    return array


def _read_bytes(path: str) -> bytes:
    with open(path, 'rb') as handle:
        return handle.read()


def read_weights(model_json_path: str) -> tuple:
    """The parsed model.json and its weights by name, as numpy arrays (float32 / int32; no quantised files)."""
    with open(model_json_path) as handle:
        model = json.load(handle)
    if model.get('format') != 'graph-model':
        raise GraphError(f'{model_json_path}: format is {model.get("format")!r}, expected "graph-model"')
    directory = os.path.dirname(model_json_path)
    weights = {}
    for group in model['weightsManifest']:
        data = b''.join(_read_bytes(os.path.join(directory, path)) for path in group['paths'])
        offset = 0
        for spec in group['weights']:
            if spec.get('quantization'):
                raise GraphError(f'{spec["name"]}: quantised weights are not supported')
            dtype = _DTYPES.get(spec['dtype'])
            if dtype is None:
                raise GraphError(f'{spec["name"]}: dtype {spec["dtype"]} is not supported')
            count = int(np.prod(spec['shape'])) if spec['shape'] else 1
            size = count * np.dtype(dtype).itemsize
            if offset + size > len(data):
                raise GraphError(f'{model_json_path}: weight files end before {spec["name"]}')
            weights[spec['name']] = np.frombuffer(data, dtype=dtype, count=count, offset=offset).reshape(spec['shape'])
            offset += size
    return model, weights


def graph_input_size(model_json_path: str):
    """The side of the graph's square one-channel NHWC input (e.g. 64), or None for any other input."""
    with open(model_json_path) as handle:
        nodes = json.load(handle)['modelTopology']['node']
    for node in nodes:
        if node['op'] == 'Placeholder':
            dims = [int(d.get('size', -1)) for d in node.get('attr', {}).get('shape', {}).get('shape', {}).get('dim', [])]
            if len(dims) == 4 and dims[1] == dims[2] and dims[1] > 0 and dims[3] == 1:
                return dims[1]
    return None


def load_graph_model(model_json_path: str) -> GraphNet:
    model, weights = read_weights(model_json_path)
    return GraphNet(model['modelTopology']['node'], weights)


def write_graph_model(net: GraphNet, source_json_path: str, out_dir: str, weights_file: str = 'model.bin') -> str:
    """Writes source_json_path's graph with net's weights to out_dir/model.json + weights_file."""
    model, original = read_weights(source_json_path)
    specs = [spec for group in model['weightsManifest'] for spec in group['weights']]
    chunks = []
    for spec in specs:
        name = spec['name']
        if name in net.keys:
            array = _to_tfjs_layout(net.params[net.keys[name]], net.roles[name], spec['shape'])
        else:
            array = original[name]
        chunks.append(np.ascontiguousarray(array, dtype=_DTYPES[spec['dtype']]).tobytes())
        spec.pop('quantization', None)
    model['weightsManifest'] = [{'paths': [weights_file], 'weights': specs}]
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, weights_file), 'wb') as handle:
        handle.write(b''.join(chunks))
    out_json = os.path.join(out_dir, 'model.json')
    with open(out_json, 'w') as handle:
        json.dump(model, handle)
    return out_json
