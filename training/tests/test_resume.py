"""A run stopped mid-epoch and resumed ends bit-identical to one that never stopped."""

import json
import os
import tempfile
import unittest

import numpy as np
import torch

import helpers  # noqa: F401
from checkpoint import BEST, LAST, load
from schedule import learning_rate
import train


def write_csv(path, count, seed):
    rng = np.random.default_rng(seed)
    rows = ['emotion,pixels,Usage']
    for i in range(count):
        label = i % 7
        image = np.clip(rng.normal(40 + 25 * label, 30, 48 * 48), 0, 255).astype(int)
        rows.append(f"{label},{' '.join(map(str, image))},{'Training' if i < count * 3 // 4 else 'PublicTest'}")
    with open(path, 'w') as handle:
        handle.write('\n'.join(rows) + '\n')


class ResumeTest(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.mkdtemp()
        self.csv = os.path.join(self.directory, 'fer2013.csv')
        write_csv(self.csv, 112, seed=1)
        train.CACHE_DIR = os.path.join(self.directory, 'cache')

    def run_args(self, run, *extra):
        return ['--train', self.csv, '--val', self.csv, '--run', run, '--epochs', '3', '--batch-size', '16',
                '--width', '4', '--stages', '2', *extra]

    def test_stop_mid_epoch_then_resume_equals_an_uninterrupted_run(self):
        straight = os.path.join(self.directory, 'straight')
        interrupted = os.path.join(self.directory, 'interrupted')
        self.assertEqual(train.main(self.run_args(straight)), 0)
        self.assertEqual(train.main(self.run_args(interrupted, '--max-steps', '7')), 0)  # 5 steps/epoch: stops in epoch 2
        stopped = load(os.path.join(interrupted, LAST))
        self.assertEqual((stopped['state']['epoch'], stopped['state']['position']['batch']), (1, 2))
        self.assertEqual(train.main(['--resume', interrupted]), 0)

        a, b = load(os.path.join(straight, LAST)), load(os.path.join(interrupted, LAST))
        self.assertEqual(a['state']['step'], 15)
        self.assertEqual(b['state']['step'], 15)
        for name, tensor in a['model'].items():
            self.assertTrue(torch.equal(tensor, b['model'][name]), name)
        self.assertEqual([h['val'] for h in a['state']['history']], [h['val'] for h in b['state']['history']])
        with open(os.path.join(interrupted, 'history.jsonl')) as handle:
            self.assertEqual([json.loads(line)['epoch'] for line in handle], [1, 2, 3])
        self.assertTrue(os.path.exists(os.path.join(interrupted, BEST)))

    def test_a_new_run_refuses_a_folder_that_holds_one(self):
        run = os.path.join(self.directory, 'once')
        train.main(self.run_args(run, '--max-steps', '1'))
        with self.assertRaisesRegex(train.DataError, '--resume'):
            train.main(self.run_args(run))


class ScheduleTest(unittest.TestCase):
    def test_warmup_then_cosine_to_the_floor(self):
        self.assertAlmostEqual(learning_rate(0, 0.1, 10, 110), 0.01)
        self.assertAlmostEqual(learning_rate(9, 0.1, 10, 110), 0.1)
        self.assertAlmostEqual(learning_rate(60, 0.1, 10, 110), 0.05)
        self.assertAlmostEqual(learning_rate(110, 0.1, 10, 110, min_ratio=0.1), 0.01)


if __name__ == '__main__':
    unittest.main()
