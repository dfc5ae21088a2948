"""training/export_tfjs.py writes a tfjs layers model whose structure matches the PyTorch net."""

import json
import os
import tempfile
import unittest

import numpy as np
import torch

import helpers  # noqa: F401  (puts training/ on sys.path)
from export_tfjs import UnsupportedLayer, export, keras_layers
from model import RautCnn, parameter_count


class ExportStructureTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.model = RautCnn(width=4, stages=3, convs_per_stage=2).eval()
        self.out = tempfile.mkdtemp()

    def test_model_json_is_a_keras_sequential_layers_model(self):
        model_json = export(self.model, self.out)
        with open(os.path.join(self.out, 'model.json')) as handle:
            self.assertEqual(json.load(handle), model_json)
        self.assertEqual(model_json['format'], 'layers-model')
        layers = model_json['modelTopology']['config']['layers']
        classes = [layer['class_name'] for layer in layers]
        self.assertEqual(classes, ['Conv2D', 'BatchNormalization', 'Activation'] * 2 + ['MaxPooling2D']
                         + ['Conv2D', 'BatchNormalization', 'Activation'] * 2 + ['MaxPooling2D']
                         + ['Conv2D', 'BatchNormalization', 'Activation'] * 2
                         + ['GlobalAveragePooling2D', 'Dense'])
        self.assertEqual(layers[0]['config']['batch_input_shape'], [None, 48, 48, 1])
        self.assertEqual(layers[-1]['config']['activation'], 'softmax')
        for layer in layers:
            if layer['class_name'] == 'BatchNormalization':
                self.assertEqual(layer['config']['epsilon'], 1e-5)  # PyTorch's, not Keras's 1e-3
        self.assertEqual(len({layer['config']['name'] for layer in layers}), len(layers))

    def test_weights_manifest_lists_every_parameter_in_channels_last_layout(self):
        model_json = export(self.model, self.out)
        entries = model_json['weightsManifest'][0]['weights']
        shapes = {entry['name']: entry['shape'] for entry in entries}
        self.assertEqual(shapes['conv1/kernel'], [3, 3, 1, 4])  # HWIO
        self.assertEqual(shapes['conv2/kernel'], [3, 3, 4, 4])
        self.assertEqual(shapes['dense1/kernel'], [16, 7])  # [in, out]
        self.assertEqual(shapes['bn1/moving_variance'], [4])
        buffers = sum(b.numel() for b in self.model.buffers() if b.dtype.is_floating_point)
        values = sum(int(np.prod(shape)) for shape in shapes.values())
        self.assertEqual(values, parameter_count(self.model) + buffers)
        size = os.path.getsize(os.path.join(self.out, 'group1-shard1of1.bin'))
        self.assertEqual(size, values * 4)

    def test_kernel_bytes_are_the_transposed_pytorch_weights(self):
        export(self.model, self.out)
        raw = np.fromfile(os.path.join(self.out, 'group1-shard1of1.bin'), dtype='<f4')
        conv = self.model.features[0].weight.detach().numpy()
        np.testing.assert_array_equal(raw[:conv.size].reshape(3, 3, 1, 4), conv.transpose(2, 3, 1, 0))

    def test_float16_halves_the_weights_and_marks_the_quantization(self):
        model_json = export(self.model, self.out, float16=True)
        entries = model_json['weightsManifest'][0]['weights']
        self.assertTrue(all(e['quantization'] == {'dtype': 'float16', 'original_dtype': 'float32'} for e in entries))
        values = sum(int(np.prod(e['shape'])) for e in entries)
        self.assertEqual(os.path.getsize(os.path.join(self.out, 'group1-shard1of1.bin')), values * 2)

    def test_an_unsupported_layer_is_refused_by_name(self):
        self.model.features[0] = torch.nn.Conv2d(1, 4, kernel_size=5, padding=2, bias=False)
        with self.assertRaisesRegex(UnsupportedLayer, 'features.0'):
            keras_layers(self.model)


if __name__ == '__main__':
    unittest.main()
