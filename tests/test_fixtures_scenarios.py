"""Dossier plans exercise every criterion: presence lengths, holes, OQTF windows, contract, language."""

import random
from datetime import timedelta

import pytest

from fixtures.scenarios import MAX_DOCS, MIN_DOCS, SCENARIOS, largest_gap, plan_dossier
from fixtures.spec import Spec

SEEDS = range(15)


def plans(name: str):
    index = next(i for i, s in enumerate(SCENARIOS) if s.name == name)
    return [plan_dossier(random.Random(f"sc/{seed}"), index) for seed in SEEDS]


def years(plan) -> float:
    return (plan.application_date - plan.presence_start).days / 365.25


def of(plan, doc_type: str) -> list[Spec]:
    return [s for s in plan.specs if s.doc_type == doc_type]


@pytest.mark.parametrize("index", range(len(SCENARIOS)))
def test_plans_are_modest_dated_and_in_2025_2026(index):
    for seed in SEEDS:
        plan = plan_dossier(random.Random(f"all/{seed}"), index)
        assert MIN_DOCS <= len(plan.specs) <= MAX_DOCS
        assert 2025 <= plan.application_date.year <= 2026
        for spec in plan.specs:
            if spec.issue and spec.doc_type != "republican_contract":
                assert spec.issue < plan.application_date, spec
            if spec.period:
                assert spec.period[0] <= spec.period[1]
        gap = largest_gap(plan.specs, plan.presence_start, plan.application_date)
        if SCENARIOS[index].gap:
            assert gap[1] - gap[0] > timedelta(days=366)
        else:
            assert gap[1] - gap[0] < timedelta(days=366), (plan.scenario, gap)


def test_presence_lengths_span_short_about_seven_and_long():
    assert all(years(p) > 10 for p in plans("long_presence_signed"))
    assert all(years(p) < 7 for p in plans("short_presence_unsigned"))
    assert all(6.8 < years(p) < 7.2 for p in plans("about_seven_years_no_contract"))


def test_oqtf_windows_bans_and_notifications():
    for p in plans("oqtf_in_window_new_elements"):
        (o,) = [s.oqtf for s in of(p, "oqtf_decision")]
        assert p.application_date - o.notification < timedelta(days=3 * 365)
        assert any(s.issue > o.decision for s in of(p, "language_certificate") + of(p, "employment"))
    for p in plans("oqtf_out_of_window"):
        (o,) = [s.oqtf for s in of(p, "oqtf_decision")]
        assert p.application_date - o.notification > timedelta(days=3 * 365 + 1)
    for p in plans("two_oqtfs_long_ban"):
        assert len(of(p, "oqtf_decision")) == 2
        assert of(p, "return_ban")[0].ban_months > 36
    for p in plans("oqtf_unnotified_no_new_elements"):
        (spec,) = of(p, "oqtf_decision")
        assert spec.truth().oqtf.notification_date is None
        late = [s for s in p.specs if s.doc_type in ("employment", "payslip", "language_certificate",
                                                     "french_diploma") and s.issue > spec.oqtf.decision]
        assert not late


def test_contract_and_language_cases():
    assert all(of(p, "republican_contract")[0].signed for p in plans("long_presence_signed"))
    assert all(not of(p, "republican_contract")[0].signed for p in plans("short_presence_unsigned"))
    assert all(not of(p, "republican_contract") for p in plans("about_seven_years_no_contract"))
    assert all(of(p, "french_diploma") for p in plans("about_seven_years_no_contract"))
    for p in plans("gap_expired_tcf"):
        (tcf,) = of(p, "language_certificate")
        assert tcf.language.kind == "TCF"
        assert p.application_date - tcf.language.session > timedelta(days=2 * 365)
    assert all(not of(p, "language_certificate") and not of(p, "french_diploma")
               for p in plans("short_presence_unsigned"))


def test_another_seed_another_dossier():
    a, b = (plan_dossier(random.Random(f"aes-fixtures/{seed}/0"), 0) for seed in (1, 2))
    assert (a.application_date, a.presence_start) != (b.application_date, b.presence_start)
