"""A page in another language is noticed, a French page is not (text logic: words as a reading gives them)."""

import pytest

from extractor.reading.foreign import foreign_language
from models.text import PageText, Word

FRENCH = (
    "Je soussigné, propriétaire du logement situé au 12 rue de la Paix à Lyon, déclare avoir reçu de "
    "Monsieur Kamal Ahmed la somme de 760 euros au titre du loyer et des charges pour la période du mois "
    "de mars, et lui en donne quittance sous réserve de tous mes droits."
)
ENGLISH = (
    "The LinnSequencer is a state of the art composition and performance tool for the professional "
    "musician. It records what you play on any MIDI keyboard and plays it back with the sounds of your "
    "choice, and it is easy to use from the first day."
)
SPANISH = (
    "El solicitante declara que los datos de la presente solicitud son ciertos y que se compromete a "
    "comunicar a la autoridad competente cualquier cambio en su situación personal, como lo exige la ley "
    "para todos los extranjeros residentes en el país por más de un año."
)
ARABIC = " ".join(["الجمهورية", "التونسية", "وزارة", "الداخلية", "بطاقة", "التعريف", "الوطنية"] * 6)


def _page(text: str, reading: str = "text_layer", confidence: float = 1.0) -> PageText:
    words = tuple(
        Word(text=t, bbox=(10.0 * i, 10.0, 10.0 * i + 8, 18.0), confidence=confidence) for i, t in enumerate(text.split())
    )
    return PageText(number=1, width=595, height=842, reading=reading, words=words)


@pytest.mark.parametrize(("text", "expected"), [(ENGLISH, "English"), (SPANISH, "Spanish")])
def test_a_page_in_another_latin_language_is_named(text: str, expected: str) -> None:
    assert foreign_language(_page(text)) == expected


def test_a_french_page_raises_nothing() -> None:
    assert foreign_language(_page(FRENCH)) is None
    assert foreign_language(_page(FRENCH, reading="ocr", confidence=0.9)) is None


def test_another_script_is_noticed() -> None:
    assert "Latin" in (foreign_language(_page(ARABIC)) or "")


def test_garbage_from_the_french_model_is_noticed() -> None:
    garbage = " ".join(["’Y", "\\&", "l|'", "=)", "«a", "Ÿ", "#7", ";:"] * 5)
    assert foreign_language(_page(garbage, reading="ocr", confidence=0.3)) is not None


def test_a_short_page_says_nothing() -> None:
    assert foreign_language(_page("The total is 12 euros")) is None
