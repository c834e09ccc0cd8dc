"""The intake desk's papers: the inventory of received files and the request for missing pieces."""

import json
import random
import subprocess
import sys
from datetime import date
from typing import get_args

import pytest
from desk_support import asked_semesters, truth_uncovered_semesters
from dossier_factory import doc, dossier, payslip
from typer.testing import CliRunner

import criteria
from fixtures.scenarios import SCENARIOS, plan_dossier
from models.desk import Received, RequestEdit
from models.truth import TruthDossier
from models.vocabulary import RECEIVED_LABELS
from pipelines.cli import app
from pipelines.desk.inventory import ReceivedFile, build_inventory
from pipelines.desk.missing_pieces import build_request, edited
from pipelines.desk.render import inventory_text, render_inventory, render_request, request_text
from pipelines.evaluation.evaluate import dossier_from_truth

TODAY = date(2025, 7, 1)
GAP = next(i for i, s in enumerate(SCENARIOS) if s.gap)


def _assessed(d):
    return d.model_copy(update={"assessment": criteria.assess(d)})


def _planned(seed: int, index: int) -> TruthDossier:
    """A dossier as the fixture generator plans it, labelled as it would print it (no page drawn)."""
    plan = plan_dossier(random.Random(f"aes-fixtures/{seed}/{index}"), index)
    return TruthDossier(dossier_id=f"P{index:04d}", application_date=plan.application_date,
                        documents={f"doc{n:02d}.pdf": spec.truth() for n, spec in enumerate(plan.specs)})


@pytest.mark.parametrize("seed", range(8))
def test_every_uncovered_semester_of_a_planned_set_is_asked_for_and_no_covered_one(seed):
    gaps_seen = 0
    for index in range(len(SCENARIOS)):
        truth = _planned(seed, index)
        request = build_request(_assessed(dossier_from_truth(truth)), None, TODAY)
        expected = truth_uncovered_semesters(truth)
        assert asked_semesters(line.key for line in request.lines) == expected, (seed, index)
        gaps_seen += index == GAP and len(expected) >= 2
    assert gaps_seen == 1, "the scenario with a designed gap of 14 to 20 months leaves 2 semesters or more bare"


def test_the_semester_lines_say_which_months_and_why_in_plain_french():
    d = _assessed(dossier("2025-06-02", payslip("2022-03"), payslip("2023-02"), payslip("2025-05")))
    asked = build_request(d, None, TODAY).lines
    assert asked[0].code == "presence_before" and "Si vous étiez déjà en France avant le 01/03/2022" in asked[0].text
    assert "quittance de loyer" in asked[0].examples  # said once, on the first line about presence
    lines = [line for line in asked if line.code == "presence_semester"]
    assert [line.key for line in lines] == [
        "presence_semester:2022-S2", "presence_semester:2023-S2", "presence_semester:2024-S1",
        "presence_semester:2024-S2",
    ]
    assert lines[0].text == "Une preuve de votre présence en France pendant le second semestre 2022 " \
                            "(du 01/07/2022 au 31/12/2022)."
    assert lines[0].period == (date(2022, 7, 1), date(2022, 12, 31))
    assert not any(line.examples for line in lines)
    assert "second semestre 2022" in lines[0].reason and lines[0].criterion == "presence_duration"


def test_the_request_asks_for_the_contract_identity_notification_language_and_unreadable_files():
    d = _assessed(dossier(
        "2025-06-02", payslip("2025-01"), payslip("2025-04"),
        doc("oqtf.pdf", "oqtf_decision", issue="2023-02-01", decision="2023-02-01"),
        doc("tcf.pdf", "language_certificate", issue="2021-01-10", language=("TCF", "B1")),
        doc("contrat.pdf", "republican_contract", issue="2025-05-01", signed=False),
    ))
    inventory = build_inventory(d, [ReceivedFile("flou.jpg", "failed", "L'image est vide.")], TODAY)
    request = build_request(d, inventory, TODAY)
    codes = [line.code for line in request.lines if line.code != "presence_semester"]
    assert codes == ["presence_before", "contract_unsigned", "identity_missing", "oqtf_notification",
                     "language_expired", "unreadable_file"]
    by_code = {line.code: line for line in request.lines}
    assert "décision d'obligation de quitter le territoire du 01/02/2023" in by_code["oqtf_notification"].text
    assert "« flou.jpg »" in by_code["unreadable_file"].text
    text = request_text(request)
    for word in ("accepté", "refusé", "rejet", "favorable", "irrecevable"):
        assert word not in text.lower()
    signed = d.model_copy(update={"documents": (*d.documents[:-1], doc("c.pdf", "republican_contract", signed=True))})
    assert "contract_unsigned" not in [line.code for line in build_request(_assessed(signed), None, TODAY).lines]
    bare = _assessed(dossier("2025-06-02"))
    assert [line.code for line in build_request(bare, None, TODAY).lines] == [
        "presence_none", "contract_missing", "identity_missing", "language_missing"]


