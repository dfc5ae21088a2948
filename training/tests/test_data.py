"""training/fer_data.py reads both FER-2013 formats into Raut's class order."""

import os
import tempfile
import unittest

import numpy as np

import helpers  # noqa: F401
from fer_classes import EXPRESSIONS
from fer_data import DataError, load_faces, read_csv, read_folder


def pixels(value):
    return ' '.join([str(value)] * 48 * 48)


class CsvReaderTest(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.mkdtemp()
        self.path = os.path.join(self.directory, 'fer2013.csv')
        rows = ['emotion,pixels,Usage', f'0,{pixels(10)},Training', f'6,{pixels(20)},Training',
                f'3,{pixels(30)},PublicTest', '2,1 2 3,Training', f'9,{pixels(5)},Training', f'x,{pixels(5)},Training']
        with open(self.path, 'w') as handle:
            handle.write('\n'.join(rows) + '\n')

    def test_reads_the_requested_split_and_skips_bad_rows_with_a_warning_naming_them(self):
        warnings = []
        faces = read_csv(self.path, 'Training', warnings.append)
        self.assertEqual(faces.labels.tolist(), [0, 6])
        self.assertEqual(faces.images.shape, (2, 48, 48))
        self.assertEqual(faces.images.dtype, np.uint8)
        self.assertEqual(int(faces.images[1, 5, 5]), 20)
        self.assertEqual(len(warnings), 3)
        self.assertTrue(all('fer2013.csv:' in w for w in warnings))
        self.assertEqual(read_csv(self.path, 'PublicTest', warnings.append).labels.tolist(), [3])

    def test_a_csv_without_split_or_with_wrong_columns_is_a_clear_error(self):
        with self.assertRaisesRegex(DataError, '--split'):
            load_faces(self.path)
        with self.assertRaisesRegex(DataError, 'one of Training'):
            read_csv(self.path, 'Test')
        bad = os.path.join(self.directory, 'bad.csv')
        with open(bad, 'w') as handle:
            handle.write('label,pixels\n0,1\n')
        with self.assertRaisesRegex(DataError, 'missing column'):
            read_csv(bad, 'Training')


class FolderReaderTest(unittest.TestCase):
    def test_maps_folder_names_and_aliases_to_fer_order(self):
        from PIL import Image
        root = tempfile.mkdtemp()
        for name, value in (('neutral', 40), ('fearful', 50), ('angry', 60), ('notes', 0)):
            os.makedirs(os.path.join(root, name))
            if name != 'notes':
                Image.fromarray(np.full((48, 48), value, np.uint8)).save(os.path.join(root, name, 'a.png'))
        with open(os.path.join(root, 'angry', 'broken.jpg'), 'wb') as handle:
            handle.write(b'not a jpeg')
        warnings = []
        faces = read_folder(root, warnings.append)
        self.assertEqual(sorted(faces.labels.tolist()),
                         sorted([EXPRESSIONS.index('neutral'), EXPRESSIONS.index('fear'), EXPRESSIONS.index('angry')]))
        self.assertEqual(int(faces.images[faces.labels.tolist().index(EXPRESSIONS.index('fear'))][0, 0]), 50)
        self.assertTrue(any('broken.jpg' in w for w in warnings))
        self.assertTrue(any('notes' in w and 'not a class' in w for w in warnings))

    def test_a_folder_without_class_folders_is_a_clear_error(self):
        with self.assertRaisesRegex(DataError, 'no class subfolders'):
            read_folder(tempfile.mkdtemp())


if __name__ == '__main__':
    unittest.main()
