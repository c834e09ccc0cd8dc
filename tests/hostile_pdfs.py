"""Hostile PDFs made on the spot, for the tests and bench/page_cost.py: a page packed with dated text,
and a text layer whose characters are lone UTF-16 surrogates (as a Factur-X invoice's can be)."""

import zlib
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

# Mostly bare dates, as in a statement's rows: their role comes from the column headers, not the wording.
_DENSE_LINE = (
    "01/03/2023 VIR SEPA LOYER 450,00 17/01/2023 CB MONOPRIX 23,10 05/04/2023 PRLV EDF 61,00 "
    "Payé le 12 mars 2023 18/01/2023 RETRAIT DAB 40,00 28/02/2023 CB SNCF 12,50 "
)


def dense_page_pdf(path: Path, chars: int) -> Path:
    """One A4 page holding about `chars` characters of dated text in a small font, two columns with a
    header row above them (a bank statement's shape): each date asks for its column's header."""
    sheet = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    size = 2.2 if chars > 20_000 else 5.0
    sheet.setFont("Helvetica", size)
    per_line = int((width / 2 - 30) / (size * 0.5))
    text = (_DENSE_LINE * (chars // len(_DENSE_LINE) + 1))[:chars]
    lines = [text[i : i + per_line] for i in range(0, len(text), per_line)]
    sheet.drawString(20, height - 20, "Date d'opération")
    sheet.drawString(width / 2 + 10, height - 20, "Date de valeur")
    rows = int((height - 40) / (size * 1.15))
    for index, line in enumerate(lines):
        column, row = divmod(index, rows)
        x = 20 + (column % 2) * (width / 2 - 10)
        sheet.drawString(x, height - 20 - (row + 1) * size * 1.15, line)
    sheet.showPage()
    sheet.save()
    return path


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file of these objects (1 is the catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes) -> bytes:
    packed = zlib.compress(data)
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"


def surrogate_text_pdf(path: Path) -> Path:
    """An invoice page in French whose ToUnicode map gives the glyph « X » a lone high surrogate
    (D835) and « Y » a lone low one (DC00): PDFium hands each over as it is."""
    lines = [
        "FACTURE N 2024-118 Factur-X du 12/03/2024",
        "Prestation de conseil pour le client de la société X au titre du mois de février",
        "Date d'échéance le 11/04/2024 montant total à payer Y par virement sur le compte",
        "Le présent document est une facture électronique conforme à la norme en vigueur",
        "Les pénalités de retard sont exigibles de plein droit et une indemnité de recouvrement",
    ]
    content = b"BT /F1 11 Tf 14 TL 50 780 Td " + b" ".join(
        b"(" + line.encode("latin-1") + b") Tj T*" for line in lines
    ) + b" ET"
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Surrogates def "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def "
        b"1 begincodespacerange <00> <FF> endcodespacerange "
        b"2 beginbfchar <58> <D835> <59> <DC00> endbfchar "
        b"1 beginbfrange <20> <57> <0020> endbfrange "
        b"1 beginbfrange <5A> <FF> <005A> endbfrange "
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 6 0 R >>",
        _stream(cmap),
    ]
    path.write_bytes(_pdf(objects))
    return path
