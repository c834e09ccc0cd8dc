import json
from datetime import date

import pytest
from pydantic import ValidationError

from criteria import common_law, language, oqtf, presence
from criteria.parameters import DEFAULT_PATH, ParameterError, load_parameters


def test_every_parameter_has_a_source_and_dated_values():
    params = load_parameters()
    for name, parameter in params.parameters.items():
        assert parameter.description and parameter.unit in ("year", "month", "day", "count", "flag"), name
        assert all(value.reference.strip() for value in parameter.values), name


def test_rules_only_ask_for_parameters_that_exist():
    names = set(load_parameters().parameters)
    for module in (presence, language, oqtf, common_law):
        assert set(module.PARAMETERS) <= names, module.__name__


def test_value_in_force_follows_the_dates():
    params = load_parameters()
    # L.731-1 1°: one year, then three years from the law of 26/01/2024 (in force 28/01/2024).
    assert params.value("oqtf.enforcement_months", date(2024, 1, 27)) == 12
    assert params.value("oqtf.enforcement_months", date(2024, 1, 28)) == 36
    # Seven years from the circular of 23/01/2025; the repealed Valls circular's five before it.
    assert params.value("presence.min_years", date(2025, 1, 22)) == 5
    assert params.value("presence.min_years", date(2025, 1, 23)) == 7
    # L.435-4 is experimental until 31/12/2026: its value is null afterwards.
    assert params.value("common_law.l435_4_payslip_months", date(2026, 12, 31)) == 12
    assert params.value("common_law.l435_4_payslip_months", date(2027, 1, 1)) is None
    assert "INTK2435521J" in params.at("presence.min_years", date(2025, 6, 1)).reference


def test_no_value_before_the_first_text_or_for_an_unknown_name():
    params = load_parameters()
    with pytest.raises(ParameterError, match="no value before 2024-01-28"):
        params.value("common_law.l435_4_payslip_months", date(2024, 1, 27))
    with pytest.raises(ParameterError, match="unknown"):
        params.value("presence.max_years", date(2025, 6, 1))


def test_used_lists_value_date_and_source():
    used = load_parameters().used(["presence.min_years"], date(2025, 6, 1))
    assert used == {"presence.min_years": {
        "value": 7, "since": "2025-01-23", "unit": "year",
        "reference": load_parameters().at("presence.min_years", date(2025, 6, 1)).reference,
    }}


@pytest.mark.parametrize("defect", [
    {"extra": 1},
    {"reference": ""},
    {"since": "2025-13-01"},
])
def test_loader_is_strict_about_values(tmp_path, defect):
    data = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["presence.min_years"]["values"][0].update(defect)
    path = tmp_path / "parameters.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError):
        load_parameters(path)


def test_loader_rejects_values_out_of_date_order(tmp_path):
    data = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["oqtf.enforcement_months"]["values"].reverse()
    path = tmp_path / "parameters.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError, match="increasing"):
        load_parameters(path)


def test_loader_rejects_unknown_unit(tmp_path):
    data = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["presence.min_years"]["unit"] = "décennie"
    path = tmp_path / "parameters.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError):
        load_parameters(path)
