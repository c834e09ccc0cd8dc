"""The desk's papers of a dossier folder written by `aes process` (OUT/<dossier>): its inventory as kept,
and the request built from its dossier.json as it stands now (corrected by hand or not)."""

import contextlib
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from criteria import ParameterError, assess
from models.desk import Inventory, PieceRequest
from models.dossier import Dossier
from models.errors import NotADossierFolder
from pipelines.desk.missing_pieces import build_request

DOSSIER_JSON = "dossier.json"
INVENTORY_JSON = "inventory.json"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise NotADossierFolder(
            f"{path.parent} n'a pas de {path.name} : donnez le dossier d'un demandeur écrit par `aes process` "
            "(OUT/<dossier>), d'une version qui écrit l'inventaire ; sinon relancez `aes process` sur le lot."
        ) from None


def load_dossier(folder: Path) -> Dossier:
    try:
        dossier = Dossier.model_validate_json(_read(folder / DOSSIER_JSON))
    except ValidationError as error:
        raise NotADossierFolder(f"{folder / DOSSIER_JSON} n'est pas un dossier aes valide "
                                f"({error.error_count()} erreur(s)).") from None
    if dossier.assessment is None:
        # Where the circular's figures are not defined at that date, the request asks for what it can.
        with contextlib.suppress(ParameterError):
            dossier = dossier.model_copy(update={"assessment": assess(dossier)})
    return dossier


def load_inventory(folder: Path) -> Inventory:
    try:
        return Inventory.model_validate_json(_read(folder / INVENTORY_JSON))
    except ValidationError as error:
        raise NotADossierFolder(f"{folder / INVENTORY_JSON} n'est pas un inventaire aes valide "
                                f"({error.error_count()} erreur(s)).") from None


def desk_papers(folder: Path, made_on: date) -> tuple[Inventory, PieceRequest]:
    """The folder's inventory, and the request for missing pieces as of `made_on`."""
    inventory = load_inventory(folder)
    return inventory, build_request(load_dossier(folder), inventory, made_on)
