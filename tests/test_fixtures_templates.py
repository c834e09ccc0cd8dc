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
