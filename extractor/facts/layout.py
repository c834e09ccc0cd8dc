"""A page's words as searchable text, with the way back from a character span to boxes."""

from bisect import bisect_right
from dataclasses import dataclass

from models.evidence import BBox
from models.text import PageText, Word

COLUMN_GAP = 3.0
"""Word heights between two words of a line beyond which they stand in different columns: a letter's
« Dossier suivi par : … » on the left and its « Le 21 avril 2018 » on the right."""


def _space(left: Word, right: Word) -> str:
    """A tab between two columns of one line, a space between two words."""
    height = max(left.bbox[3] - left.bbox[1], right.bbox[3] - right.bbox[1], 1e-6)
    return "\t" if right.bbox[0] - left.bbox[2] > COLUMN_GAP * height else " "


@dataclass(frozen=True)
class PageLayout:
    """`text` is the page's lines joined by newlines, its columns by tabs; `starts[i]` is where word i
    begins in it."""

    page: PageText
    text: str
    words: tuple[Word, ...]
    starts: tuple[int, ...]

    @classmethod
    def of(cls, page: PageText) -> "PageLayout":
        ordered = sorted(page.words, key=lambda w: (w.line, w.bbox[0]))
        parts: list[str] = []
        starts: list[int] = []
        position = 0
        previous: Word | None = None
        for word in ordered:
            if previous is not None:
                parts.append("\n" if word.line != previous.line else _space(previous, word))
                position += 1
            starts.append(position)
            parts.append(word.text)
            position += len(word.text)
            previous = word
        return cls(page=page, text="".join(parts), words=tuple(ordered), starts=tuple(starts))

    def words_in(self, start: int, end: int) -> list[Word]:
        first = max(0, bisect_right(self.starts, start) - 1)
        last = bisect_right(self.starts, max(start, end - 1))
        return list(self.words[first:last])

    def bbox(self, start: int, end: int) -> BBox | None:
        words = self.words_in(start, end)
        if not words:
            return None
        return (
            min(w.bbox[0] for w in words),
            min(w.bbox[1] for w in words),
            max(w.bbox[2] for w in words),
            max(w.bbox[3] for w in words),
        )

    def confidence(self, start: int, end: int) -> float:
        words = self.words_in(start, end)
        return min((w.confidence for w in words), default=0.0)

    def line_of(self, position: int) -> str:
        begin = self.text.rfind("\n", 0, position) + 1
        end = self.text.find("\n", position)
        return self.text[begin : end if end >= 0 else len(self.text)]

    def top_of(self, start: int) -> float:
        """Relative height (0 top, 1 bottom) of the text at `start` on the page."""
        words = self.words_in(start, start + 1)
        return words[0].bbox[1] / self.page.height if words and self.page.height else 0.5
