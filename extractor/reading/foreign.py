"""Is a page French? Its share of French function words against those of the languages an applicant's
papers are most often in, and, for OCR, whether Tesseract's French model made words of it at all.

A page in another language (a birth certificate in Spanish, a payslip in English) is read as well as
Tesseract's French model can, and a warning says so: a person must look, or get a translation.
"""

import re

from models.text import PageText

MIN_WORDS = 30
"""Fewer words than this say nothing reliable about a language."""
_FUNCTION_WORDS = {  # name: the words, one string each to keep the lists readable
    "French": "le la les de des du et à au aux en un une pour par sur est que qui dans ne pas ce cette il elle vous nous",
    "English": "a the of and to in is that for on with as by this be are from at or an it was your",
    "Spanish": "de la un el los las del y en que por con para una es se su al como lo más pero sus",
    "Portuguese": "de a um o os as do da dos das e em que por com para uma é se não ao na no",
    "Italian": "la un a in il lo gli della delle di e che per con una è non sono del nel alla",
    "German": "der die das und ist nicht mit von zu den dem ein eine für auf im sie",
}
_WORD = re.compile(r"^[^\W\d_]+$")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[a-zA-ZÀ-ÖØ-öø-ÿ]")  # Latin-1 letters, without × and ÷


def foreign_language(page: PageText) -> str | None:
    """The name of the language the page seems to be in when it is not French, else None."""
    texts = [w.text.lower().strip(".,;:()«»\"'") for w in page.words]
    letters = "".join(texts)
    if len(texts) < MIN_WORDS or not letters:
        return None
    # Counted by regular expressions, not character by character: this runs on every page.
    alphabetic = len(_LETTER.findall(letters))
    if alphabetic and len(_LATIN.findall(letters)) < 0.5 * alphabetic:
        return "a script other than the Latin alphabet"
    # Only the words one language has and French has not tell them apart ("de", "la", "que" are Spanish too).
    french = set(_FUNCTION_WORDS["French"].split())
    for name, words in _FUNCTION_WORDS.items():
        own = set(words.split())
        only_theirs, only_ours = own - french, french - own
        theirs = sum(t in only_theirs for t in texts) / len(texts)
        ours = sum(t in only_ours for t in texts) / len(texts)
        if name != "French" and theirs > 0.04 and theirs > 2 * ours:
            return name
    french_share = sum(t in french for t in texts) / len(texts)
    if page.reading == "ocr":
        # The French model makes garbage of a script it does not know: few words, little confidence.
        words = [w for w in page.words if _WORD.match(w.text)]
        if french_share < 0.01 and (len(words) < 0.5 * len(page.words) or sum(w.confidence for w in words) < 0.5 * len(words)):
            return "a language Tesseract's French model does not read"
    return None
