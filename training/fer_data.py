"""Reads FER-2013 in either format users have: the CSV `fer2013.csv` (emotion,pixels,Usage) with a
split name, or the image-folder layout `<root>/<class>/*.jpg`. Both give uint8 faces [n, 48, 48] and
labels in Raut's order (fer_classes.EXPRESSIONS). Bad rows and undecodable files are skipped with a
warning naming them; input with no usable faces is an error."""

import csv
import hashlib
import os
import sys
from dataclasses import dataclass

import numpy as np

from fer_classes import EXPRESSIONS, label_of_folder
from preprocess import INPUT_SIZE

CSV_SPLITS = ('Training', 'PublicTest', 'PrivateTest')
IMAGE_SUFFIXES = ('.jpg', '.jpeg', '.png')


class DataError(Exception):
    """Input the readers cannot use; the message says what to fix."""


@dataclass
class FaceSet:
    images: np.ndarray  # uint8 [n, 48, 48]
    labels: np.ndarray  # int64 [n], index into EXPRESSIONS

    def class_counts(self) -> np.ndarray:
        return np.bincount(self.labels, minlength=len(EXPRESSIONS))


def _warn(message: str) -> None:
    print(f'warning: {message}', file=sys.stderr)


def read_csv(path: str, split: str, warn=_warn) -> FaceSet:
    if split not in CSV_SPLITS:
        raise DataError(f'--split must be one of {", ".join(CSV_SPLITS)} for a CSV, got "{split}"')
    images, labels = [], []
    with open(path, newline='') as handle:
        reader = csv.DictReader(handle)
        missing = {'emotion', 'pixels', 'Usage'} - set(reader.fieldnames or [])
        if missing:
            raise DataError(f'{path}: missing column(s) {", ".join(sorted(missing))}; expected emotion,pixels,Usage')
        for row_number, row in enumerate(reader, start=2):
            if row['Usage'] != split:
                continue
            try:
                label = int(row['emotion'])
                pixels = np.array(row['pixels'].split(), dtype=np.int64)
            except ValueError:
                warn(f'{path}:{row_number}: emotion or pixels is not numeric, row skipped')
                continue
            if not 0 <= label < len(EXPRESSIONS):
                warn(f'{path}:{row_number}: emotion {label} is not 0..6, row skipped')
                continue
            if pixels.size != INPUT_SIZE * INPUT_SIZE or pixels.min() < 0 or pixels.max() > 255:
                warn(f'{path}:{row_number}: expected {INPUT_SIZE * INPUT_SIZE} pixels in 0..255, row skipped')
                continue
            images.append(pixels.astype(np.uint8).reshape(INPUT_SIZE, INPUT_SIZE))
            labels.append(label)
    if not images:
        raise DataError(f'{path}: no usable rows with Usage = {split}')
    return FaceSet(np.stack(images), np.array(labels, dtype=np.int64))


def _decode_gray(path: str) -> np.ndarray:
    """Any image file → uint8 48×48 gray (bilinear resize when a copy is not 48×48)."""
    try:
        from PIL import Image
    except ImportError as error:
        raise DataError('reading image folders needs Pillow: apt-get install python3-pil') from error
    with Image.open(path) as image:
        gray = image.convert('L')
        if gray.size != (INPUT_SIZE, INPUT_SIZE):
            gray = gray.resize((INPUT_SIZE, INPUT_SIZE), Image.BILINEAR)
        return np.asarray(gray, dtype=np.uint8)


def read_folder(root: str, warn=_warn) -> FaceSet:
    if not os.path.isdir(root):
        raise DataError(f'{root}: not a directory')
    images, labels = [], []
    class_folders = 0
    for name in sorted(os.listdir(root)):
        directory = os.path.join(root, name)
        if not os.path.isdir(directory):
            continue
        label = label_of_folder(name)
        if label is None:
            warn(f'{directory}: not a class name, ignored')
            continue
        class_folders += 1
        for file_name in sorted(os.listdir(directory)):
            if not file_name.lower().endswith(IMAGE_SUFFIXES):
                continue
            file_path = os.path.join(directory, file_name)
            try:
                images.append(_decode_gray(file_path))
            except DataError:
                raise
            except Exception as error:  # a broken file must not stop a 30 000-image read
                warn(f'{file_path}: cannot decode ({error}), skipped')
                continue
            labels.append(label)
    if class_folders == 0:
        raise DataError(f'{root}: no class subfolders; expected folders named {", ".join(EXPRESSIONS)} holding .jpg files')
    if not images:
        raise DataError(f'{root}: class folders hold no readable images')
    return FaceSet(np.stack(images), np.array(labels, dtype=np.int64))


def _cache_file(cache_dir: str, path: str, split) -> str:
    stat = os.stat(path)
    key = f'{os.path.abspath(path)}|{split}|{stat.st_mtime_ns}|{stat.st_size}'
    return os.path.join(cache_dir, hashlib.sha1(key.encode()).hexdigest()[:16] + '.npz')


def load_faces(path: str, split=None, cache_dir=None, warn=_warn) -> FaceSet:
    """A CSV (needs `split`) or an image folder; decoded faces are cached in `cache_dir` when given."""
    if not os.path.exists(path):
        raise DataError(f'{path}: no such file or directory')
    is_csv = os.path.isfile(path)
    if is_csv and split is None:
        raise DataError(f'{path} is a CSV: give --split {"|".join(CSV_SPLITS)}')
    cached = _cache_file(cache_dir, path, split) if cache_dir else None
    if cached and os.path.exists(cached):
        with np.load(cached) as data:
            return FaceSet(data['images'], data['labels'])
    faces = read_csv(path, split, warn) if is_csv else read_folder(path, warn)
    if cached:
        os.makedirs(cache_dir, exist_ok=True)
        np.savez(cached + '.tmp.npz', images=faces.images, labels=faces.labels)
        os.replace(cached + '.tmp.npz', cached)
    return faces
