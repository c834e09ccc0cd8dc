"""Text folded for matching: lower case without accents, one character for one, so offsets are kept.

Its own module, free of spaCy, so that the dossier stage (text fingerprints) does not load the NLP model.
"""

import unicodedata

# Typeset papers print « Date d’émission » with a typographic apostrophe: one mark for all.
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'"})


class _FoldedCharacters(dict[int, str]):
    """Each character folded once, then looked up: `str.translate` folds a page in C."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = (unicodedata.normalize("NFKD", char)[0].lower() if char.strip() else char).translate(APOSTROPHES)
        self[code] = folded
        return folded


_FOLDED = _FoldedCharacters()


def fold(text: str) -> str:
    """Lower case without accents, one character for one, so offsets are kept."""
    return text.translate(_FOLDED)
