"""training/tfjs_graph.py: a tfjs graph read into PyTorch and written back, TensorFlow's padding,
the tfjs resize, and clear refusals of what it does not know."""

import base64
import json
import os
import tempfile
import unittest

import numpy as np
import torch

import helpers  # noqa: F401  (puts training/ on sys.path)
from model import FineTunedGraph, graph_model_config, tfjs_resize_matrix
from tfjs_graph import GraphError, load_graph_model, read_weights, same_padding, write_graph_model

HUMAN_EMOTION = os.path.join(helpers.TRAINING_DIR, '..', 'node_modules', '@vladmandic', 'human', 'models', 'emotion.json')


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def tiny_graph(directory: str, op: str = 'Relu', quantized: bool = False, truncate: bool = False) -> str:
    """input [n, 4, 4, 1] → 3×3 SAME conv with bias to 2 channels → `op` → output."""
    kernel = np.arange(18, dtype=np.float32).reshape(3, 3, 1, 2) / 10
    bias = np.array([0.5, -0.5], dtype=np.float32)
    nodes = [
        {'name': 'x', 'op': 'Placeholder', 'attr': {'shape': {'shape': {'dim': [{'size': '-1'}, {'size': '4'}, {'size': '4'}, {'size': '1'}]}}}},
        {'name': 'k', 'op': 'Const'}, {'name': 'b', 'op': 'Const'},
        {'name': 'conv', 'op': '_FusedConv2D', 'input': ['x', 'k', 'b'],
         'attr': {'strides': {'list': {'i': ['1', '1', '1', '1']}}, 'padding': {'s': _b64('SAME')},
                  'fused_ops': {'list': {'s': [_b64('BiasAdd')]}}}},
        {'name': 'out', 'op': op, 'input': ['conv']},
    ]
    specs = [{'name': 'k', 'shape': [3, 3, 1, 2], 'dtype': 'float32'}, {'name': 'b', 'shape': [2], 'dtype': 'float32'}]
    if quantized:
        specs[0]['quantization'] = {'dtype': 'uint8', 'min': 0, 'scale': 1}
    data = kernel.tobytes() + bias.tobytes()
    with open(os.path.join(directory, 'w.bin'), 'wb') as handle:
        handle.write(data[:20] if truncate else data)
    path = os.path.join(directory, 'model.json')
    with open(path, 'w') as handle:
        json.dump({'format': 'graph-model', 'modelTopology': {'node': nodes},
                   'weightsManifest': [{'paths': ['w.bin'], 'weights': specs}]}, handle)
    return path


class TfjsGraphTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def test_same_padding_puts_the_extra_pixel_after_as_tensorflow_does(self):
        self.assertEqual(same_padding(64, 3, 2), (0, 1))
        self.assertEqual(same_padding(31, 3, 2), (1, 1))
        self.assertEqual(same_padding(32, 3, 1), (1, 1))
        self.assertEqual(same_padding(8, 1, 1), (0, 0))

    def test_a_conv_graph_runs_as_the_same_convolution_in_pytorch(self):
        net = load_graph_model(tiny_graph(self.dir))
        x = torch.arange(16, dtype=torch.float32).reshape(1, 1, 4, 4)
        kernel = torch.arange(18, dtype=torch.float32).reshape(3, 3, 1, 2).permute(3, 2, 0, 1) / 10
        expected = torch.relu(torch.nn.functional.conv2d(x, kernel, torch.tensor([0.5, -0.5]), padding=1))
        self.assertTrue(torch.allclose(net(x), expected))

    def test_written_weights_round_trip_and_trained_ones_are_written(self):
        source = tiny_graph(self.dir)
        net = load_graph_model(source)
        with torch.no_grad():
            for parameter in net.parameters():
                parameter.add_(1.0)
        out = os.path.join(self.dir, 'out')
        write_graph_model(net, source, out)
        _, written = read_weights(os.path.join(out, 'model.json'))
        _, original = read_weights(source)
        np.testing.assert_allclose(written['k'], original['k'] + 1)
        np.testing.assert_allclose(written['b'], original['b'] + 1)

    def test_unknown_ops_quantised_and_truncated_weights_are_refused_by_name(self):
        with self.assertRaisesRegex(GraphError, 'Sigmoid'):
            load_graph_model(tiny_graph(self.dir, op='Sigmoid'))
        with self.assertRaisesRegex(GraphError, 'k: quantised weights are not supported'):
            load_graph_model(tiny_graph(self.dir, quantized=True))
        with self.assertRaisesRegex(GraphError, 'weight files end before k'):
            load_graph_model(tiny_graph(self.dir, truncate=True))

    def test_the_resize_matches_tfjs_resize_bilinear_without_half_pixel_centres(self):
        matrix = tfjs_resize_matrix(48, 64)
        self.assertEqual(tuple(matrix.shape), (64, 48))
        self.assertTrue(torch.allclose(matrix.sum(1), torch.ones(64)))
        self.assertEqual(matrix[0, 0].item(), 1.0)  # output 0 reads input 0
        self.assertAlmostEqual(matrix[1, 0].item(), 0.25)  # output 1 reads input 0.75
        self.assertAlmostEqual(matrix[1, 1].item(), 0.75)
        self.assertEqual(matrix[63, 47].item(), 1.0)  # 63 × 0.75 = 47.25, clamped to the last pixel

    @unittest.skipUnless(os.path.exists(HUMAN_EMOTION), 'node_modules/@vladmandic/human is not installed (npm ci)')
    def test_human_emotion_written_unchanged_is_byte_identical(self):
        model = FineTunedGraph(HUMAN_EMOTION, graph_model_config(HUMAN_EMOTION)['input_size'])
        self.assertEqual(model.config['input_size'], 64)
        out = write_graph_model(model.net, HUMAN_EMOTION, self.dir)
        _, written = read_weights(out)
        _, original = read_weights(HUMAN_EMOTION)
        self.assertEqual(written.keys(), original.keys())
        for name, value in original.items():
            self.assertEqual(written[name].tobytes(), value.tobytes(), name)


if __name__ == '__main__':
    unittest.main()
