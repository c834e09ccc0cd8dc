"""A 2D-DOC's bytes in, its header, message fields and signature out (ANTS « Spécifications techniques
des codes à barres 2D-Doc »; identifiers and document types in extractor/data/two_d_doc/fields.json).

Two encodings:
- C40 (marker `DC`): a text header of 22, 24 or 26 characters (versions 02, 03, 04), dates as four
  hexadecimal digits counting days from 1 January 2000 (`FFFF`: none); then the message, each
  field an identifier of two characters and its value, a variable-length value ended by <GS> unless
  it fills its maximum; then <US> and the signature, in Base32 or as raw bytes (Base 256 in the
  DataMatrix), and an optional annex after <GS>. The signed data are header and message.
- Binary (first byte 0xDC): the 19-byte header of ICAO Doc 9303 part 13's visible digital seals,
  which the 2D-DOC's binary perimeters take up (country and authority+certificate ids packed three
  characters to two bytes, dates as MMDDYYYY in three bytes, the type in one byte, the perimeter in
  two); then fields as tag, length, value, the tag written as the two hexadecimal digits of the
  identifier; then tag 0xFF, length and the raw signature. The signed data are everything before it.
"""

import base64
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from models.two_d_doc import TwoDDocField, TwoDDocHeader

GS, RS, US = "\x1d", "\x1e", "\x1f"
EPOCH = date(2000, 1, 1)
SIGNATURE_TAG = 0xFF
_C40_HEADER_LENGTH = {2: 22, 3: 24, 4: 26}
_BASE32 = re.compile(r"[A-Z2-7]+=*")
_DATA = Path(__file__).resolve().parent.parent / "data" / "two_d_doc" / "fields.json"


class UnreadableTwoDDoc(ValueError):
    """The bytes are not a 2D-DOC this parser understands."""


@dataclass(frozen=True)
class FieldSpec:
    label: str
    min: int
    max: int  # -1: no maximum
    format: str


@dataclass(frozen=True)
class DocumentTypeSpec:
    label: str
    presence: bool
    doc_types: tuple[str, ...] = ()
    """The project's types a paper bearing such a code can be, the likeliest first."""


@dataclass(frozen=True)
class ParsedTwoDDoc:
    header: TwoDDocHeader
    fields: tuple[TwoDDocField, ...]
    signed: bytes
    signature: bytes


@cache
def field_specs() -> dict[str, FieldSpec]:
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    return {fid: FieldSpec(**spec) for fid, spec in data["fields"].items()}


@cache
def document_types() -> dict[str, DocumentTypeSpec]:
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    return {code: DocumentTypeSpec(spec["label"], spec["presence"], tuple(spec["doc_types"]))
            for code, spec in data["document_types"].items()}


def hex_days(text: str) -> date | None:
    if text.upper() == "FFFF":
        return None
    try:
        return EPOCH + timedelta(days=int(text, 16))
    except ValueError as error:
        raise UnreadableTwoDDoc(f"not a date: {text!r}") from error


def _day(value: str, fmt: str) -> date | None:
    try:
        if fmt == "hexdate" and len(value) == 4:
            return hex_days(value)
        if fmt == "ddmmyyyy" and len(value) == 8 and value.isdigit():
            return date(int(value[4:]), int(value[2:4]), int(value[:2]))
    except (ValueError, UnreadableTwoDDoc):
        return None
    return None


def make_field(field_id: str, value: str) -> TwoDDocField:
    spec = field_specs().get(field_id)
    if spec is None:
        return TwoDDocField(id=field_id, label="", value=value)
    return TwoDDocField(id=field_id, label=spec.label, value=value, day=_day(value, spec.format))


def _c40_fields(message: str) -> tuple[TwoDDocField, ...]:
    fields, i = [], 0
    while i < len(message):
        if message[i] in (GS, RS):
            i += 1
            continue
        field_id = message[i:i + 2]
        if len(field_id) < 2 or not re.fullmatch(r"[0-9A-Z]{2}", field_id):
            raise UnreadableTwoDDoc(f"not a data identifier at {i}")
        i += 2
        spec = field_specs().get(field_id)
        if spec is not None and spec.min == spec.max > 0:
            value, i = message[i:i + spec.min], i + spec.min
        else:
            end = len(message) if spec is None or spec.max < 0 else min(len(message), i + spec.max)
            stop = next((j for j in range(i, end) if message[j] in (GS, RS)), end)
            value, i = message[i:stop], stop
        fields.append(make_field(field_id, value))
    return tuple(fields)


