"""training/interpolate.py: the weight interpolation between an original graph and its fine-tune,
and its refusal of a checkpoint that is not a fine-tuned graph."""

import os
import tempfile
import unittest

import torch

import helpers  # noqa: F401  (puts training/ on sys.path)
from fer_data import DataError
from interpolate import interpolated, main


class InterpolateTest(unittest.TestCase):
    def test_alpha_blends_every_weight(self):
        original = {'w': torch.tensor([0.0, 2.0]), 'b': torch.tensor([4.0])}
        tuned = {'w': torch.tensor([1.0, 0.0]), 'b': torch.tensor([8.0])}
        self.assertTrue(torch.equal(interpolated(original, tuned, 0.0)['w'], original['w']))
        self.assertTrue(torch.equal(interpolated(original, tuned, 1.0)['b'], tuned['b']))
        blended = interpolated(original, tuned, 0.25)
        self.assertTrue(torch.allclose(blended['w'], torch.tensor([0.25, 1.5])))
        self.assertTrue(torch.allclose(blended['b'], torch.tensor([5.0])))

    def test_refuses_a_checkpoint_trained_from_scratch(self):
        with tempfile.TemporaryDirectory() as directory:
            checkpoint = os.path.join(directory, 'best.pt')
            torch.save({'model': {}, 'model_config': {'width': 8, 'stages': 2}}, checkpoint)
            with self.assertRaisesRegex(DataError, 'not a fine-tuned graph'):
                main([checkpoint, '--val', directory, '--out', os.path.join(directory, 'out.pt')])
            self.assertFalse(os.path.exists(os.path.join(directory, 'out.pt')))


if __name__ == '__main__':
    unittest.main()