def test_the_inventory_lists_every_received_file_once_with_piles_copies_failures_and_leftovers():
    first = doc("pile.pdf#p1-2", "payslip", issue="2024-01-31", start="2024-01-01", end="2024-01-31")
    second = doc("pile.pdf#p3-3", "identity", issue="2019-05-02").model_copy(update={"pages": (3, 3)})
    copy = doc("copie.jpg", "payslip", issue="2024-01-31").model_copy(update={"duplicate_of": "pile.pdf#p1-2"})
    d = dossier("2025-06-02", first, second, copy)
    received = [ReceivedFile("copie.jpg", "ok"), ReceivedFile("flou.jpg", "failed", "L'image est vide."),
                ReceivedFile("pile.pdf", "ok"), ReceivedFile("Thumbs.db", "skipped", "fichier système")]
    inventory = build_inventory(d, received, TODAY)
    assert [(line.number, line.file, line.state) for line in inventory.lines] == [
        (1, "copie.jpg", "copy"), (2, "flou.jpg", "unreadable"), (3, "pile.pdf#p1-2", "read"),
        (4, "pile.pdf#p3-3", "read"), (5, "Thumbs.db", "not_a_document"),
    ]
    assert inventory.lines[2].first_date == date(2024, 1, 1) and inventory.lines[2].last_date == date(2024, 1, 31)
    text = inventory_text(inventory)
    assert "  1. Bulletin de salaire — 31/01/2024 — page 1 — copie.jpg — autre exemplaire de pile.pdf#p1-2" in text
    assert "  2. flou.jpg — illisible — à rescanner : L'image est vide." in text
    html = render_inventory(inventory)
    assert html.count('<tr class="line"') == 5 and "01/01/2024 – 31/01/2024" in html


def test_reviewers_edits_remove_change_and_add_lines_and_skip_lines_no_longer_asked():
    d = _assessed(dossier("2025-06-02", payslip("2022-03"), payslip("2023-02"), payslip("2025-05")))
    request = build_request(d, None, TODAY)
    edits = [
        RequestEdit(action="remove", key="presence_semester:2024-S1"),
        RequestEdit(action="change", key="identity_missing", text="Votre passeport en cours de validité."),
        RequestEdit(action="add", key="reviewer:1", text="Une attestation d'hébergement récente."),
        RequestEdit(action="change", key="presence_semester:2019-S1", text="sans objet"),
    ]
    lines = {line.key: line for line in edited(request, edits).lines}
    assert "presence_semester:2024-S1" not in lines and "presence_semester:2019-S1" not in lines
    assert lines["identity_missing"].text == "Votre passeport en cours de validité." and lines["identity_missing"].edited
    assert lines["reviewer:1"].code == "reviewer" and list(lines)[-1] == "reviewer:1"
    html = render_request(edited(request, edits))
    assert "Une attestation d&#39;hébergement récente." in html and "2024-S1" not in html


def test_aes_desk_prints_the_inventory_and_the_request_of_a_dossier_folder(tmp_path):
    d = _assessed(dossier("2025-06-02", payslip("2022-03"), payslip("2025-05"), dossier_id="A0007"))
    folder = tmp_path / "A0007"
    folder.mkdir()
    (folder / "dossier.json").write_text(d.to_json(), encoding="utf-8")
    received = [ReceivedFile("bulletin_2022-03.pdf", "ok"), ReceivedFile("bulletin_2025-05.pdf", "ok")]
    inventory = build_inventory(d, received, TODAY)
    (folder / "inventory.json").write_text(inventory.model_dump_json(), encoding="utf-8")
    done = CliRunner().invoke(app, ["desk", str(folder)])
    assert done.exit_code == 0, done.output
    assert "Bordereau des pièces reçues — dossier A0007" in done.output
    assert "  1. Bulletin de salaire — 01/03/2022 – 31/03/2022 — page 1 — bulletin_2022-03.pdf — reçue" in done.output
    assert "Demande de pièces complémentaires — dossier A0007" in done.output
    assert "pendant le second semestre 2022" in done.output and "premier semestre 2025" not in done.output
    (folder / "inventory.json").write_text(json.dumps({"dossier_id": "A0007"}), encoding="utf-8")
    assert "n'est pas un inventaire aes valide" in CliRunner().invoke(app, ["desk", str(folder)]).exception.message
    (folder / "inventory.json").unlink()
    missing = subprocess.run([sys.executable, "-m", "pipelines", "desk", str(folder)], capture_output=True, text=True)
    assert missing.returncode == 2 and "n'a pas de inventory.json" in missing.stderr


def test_every_state_of_a_received_file_has_its_french_words():
    assert set(RECEIVED_LABELS) == set(get_args(Received))
