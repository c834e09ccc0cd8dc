"""Every template draws the facts its labels claim, in French, on real PDFs."""

import io
import random
import re
from datetime import date, timedelta

import pdfplumber
import pytest
from faker import Faker

from fixtures.frdates import DATE_STYLES, add_months, duration_text, fmt, month_end, month_name
from fixtures.people import make_ctx
from fixtures.scenarios import SCENARIOS, plan_dossier
from fixtures.sheet import Sheet
from fixtures.spec import Language, Oqtf, Spec
from fixtures.templates import REGISTRY
from fixtures.templates.common import fits
from models.document import DocType


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def shows_date(text: str, d: date) -> bool:
    t = norm(text)
    return any(norm(fmt(d, style)) in t for style in DATE_STYLES)


def shows_period(text: str, start: date, end: date) -> bool:
    """Both ends printed, or the whole month, school year or income year named."""
    t = norm(text)
    if shows_date(t, start) and shows_date(t, end):
        return True
    if start.day == 1 and end == month_end(start) and norm(month_name(start)) in t:
        return True
    if (start.month, start.day, end.month, end.day) == (9, 1, 8, 31):
        return f"{start.year}-{end.year}" in t or f"{start.year}/{end.year}" in t
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"revenus {start.year}" in t or f"revenus de l'année {start.year}" in t
    return False


def _ctx(seed: int, plan):
    rng = random.Random(seed)
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    return rng, make_ctx(rng, fake, plan.application_date, plan.presence_start, plan.employed_from)


def _draw(template, spec: Spec, seed: int, plan) -> tuple[Spec, bytes, list[str]]:
    rng, ctx = _ctx(seed, plan)
    sheet = Sheet(rng)
    printed = template(sheet, spec, ctx)
    pdf, texts = sheet.finish()
    return printed, pdf, texts


def _cases():
    """(template, spec, plan) for every template, from the plans of the scenarios."""
    found = {}
    for seed in range(30):
        for i in range(len(SCENARIOS)):
            plan = plan_dossier(random.Random(f"tpl/{seed}/{i}"), i)
            for spec in plan.specs:
                for t in REGISTRY[spec.doc_type]:
                    if fits(t, spec):
                        found.setdefault((spec.doc_type, t.__name__), (t, spec, plan))
    return found


CASES = _cases()


def test_every_type_has_enough_distinct_templates():
    assert set(REGISTRY) == {t.value for t in DocType}
    for doc_type, templates in REGISTRY.items():
        need = 3 if doc_type in ("payslip", "utility_bill", "medical", "oqtf_decision") else 2
        assert len(templates) >= need, doc_type
    drawn = {t for (_, t) in CASES}
    assert all(t.__name__ in drawn for ts in REGISTRY.values() for t in ts), "some template is never used"


@pytest.mark.parametrize("key", sorted(CASES), ids=lambda k: f"{k[0]}-{k[1]}")
def test_labelled_dates_are_printed(key):
    template, spec, plan = CASES[key]
    printed, pdf, texts = _draw(template, spec, 5, plan)
    truth = printed.truth()
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        layer = "\n".join(page.extract_text() or "" for page in doc.pages)
        assert len(doc.pages) == len(texts)
    for text in (layer, "\n".join(texts)):
        if truth.issue_date:
            assert shows_date(text, truth.issue_date), (key, truth.issue_date)
        if truth.period_start:
            assert shows_period(text, truth.period_start, truth.period_end), (key, truth.period_start)
        if truth.oqtf:
            assert shows_date(text, truth.oqtf.decision_date)
            if truth.oqtf.notification_date:
                assert shows_date(texts[-1], truth.oqtf.notification_date)
    drawn, read = norm(" ".join(texts)).split(), set(norm(layer).split())
    assert drawn and sum(w in read for w in drawn) / len(drawn) > 0.9  # the side file tells what is on the page


def _oqtf_spec(notice: str, ban: int | None, delay: str = "30") -> Spec:
    decided = date(2024, 3, 12)
    o = Oqtf(decided, decided + timedelta(days=6), notice, delay, ban, decided - timedelta(days=200))
    return Spec("oqtf_decision", decided, oqtf=o)


NOTIFIED = r"notifiée? (à l'intéressée? )?le|reçue? notification|reçue le"


@pytest.mark.parametrize("notice", ["stamp", "pv", "none"])
@pytest.mark.parametrize("house", range(3))
def test_oqtf_decisions_run_two_to_five_pages(notice, house):
    plan = plan_dossier(random.Random(1), 2)
    for seed in range(3):
        spec = _oqtf_spec(notice, [None, 24, 48][seed], ["30", "none", "30"][seed])
        printed, pdf, texts = _draw(REGISTRY["oqtf_decision"][house], spec, seed, plan)
        assert 2 <= len(texts) <= 5
        body = norm(" ".join(texts))
        assert "arrête" in body or "a r r e t e" in body
        assert "quitter le territoire français" in body
        truth = printed.truth()
        if notice == "none":
            assert truth.oqtf.notification_date is None
            assert not re.search(NOTIFIED, body)
        else:
            assert truth.oqtf.notification_date == spec.oqtf.notification
            assert re.search(NOTIFIED, norm(texts[-1]))
        if spec.oqtf.ban_months:
            assert truth.return_ban.duration_months == spec.oqtf.ban_months
            assert "interdiction de retour" in body
        else:
            assert truth.return_ban is None


