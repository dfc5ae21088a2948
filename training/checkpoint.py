"""Run-folder checkpoints: `last.pt` after every epoch (and on a clean stop mid-epoch) holds all a
resume needs; `best.pt` holds the best-scoring weights for export. Writes are atomic (temp file,
then rename) so a kill during a save never leaves a broken checkpoint."""

import os

import torch

LAST = 'last.pt'
BEST = 'best.pt'


def save_atomic(state: dict, path: str) -> None:
    temporary = path + '.tmp'
    torch.save(state, temporary)
    os.replace(temporary, path)


def load(path: str) -> dict:
    if not os.path.exists(path):
        raise FileNotFoundError(f'{path}: no checkpoint here')
    return torch.load(path, map_location='cpu')
