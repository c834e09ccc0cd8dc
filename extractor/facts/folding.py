"""Text folded for matching: lower case without accents, one character for one, so offsets are kept.

Its own module, free of spaCy, so that the dossier stage (text fingerprints) does not load the NLP model.
"""

import unicodedata


def fold(text: str) -> str:
    """Lower case without accents, one character for one, so offsets are kept."""
    return "".join(unicodedata.normalize("NFKD", c)[0].lower() if c.strip() else c for c in text)