@pytest.mark.parametrize("house", range(2))
@pytest.mark.parametrize("signed", [True, False])
def test_contract_holds_ink_only_when_signed(house, signed):
    plan = plan_dossier(random.Random(1), 0)
    spec = Spec("republican_contract", date(2025, 5, 20), signed=signed)
    printed, pdf, texts = _draw(REGISTRY["republican_contract"][house], spec, 3, plan)
    assert printed.truth().contract.signed is signed
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        text = " ".join(page.extract_text().split())  # the title may wrap, as wide fonts make it
        assert "Signature" in text and "principes de la République" in text
        assert bool(page.curves) is signed  # the scribble is made of Bézier curves


def test_language_level_is_the_overall_or_the_lowest_skill():
    skills = (("CO", "B2"), ("CE", "B1"), ("EO", "A2"), ("EE", "B1"))
    assert Language("TCF", None, skills, date(2024, 1, 1)).label_level == "A2"
    assert Language("TCF", "B1", skills, date(2024, 1, 1)).label_level == "B1"
    diploma = Spec("french_diploma", date(2022, 7, 1), diploma="CAP", event=date(2022, 6, 15))
    assert diploma.truth().language.kind.value == "french_diploma" and diploma.truth().language.level is None


def test_dates_are_written_the_french_ways():
    d = date(2021, 3, 1)
    assert {fmt(d, s) for s in DATE_STYLES} >= {"01/03/2021", "01.03.21", "1er mars 2021", "2021-03-01",
                                                "lundi 1er mars 2021"}
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    rng = random.Random(0)
    words = {duration_text(24, rng) for _ in range(60)}
    assert {"deux ans", "24 mois", "deux (2) ans"} <= words
    assert {duration_text(18, rng) for _ in range(40)} <= {"18 mois", "dix-huit mois", "dix-huit (18) mois"}


# -- layouts and wording taken from papers the team did not make (issue #16) ------------------------------

def _new(doc_type: str, name: str, seed: int, spec: Spec | None = None):
    template, planned, plan = CASES[(doc_type, name)]
    printed, pdf, texts = _draw(template, spec or planned, seed, plan)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        layer = "\n".join(page.extract_text() or "" for page in doc.pages)
    return printed, pdf, texts, layer


def test_bank_statement_dated_by_its_edition_under_the_title():
    for seed in range(4):
        printed, _, texts, layer = _new("bank_statement", "edition_statement", seed)
        start, end = printed.period
        lines = [norm(s) for s in texts[0].splitlines()]
        edited = next(i for i, s in enumerate(lines) if "dit" in s and fmt(printed.issue, "slash") in s)
        solde = [i for i, s in enumerate(lines) if s.startswith("solde au")]
        assert edited < solde[0] and len(solde) == 2  # in the header, above the balances
        assert f"solde au {fmt(start, 'slash')}" in lines[solde[0]] and fmt(end, "slash") in lines[solde[1]]
        assert re.search(rf"(période du {fmt(start, 'slash')}|du {fmt(start, 'long')}) au", norm(layer))
        assert printed.truth().issue_date == printed.issue and printed.truth().period_end == end


def test_letter_dated_on_the_right_of_its_reference_line():
    for seed in range(3):
        printed, _, _, layer = _new("ame_attestation", "two_column_letter", seed)
        d = printed.truth().issue_date
        (line,) = [s for s in layer.splitlines() if "Dossier suivi par" in s]
        assert line.endswith((f"Le {fmt(d, 'long')}", f"Le {fmt(d, 'slash')}"))
        assert norm(layer).count(norm(fmt(d, "long"))) + norm(layer).count(fmt(d, "slash")) == 1


def test_online_proof_says_when_it_was_generated():
    seen = set()
    for seed in range(8):
        printed, pdf, _, layer = _new("ame_attestation", "online_proof", seed)
        d = fmt(printed.truth().issue_date, "slash")
        if f"Ce justificatif a été créé le {d}" in layer:
            seen.add("sentence")
            continue
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            words = doc.pages[0].extract_words()
        head = next(w for w in words if w["text"] == "GÉNÉRÉ")
        cell = next(w for w in words if w["text"] == d)
        assert abs(cell["x0"] - head["x0"]) < 2 and cell["top"] > head["top"]  # the date in the cell below
        seen.add("cell")
    assert seen == {"sentence", "cell"}