def _signature_bytes(tail: str) -> bytes:
    """After <US>: Base32 text (then maybe <GS> and an annex), or the raw signature bytes."""
    run = _BASE32.match(tail)
    if run and (run.end() == len(tail) or tail[run.end()] == GS) and run.end() >= 16:
        text = run.group(0).rstrip("=")
        return base64.b32decode(text + "=" * (-len(text) % 8))
    return tail.encode("latin-1")


def _parse_c40(content: str) -> ParsedTwoDDoc:
    if not content[2:4].isdigit() or int(content[2:4]) not in _C40_HEADER_LENGTH:
        raise UnreadableTwoDDoc(f"unknown version {content[2:4]!r}")
    version = int(content[2:4])
    length = _C40_HEADER_LENGTH[version]
    if len(content) < length or US not in content:
        raise UnreadableTwoDDoc("header or signature missing")
    header = TwoDDocHeader(
        encoding="c40", version=version, authority=content[4:8], certificate=content[8:12],
        issue_date=hex_days(content[12:16]), signature_date=hex_days(content[16:20]), doc_type=content[20:22],
        perimeter=content[22:24] if version >= 3 else "01", country=content[24:26] if version >= 4 else "FR",
    )
    signed, tail = content.split(US, 1)
    return ParsedTwoDDoc(header, _c40_fields(signed[length:]), signed.encode("latin-1"), _signature_bytes(tail))


# C40 as ICAO packs it: space 3, digits 4-13, letters 14-39; three characters in two bytes.
_C40_CHARS = "   " + " 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def c40_unpack(data: bytes) -> str:
    out, i = [], 0
    while i + 1 < len(data):
        if data[i] == 0xFE:
            out.append(chr(data[i + 1] - 1))
        else:
            value = data[i] * 256 + data[i + 1] - 1
            for code in (value // 1600, value // 40 % 40, value % 40):
                if code >= 3:
                    out.append(_C40_CHARS[code])
        i += 2
    return "".join(out)


def c40_pack(text: str) -> bytes:
    out = bytearray()
    for i in range(0, len(text), 3):
        chunk = text[i:i + 3]
        if len(chunk) == 1:
            out += bytes([0xFE, ord(chunk) + 1])
            continue
        codes = [_C40_CHARS.index(c, 3) for c in chunk] + [0] * (3 - len(chunk))
        value = 1600 * codes[0] + 40 * codes[1] + codes[2] + 1
        out += value.to_bytes(2, "big")
    return bytes(out)


def _mmddyyyy(data: bytes) -> date | None:
    value = int.from_bytes(data, "big")
    try:
        return date(value % 10000, value // 1000000, value // 10000 % 100)
    except ValueError:
        return None


def _length(data: bytes, i: int) -> tuple[int, int]:
    """A BER length at i: (length, index after it)."""
    first = data[i]
    if first < 0x80:
        return first, i + 1
    size = first & 0x7F
    return int.from_bytes(data[i + 1:i + 1 + size], "big"), i + 1 + size


def _parse_binary(data: bytes) -> ParsedTwoDDoc:
    if len(data) < 21:
        raise UnreadableTwoDDoc("binary header too short")
    ids = c40_unpack(data[4:10])
    header = TwoDDocHeader(
        encoding="binary", version=data[1], authority=ids[:4], certificate=ids[4:8],
        issue_date=_mmddyyyy(data[10:13]), signature_date=_mmddyyyy(data[13:16]), doc_type=f"{data[16]:02X}",
        perimeter=f"{int.from_bytes(data[17:19], 'big'):02d}", country=c40_unpack(data[2:4]).strip(),
    )
    fields, i = [], 19
    while i < len(data) and data[i] != SIGNATURE_TAG:
        length, start = _length(data, i + 1)
        if start + length > len(data):
            raise UnreadableTwoDDoc("a field runs past the end")
        fields.append(make_field(f"{data[i]:02X}", data[start:start + length].decode("latin-1")))
        i = start + length
    if i >= len(data):
        raise UnreadableTwoDDoc("signature missing")
    length, start = _length(data, i + 1)
    return ParsedTwoDDoc(header, tuple(fields), data[:i], data[start:start + length])


def marked_two_d_doc(content: str) -> bool:
    """Starts as a 2D-DOC does; other DataMatrix codes (a postage stamp's, a parcel's) are none of ours."""
    return content.startswith("DC") or content[:1] == "\xdc"


def parse_two_d_doc(content: str) -> ParsedTwoDDoc:
    """`content`: the barcode's bytes as Latin-1 characters. Raises UnreadableTwoDDoc."""
    try:
        if content.startswith("DC"):
            return _parse_c40(content)
        if content[:1] == "\xdc":
            return _parse_binary(content.encode("latin-1"))
    except (IndexError, ValueError) as error:
        raise UnreadableTwoDDoc(str(error)) from error
    raise UnreadableTwoDDoc("no 2D-DOC marker")
