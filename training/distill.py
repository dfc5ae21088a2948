"""Knowledge distillation (Hinton et al., 2015) from teacher models shipped as tfjs files: the
teachers' averaged, temperature-softened probabilities on each training batch become a second
target for the student, beside the labels. Issue 5's route to keep an ensemble's accuracy at one
model's cost: human-emotion + raut-cnn together score ≈ 1.7 points above human alone
(models/README.md), but cost two models per face.

Teachers: a tfjs graph model (read with tfjs_graph.py, e.g. human's emotion.json) or a layers model
written by export_tfjs.py (e.g. models/raut-cnn/model.json). Both take train.py's 48×48 input in
[-1, 1] and give logits in FER-2013 order.
"""

import json
import os

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from export_tfjs import keras_layers
from fer_data import DataError
from model import FineTunedGraph, RautCnn, graph_model_config
from tfjs_graph import GraphError


def _read_layers_weights(model_json: str, manifest: list) -> dict:
    """name → float32 array, from the weight files a layers model.json lists (float16 expanded)."""
    values, directory = {}, os.path.dirname(model_json)
    for group in manifest:
        data = b''
        for path in group['paths']:
            with open(os.path.join(directory, path), 'rb') as handle:
                data += handle.read()
        offset = 0
        for spec in group['weights']:
            count = int(np.prod(spec['shape'])) if spec['shape'] else 1
            dtype = '<f2' if spec.get('quantization', {}).get('dtype') == 'float16' else '<f4'
            size = count * np.dtype(dtype).itemsize
            if offset + size > len(data):
                raise GraphError(f'{model_json}: weight {spec["name"]} runs past the end of its weight files')
            values[spec['name']] = np.frombuffer(data[offset:offset + size], dtype=dtype).astype(np.float32).reshape(spec['shape'])
            offset += size
    return values


def load_layers_model(model_json: str) -> RautCnn:
    """A RautCnn as export_tfjs.py wrote it (the inverse of its export, weights copied in place)."""
    with open(model_json) as handle:
        content = json.load(handle)
    meta = content.get('userDefinedMetadata', {}).get('raut', {})
    if meta.get('architecture') != 'RautCnn':
        raise GraphError(f'{model_json}: not a RautCnn layers model written by training/export_tfjs.py')
    model = RautCnn(**meta['config']).eval()
    weights = _read_layers_weights(model_json, content['weightsManifest'])
    with torch.no_grad():
        for _class_name, config, tensors in keras_layers(model):
            for weight_name, view in tensors:  # views into the module's parameters and buffers
                name = f"{config['name']}/{weight_name}"
                if name not in weights or tuple(weights[name].shape) != tuple(view.shape):
                    raise GraphError(f'{model_json}: weight {name} missing or not shaped {list(view.shape)}')
                view.copy_(torch.from_numpy(weights[name]))
    return model


def load_teacher(model_json: str) -> nn.Module:
    with open(model_json) as handle:
        fmt = json.load(handle).get('format')
    model = load_layers_model(model_json) if fmt == 'layers-model' else FineTunedGraph(model_json, graph_model_config(model_json)['input_size'])
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    return model.eval()


class Teachers:
    def __init__(self, model_jsons: list, temperature: float):
        if temperature <= 0:
            raise DataError(f'--distill-temperature must be above 0, got {temperature}')
        self.models = [load_teacher(path) for path in model_jsons]
        self.temperature = temperature

    def to(self, device) -> 'Teachers':
        self.models = [model.to(device) for model in self.models]
        return self

    @torch.no_grad()
    def soft_targets(self, x: torch.Tensor) -> torch.Tensor:
        """The teachers' mean of softmax(logits / T) on the batch the student sees."""
        return torch.stack([F.softmax(model(x) / self.temperature, dim=1) for model in self.models]).mean(0)


def distillation_loss(student_logits: torch.Tensor, soft_targets: torch.Tensor, temperature: float) -> torch.Tensor:
    """KL(teachers ‖ student) at temperature T, scaled by T² so its gradients keep their size as T changes."""
    log_student = F.log_softmax(student_logits / temperature, dim=1)
    return F.kl_div(log_student, soft_targets, reduction='batchmean') * temperature ** 2