@pytest.mark.parametrize("kind", ["TCF", "TCF_IRN", "TEF_IRN"])
@pytest.mark.parametrize("overall", [None, "B2"])
def test_result_sheet_levels_per_skill_then_global_dated_by_session(kind, overall):
    session = date(2024, 3, 9)
    skills = (("CO", "B1"), ("CE", "B1"), ("EO", "A2"), ("EE", "B1"))
    spec = Spec("language_certificate", session + timedelta(days=25), variant=kind,
                language=Language(kind, overall, skills, session))
    printed, _, _, layer = _new("language_certificate", "skill_sheet", 2, spec)
    truth, t = printed.truth(), norm(layer)
    assert truth.issue_date == session and not shows_date(t, spec.issue)
    level = overall or "A2"  # none printed overall: the sheet prints the lowest skill's
    assert truth.language.level == level and f"niveau cecrl global : {level.lower()}" in t
    assert t.count("niveau ") == 5 and "valables deux ans" in t
    if kind == "TCF_IRN":
        assert "pour l'intégration, la résidence et la nationalité" in t and "irn" not in t


def test_return_ban_decision_titled_with_its_number_and_length():
    for seed in range(4):
        printed, _, texts, layer = _new("return_ban", "numbered_title", seed)
        truth = printed.truth()
        assert truth.doc_type.value == "return_ban" and truth.oqtf is None
        assert truth.return_ban.duration_months == printed.ban_months
        title = next(s for s in layer.splitlines() if s.startswith("ARRÊTÉ N°"))
        assert "portant interdiction de retour sur le territoire français d'une durée de" in title
        quoted = rf"vu l'arrêté n° \S+ du ({re.escape(fmt(printed.event, 'slash'))}|{fmt(printed.event, 'long')})"
        # the drawn text: a justified line whose gaps are narrow reads glued in pdfplumber's layer
        assert re.search(quoted + " portant obligation de quitter le territoire français", norm(" ".join(texts)))


def test_police_record_opens_with_the_notification_date():
    plan = plan_dossier(random.Random(1), 2)
    spec = _oqtf_spec("pv", None)
    found = 0
    for seed in range(12):
        printed, _, texts = _draw(REGISTRY["oqtf_decision"][seed % 3], spec, seed, plan)
        last = norm(texts[-1])
        m = re.search(r"le (\d\d/\d\d/\d{4}) à \d{1,2} h \d\d, nous, .+?, (brigadier|gardien|officier).+? avons "
                      r"notifié à .+? l'arrêté n° \S+ en date du (\d\d/\d\d/\d{4})", last)
        if m:
            found += 1
            assert m.group(1) == fmt(spec.oqtf.notification, "slash") and m.group(3) == fmt(spec.issue, "slash")
            assert printed.truth().oqtf.notification_date == spec.oqtf.notification
    assert found >= 2


def test_signed_without_a_comma_and_paid_by_transfer():
    for seed in range(3):
        printed, _, _, layer = _new("rent_receipt", "receipt_form", seed)
        d = printed.truth().issue_date
        assert re.search(rf"Fait à [^,\n]+ le ({fmt(d, 'slash')}|{fmt(d, 'long')})", layer)
        printed, _, _, layer = _new("payslip", "transfer_dated", seed)
        assert f"Paiement par virement le {fmt(printed.truth().issue_date, 'slash')}" in layer
        assert not re.search(r"pay[ée] le|date de paiement", norm(layer))


def test_monospaced_payslip_in_capitals():
    printed, pdf, texts, layer = _new("payslip", "monospace", 1)
    start, end = printed.period
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert {c["fontname"].split("-")[0] for c in doc.pages[0].chars} == {"Courier"}
    assert texts[0] == texts[0].upper() and "B U L L E T I N  D E  P A I E" in texts[0]
    assert f"PERIODE DU {fmt(start, 'slash_short')} AU {fmt(end, 'slash_short')}" in texts[0]
    assert f"PAYE LE : {fmt(printed.issue, 'slash_short')}" in texts[0]


def test_rib_is_another_paper_without_date():
    printed, _, _, layer = _new("other", "rib", 0)
    truth = printed.truth()
    assert truth.doc_type.value == "other" and truth.issue_date is None and truth.period_start is None
    assert "IBAN : FR76" in layer and "BIC : " in layer and not re.search(r"\d\d[/.]\d\d[/.]\d\d", layer)


def test_a_set_of_forty_holds_several_of_each_new_layout():
    from fixtures.render import pick
    counts: dict[str, int] = {}
    for i in range(40):
        rng = random.Random(f"aes-fixtures/4242/{i}")
        for spec in plan_dossier(rng, i).specs:
            name = pick(rng, spec).__name__
            counts[name] = counts.get(name, 0) + 1
    for name in ["edition_statement", "two_column_letter", "online_proof", "skill_sheet", "numbered_title",
                 "receipt_form", "transfer_dated", "monospace", "rib"]:
        assert counts.get(name, 0) >= 2, name
