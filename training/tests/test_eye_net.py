"""training/eye_net.py: the measures it trains on agree with src/shared/gaze.ts's geometry, its data
reader splits by picture and survives a stopped run, and the exported net matches PyTorch's layout."""

import math
import os
import tempfile
import unittest

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

import helpers  # noqa: F401  (puts training/ on sys.path)
from eye_net import INPUT_SIZE, OUTPUTS, VAL_EVERY, EyeData, EyeNet, eye_measures, keras_layers, shrink_to_input


def eye(width=0.4, gap=0.3, iris=(0.0, 0.0), roll_deg=0.0, flip=False, centre=(0.5, 0.5)):
    """Nine points (corners, upper lid, lower lid, iris) of an eye in crop units, as gaze.test.ts draws one."""
    angle = math.radians(roll_deg)

    def place(u, v):
        return (centre[0] + u * math.cos(angle) - v * math.sin(angle), centre[1] + u * math.sin(angle) + v * math.cos(angle))

    half = width / 2
    corners = [place(-half, 0), place(half, 0)]
    if flip:
        corners.reverse()
    upper = [place(x * half, -gap * width / 2) for x in (-0.5, 0, 0.5)]
    lower = [place(x * half, gap * width / 2) for x in (-0.5, 0, 0.5)]
    points = corners + upper + lower + [place(iris[0] * half, iris[1] * half)]
    return torch.tensor([coordinate for point in points for coordinate in point], dtype=torch.float32)


class EyeMeasuresTest(unittest.TestCase):
    def test_openness_and_gaze_of_a_known_eye(self):
        openness, gaze_x, gaze_y = eye_measures(eye(gap=0.3, iris=(0.25, -0.1)).unsqueeze(0))[0].tolist()
        self.assertAlmostEqual(openness, 0.3, places=5)
        self.assertAlmostEqual(gaze_x, 0.25, places=5)
        self.assertAlmostEqual(gaze_y, -0.1, places=5)

    def test_roll_and_corner_order_do_not_change_them(self):
        base = eye_measures(eye(iris=(-0.2, 0.15)).unsqueeze(0))
        for variant in (eye(iris=(-0.2, 0.15), roll_deg=25), eye(iris=(-0.2, 0.15), flip=True)):
            self.assertTrue(torch.allclose(eye_measures(variant.unsqueeze(0)), base, atol=1e-5))


