"""Papers as words laid out line by line, for extraction tests that need no rendering, and a text
several of them read."""

from models.text import PageText, Word

EDF_BILL = """
    EDF Votre facture
    du 17/09/2020
    Montant TTC à payer 171,24 €
    à payer avant le 02/10/2020
    Période de consommation du 10/08/2020 au 08/09/2020
    Consommation 609 kWh
"""
"""An electricity bill: dated under its title, a deadline, a consumption period."""


def laid_out(number: int, text: str, reading: str = "text_layer", misread: dict[str, str] | None = None) -> PageText:
    """A page whose lines sit 16 points apart; on an OCR reading, `misread` words are replaced by what
    the scan gave, with Tesseract's low confidence."""
    misread = misread or {}
    words = []
    for line, content in enumerate(text.strip().splitlines()):
        x = 50.0
        for token in content.split():
            seen = misread.get(token, token)
            confidence = 1.0 if reading == "text_layer" else 0.35 if token in misread else 0.93
            words.append(Word(text=seen, bbox=(x, 60 + 16 * line, x + 6 * len(seen), 72 + 16 * line),
                              confidence=confidence, line=line))
            x += 6 * len(seen) + 4
    return PageText(number=number, width=595, height=842, reading=reading, words=tuple(words))
