"""A page's words as searchable text, with the way back from a character span to boxes."""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property

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

    @cached_property
    def lines(self) -> dict[int, tuple[Word, ...]]:
        """Each line's words, left to right, by line number: a date's neighbours without a pass over
        the page per date."""
        lines: dict[int, list[Word]] = {}
        for word in self.words:
            lines.setdefault(word.line, []).append(word)
        return {number: tuple(words) for number, words in lines.items()}

    def cells(self, number: int) -> list[tuple[Word, ...]]:
        """A line's words grouped into the columns its tabs separate in `text`."""
        cells: list[list[Word]] = []
        previous: Word | None = None
        for word in self.lines.get(number, ()):
            if previous is None or _space(previous, word) == "\t":
                cells.append([])
            cells[-1].append(word)
            previous = word
        return [tuple(cell) for cell in cells]

    @cached_property
    def _extents(self) -> tuple[list[float], list[tuple[float, float, int]], float]:
        """Lines by their top: the tops, (top, bottom, number) of each, and the tallest line's height."""
        extents = sorted(
            (min(w.bbox[1] for w in words), max(w.bbox[3] for w in words), number) for number, words in self.lines.items()
        )
        tallest = max((bottom - top for top, bottom, _ in extents), default=0.0)
        return [top for top, _, _ in extents], extents, tallest

    @property
    def tallest_line(self) -> float:
        return self._extents[2]

    def lines_across(self, top: float, bottom: float) -> list[int]:
        """Numbers of the lines whose height meets the band from `top` to `bottom`, in reading order."""
        tops, extents, tallest = self._extents
        window = extents[bisect_left(tops, top - tallest) : bisect_right(tops, bottom)]
        return sorted(number for line_top, line_bottom, number in window if line_bottom >= top and line_top <= bottom)

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
