"""PDFs of what people print (the report, the inventory, the request), made by Debian's Chromium through
Playwright: one browser for a whole batch, started at the first PDF; A4, page numbers, fonts embedded.

Chromium rather than WeasyPrint: on the sample dossiers it made the three PDFs 13 times faster (0.36 s
against 4.77 s a dossier, bench/pdf_outputs.py, README) and kept the timeline whole where WeasyPrint cut
it at the page's edge. Chromium offers no PDF/A profile. Nothing is fetched: the pages are self-contained
(inline CSS, images as data URIs), the browser is offline and every request is refused.
"""

from pathlib import Path
from types import TracebackType
from typing import Any

from models.errors import MissingDependency, PdfFailed

CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT_MS = 60_000
PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
  @bottom-center { content: "Page " counter(page) " / " counter(pages); font: 9pt "DejaVu Sans", sans-serif; } }
body { max-width: none; margin: 0; }
svg#timeline { width: 100%; height: auto; }
img { max-width: 100%; }
td { overflow-wrap: anywhere; }
"""
"""Added to every page printed: A4 and its numbers, and the report's wide parts fitted to the page."""


def printable(html: str) -> str:
    """The page with the print rules added last in its head, so they win over the screen's."""
    head_end = html.find("</head>")
    if head_end < 0:
        raise PdfFailed("La page à imprimer n'a pas d'en-tête HTML (<head>) : elle n'est pas une page d'aes.")
    return f"{html[:head_end]}<style>{PRINT_CSS}</style>{html[head_end:]}"


class PdfPrinter:
    """Makes PDFs from self-contained HTML pages; use it as a context manager, or call close()."""

    def __init__(self, chromium: Path = CHROMIUM) -> None:
        if not chromium.is_file():  # said before any work, not at the first dossier done
            raise MissingDependency(
                f"Chromium est introuvable ({chromium}) : il fait les PDF. Installez-le avec "
                "`apt-get install chromium`, ou passez `--no-pdf`."
            )
        self.chromium = chromium
        self._playwright: Any = None
        self._browser: Any = None
        self._page: Any = None

    def __enter__(self) -> "PdfPrinter":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def _open(self) -> Any:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=str(self.chromium))
        context = self._browser.new_context(offline=True, java_script_enabled=False)
        context.route("**/*", lambda route: route.abort())  # a page that names a URL gets nothing from it
        context.set_default_timeout(TIMEOUT_MS)
        return context.new_page()

    def pdf(self, html: str) -> bytes:
        from playwright.sync_api import Error as BrowserError

        try:
            if self._page is None:
                self._page = self._open()
            self._page.set_content(printable(html), wait_until="load")
            data: bytes = self._page.pdf(prefer_css_page_size=True, print_background=True)
        except BrowserError as error:
            self.close()  # a browser in an unknown state is not reused; the next PDF starts another
            raise PdfFailed(f"Chromium n'a pas pu faire le PDF : {error.message.splitlines()[0]}") from error
        return data

    def close(self) -> None:
        browser, playwright = self._browser, self._playwright
        self._page = self._browser = self._playwright = None
        if browser is not None:
            browser.close()
        if playwright is not None:
            playwright.stop()