class EyeDataTest(unittest.TestCase):
    def write(self, folder, eyes, extra_gray_bytes=0):
        rng = np.random.default_rng(0)
        rng.integers(0, 256, eyes * INPUT_SIZE ** 2 + extra_gray_bytes, dtype=np.uint8).tofile(os.path.join(folder, 'gray.u8'))
        rng.random(eyes * OUTPUTS, dtype=np.float32).astype('<f4').tofile(os.path.join(folder, 'teacher.f32'))
        (np.arange(eyes) // 2).astype('<u4').tofile(os.path.join(folder, 'source.u32'))
        np.full(eyes, 40, dtype='<f4').tofile(os.path.join(folder, 'side.f32'))

    def test_splits_by_picture_and_cuts_a_half_written_eye(self):
        with tempfile.TemporaryDirectory() as folder:
            self.write(folder, 40, extra_gray_bytes=100)
            data = EyeData(folder)
            self.assertEqual(len(data.gray), 40)
            train, val = data.split()
            self.assertEqual(len(train) + len(val), 40)
            self.assertTrue(all(int(data.source[i]) % VAL_EVERY == 0 for i in val))
            self.assertFalse(set(data.source[train].tolist()) & set(data.source[val].tolist()))

    def test_missing_files_say_how_to_make_them(self):
        with tempfile.TemporaryDirectory() as folder:
            with self.assertRaisesRegex(FileNotFoundError, 'eye-net-data.ts'):
                EyeData(folder)


class EyeNetExportTest(unittest.TestCase):
    def test_flatten_then_dense_in_channels_last_order_gives_pytorchs_output(self):
        torch.manual_seed(0)
        model = EyeNet(widths=(3, 4, 5), hidden=6).eval()
        x = torch.randn(2, 1, INPUT_SIZE, INPUT_SIZE)
        with torch.no_grad():
            features = model.features(x)  # [n, c, h, w]
            layers = keras_layers(model)
        kernel = dict(layers[-2][2])['kernel']  # the first dense layer, [h·w·c, hidden]
        flattened_nhwc = features.permute(0, 2, 3, 1).reshape(2, -1)
        hidden = torch.relu(flattened_nhwc @ kernel + model.hidden.bias.detach())
        with torch.no_grad():
            expected = model(x)
        self.assertTrue(torch.allclose(hidden @ model.out.weight.detach().t() + model.out.bias.detach(), expected, atol=1e-5))
        self.assertEqual([c for c, _cfg, _w in layers[-3:]], ['Flatten', 'Dense', 'Dense'])

    def test_separable_layers_export_as_depthwise_then_one_by_one_and_give_pytorchs_output(self):
        for separable, depthwise_count in (('repeats', 3), ('all', 5)):
            with self.subTest(separable=separable):
                torch.manual_seed(1)
                model = EyeNet(widths=(3, 4, 5), hidden=6, separable=separable)
                with torch.no_grad():
                    for module in model.modules():
                        if isinstance(module, nn.BatchNorm2d):
                            module.running_mean.uniform_(-0.2, 0.2)
                            module.running_var.uniform_(0.5, 1.5)
                            module.weight.uniform_(0.5, 1.5)
                model.eval()
                x = torch.randn(2, 1, INPUT_SIZE, INPUT_SIZE)
                layers = keras_layers(model)
                classes = [c for c, _cfg, _w in layers]
                self.assertEqual(classes.count('DepthwiseConv2D'), depthwise_count)
                self.assertEqual(classes[0], 'Conv2D')
                self.assertNotIn('BatchNormalization', classes)
                with torch.no_grad():
                    self.assertTrue(torch.allclose(run_keras_layers(layers, x), model(x), atol=1e-5))

    def test_a_smaller_input_exports_its_side_and_gives_pytorchs_output(self):
        torch.manual_seed(2)
        model = EyeNet(widths=(3, 4, 5), hidden=6, input_size=24).eval()
        x = torch.randn(2, 1, 24, 24)
        layers = keras_layers(model)
        self.assertEqual(layers[0][1]['batch_input_shape'], [None, 24, 24, 1])
        self.assertEqual(model.hidden.in_features, 5 * 3 * 3)
        with torch.no_grad():
            self.assertTrue(torch.allclose(run_keras_layers(layers, x), model(x), atol=1e-5))
        with self.assertRaisesRegex(ValueError, 'multiple of 8'):
            EyeNet(input_size=20)


class ShrinkToInputTest(unittest.TestCase):
    def test_each_pixel_is_the_mean_of_the_window_it_covers(self):
        x = torch.arange(INPUT_SIZE * INPUT_SIZE, dtype=torch.float32).view(1, 1, INPUT_SIZE, INPUT_SIZE)
        small = shrink_to_input(x, 24)
        self.assertEqual(tuple(small.shape), (1, 1, 24, 24))
        for i, j in ((0, 0), (1, 2), (23, 23), (11, 5)):
            rows = range(math.floor(i * INPUT_SIZE / 24), math.ceil((i + 1) * INPUT_SIZE / 24))
            cols = range(math.floor(j * INPUT_SIZE / 24), math.ceil((j + 1) * INPUT_SIZE / 24))
            expected = sum(float(x[0, 0, r, c]) for r in rows for c in cols) / (len(rows) * len(cols))
            self.assertAlmostEqual(float(small[0, 0, i, j]), expected, places=3)

    def test_the_full_size_passes_through(self):
        x = torch.randn(3, 1, INPUT_SIZE, INPUT_SIZE)
        self.assertIs(shrink_to_input(x, INPUT_SIZE), x)


def run_keras_layers(layers: list, x: torch.Tensor) -> torch.Tensor:
    """The exported layers computed independently of the model: tfjs's channels-last layouts read back."""
    for class_name, config, weights in layers:
        w = dict(weights)
        if class_name in ('Conv2D', 'DepthwiseConv2D'):
            depthwise = class_name == 'DepthwiseConv2D'
            kernel = w['depthwise_kernel'].permute(2, 3, 0, 1) if depthwise else w['kernel'].permute(3, 2, 0, 1)
            x = F.conv2d(x, kernel, w.get('bias'), padding=kernel.shape[-1] // 2, groups=x.shape[1] if depthwise else 1)
            x = torch.relu(x) if config['activation'] == 'relu' else x
        elif class_name == 'MaxPooling2D':
            x = F.max_pool2d(x, 2)
        elif class_name == 'Flatten':
            x = x.permute(0, 2, 3, 1).flatten(1)
        elif class_name == 'Dense':
            x = x @ w['kernel'] + w['bias']
            x = torch.relu(x) if config['activation'] == 'relu' else x
        else:
            raise AssertionError(f'unexpected layer {class_name}')
    return x


if __name__ == '__main__':
    unittest.main()
