"""The inventory receipt (« bordereau des pièces reçues »): every file received, once, with what it holds."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from criteria.facts import dated_fields
from models.desk import Inventory, InventoryLine
from models.document import DocumentRecord
from models.dossier import Dossier


@dataclass(frozen=True)
class ReceivedFile:
    """A file of the applicant's folder as the batch met it (a manifest line, named within the dossier)."""

    name: str
    status: Literal["ok", "failed", "skipped"]
    error: str | None = None




def _document_line(record: DocumentRecord) -> InventoryLine:
    days = sorted(fact.value for _, fact in dated_fields(record))
    return InventoryLine(
        number=1, file=record.file, doc_type=record.doc_type.value.value if record.doc_type else None,
        first_date=days[0] if days else None, last_date=days[-1] if len(days) > 1 and days[-1] != days[0] else None,
        pages=record.pages, state="copy" if record.duplicate_of else "read", copy_of=record.duplicate_of,
    )


def build_inventory(dossier: Dossier, received: Sequence[ReceivedFile], made_on: date) -> Inventory:
    """One line per document read (a pile gives one per part), in the order the files were received;
    a file that could not be read, or that is no document, one line saying so."""
    parts: dict[str, list[DocumentRecord]] = {}
    for record in dossier.documents:
        parts.setdefault(source_file_name(record.file), []).append(record)
    lines: list[InventoryLine] = []
    for item in received:
        if item.status == "ok" and item.name in parts:
            lines += [_document_line(record) for record in parts.pop(item.name)]
        else:
            state = "not_a_document" if item.status == "skipped" else "unreadable"
            lines.append(InventoryLine(number=1, file=item.name, state=state, note=item.error))
    for records in parts.values():  # read, yet not in the list given (a dossier rebuilt by hand)
        lines += [_document_line(record) for record in records]
    numbered = tuple(line.model_copy(update={"number": n}) for n, line in enumerate(lines, start=1))
    return Inventory(dossier_id=dossier.dossier_id, application_date=dossier.application_date, made_on=made_on,
                     lines=numbered)


def received_from(inventory: Inventory) -> list[ReceivedFile]:
    """The files an inventory was made from, to make it again from a corrected dossier (the review app)."""
    status = {"read": "ok", "copy": "ok", "unreadable": "failed", "not_a_document": "skipped"}
    files = {source_file_name(line.file): ReceivedFile(source_file_name(line.file), status[line.state], line.note)
             for line in inventory.lines}
    return list(files.values())


def source_file_name(name: str) -> str:
    """FILE for a pile's part FILE#pA-B; the name itself otherwise."""
    return name.rsplit("#p", 1)[0] if "#p" in name else name
