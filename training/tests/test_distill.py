"""training/distill.py: teachers read back from the tfjs files export_tfjs.py writes, and the
distillation loss."""

import json
import os
import shutil
import tempfile
import unittest

import torch

import helpers  # noqa: F401  (puts training/ on sys.path)
from distill import Teachers, distillation_loss, load_layers_model, load_teacher
from export_tfjs import export
from fer_data import DataError
from model import RautCnn
from tfjs_graph import GraphError


def _trained_looking(model: RautCnn) -> RautCnn:
    """Running statistics away from their defaults, so a loader that skipped buffers would show."""
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.5, 0.5)
                module.running_var.uniform_(0.5, 2.0)
    return model.eval()


class LayersTeacherTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.model = _trained_looking(RautCnn(width=4, stages=3, convs_per_stage=2))
        self.out = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.out)
        self.x = torch.rand(5, 1, 48, 48) * 2 - 1

    def test_reads_back_what_export_wrote(self):
        export(self.model, self.out)
        loaded = load_teacher(os.path.join(self.out, 'model.json'))
        with torch.no_grad():
            self.assertLess(float((loaded(self.x) - self.model(self.x)).abs().max()), 1e-5)
        self.assertFalse(any(p.requires_grad for p in loaded.parameters()))

    def test_reads_float16_weights(self):
        export(self.model, self.out, float16=True)
        loaded = load_layers_model(os.path.join(self.out, 'model.json'))
        with torch.no_grad():
            difference = float((torch.softmax(loaded(self.x), 1) - torch.softmax(self.model(self.x), 1)).abs().max())
        self.assertLess(difference, 1e-2)

    def test_refuses_a_model_it_did_not_write_and_truncated_weights(self):
        export(self.model, self.out)
        path = os.path.join(self.out, 'model.json')
        with open(path) as handle:
            content = json.load(handle)
        content['userDefinedMetadata'] = {}
        other = os.path.join(self.out, 'other.json')
        with open(other, 'w') as handle:
            json.dump(content, handle)
        with self.assertRaisesRegex(GraphError, 'not a RautCnn layers model'):
            load_layers_model(other)
        weights = os.path.join(self.out, content['weightsManifest'][0]['paths'][0])
        with open(weights, 'r+b') as handle:
            handle.truncate(100)
        with self.assertRaisesRegex(GraphError, 'runs past the end'):
            load_layers_model(path)


class DistillationLossTest(unittest.TestCase):
    def test_zero_when_the_student_matches_the_teachers_and_positive_otherwise(self):
        logits = torch.tensor([[2.0, 0.0, -1.0], [0.0, 1.0, 0.0]])
        soft = torch.softmax(logits / 2, dim=1)
        self.assertAlmostEqual(float(distillation_loss(logits, soft, 2.0)), 0.0, places=6)
        self.assertGreater(float(distillation_loss(-logits, soft, 2.0)), 0.1)

    def test_teachers_average_their_softened_probabilities(self):
        torch.manual_seed(1)
        out = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, out)
        paths = []
        for k in range(2):
            directory = os.path.join(out, str(k))
            export(_trained_looking(RautCnn(width=4, stages=2, convs_per_stage=1)), directory)
            paths.append(os.path.join(directory, 'model.json'))
        teachers = Teachers(paths, temperature=3.0)
        x = torch.rand(4, 1, 48, 48) * 2 - 1
        expected = sum(torch.softmax(model(x) / 3.0, 1) for model in teachers.models) / 2
        self.assertTrue(torch.allclose(teachers.soft_targets(x), expected))
        with self.assertRaisesRegex(DataError, 'temperature'):
            Teachers(paths, temperature=0)


if __name__ == '__main__':
    unittest.main()
