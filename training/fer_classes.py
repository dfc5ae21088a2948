"""Raut's expression classes in FER-2013 label order (mirrors src/shared/taxonomy.ts) and the
folder names users' FER-2013 copies use (mirrors scripts/eval/folder-reader.ts)."""

EXPRESSIONS = ('angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral')

FOLDER_ALIASES = {
    'angry': 'angry',
    'disgust': 'disgust',
    'disgusted': 'disgust',
    'fear': 'fear',
    'fearful': 'fear',
    'happy': 'happy',
    'sad': 'sad',
    'surprise': 'surprise',
    'surprised': 'surprise',
    'neutral': 'neutral',
}


def label_of_folder(name: str):
    """FER label index of a class folder name, or None when the name is not a class."""
    expression = FOLDER_ALIASES.get(name.lower())
    return None if expression is None else EXPRESSIONS.index(expression)
