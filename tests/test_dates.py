"""Date mentions and durations, including OCR damage; properties checked with hypothesis."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.facts.cues import find_cues, role_of
from extractor.facts.dates import find_dates
from extractor.facts.numbers import duration_months

MONTH_NAMES = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
               "novembre", "décembre"]
days = st.dates(min_value=date(1950, 1, 1), max_value=date(2069, 12, 31))


def _formats(value: date) -> list[str]:
    day = "1er" if value.day == 1 else str(value.day)
    return [
        value.strftime("%d/%m/%Y"),
        value.strftime("%d.%m.%Y"),
        value.strftime("%d-%m-%Y"),
        value.isoformat(),
        f"{day} {MONTH_NAMES[value.month - 1]} {value.year}",
        f"{value.day} {MONTH_NAMES[value.month - 1].upper()} {value.year}",
    ]


@settings(deadline=None)  # dateparser builds its French tables on first use
@given(days, st.sampled_from(["Fait à Lyon, le {}", "{}", "Date : {} .", "du {} au"]))
def test_every_written_form_of_a_date_is_found(value: date, frame: str) -> None:
    for written in _formats(value):
        found = find_dates(frame.format(written))
        assert [m.value for m in found] == [value], written


@given(st.dates(min_value=date(1970, 1, 1), max_value=date(2069, 12, 31)))
def test_two_digit_years_are_read_in_the_right_century(value: date) -> None:
    found = find_dates(f"le {value.strftime('%d.%m.%y')}")
    assert [m.value for m in found] == [value]


def test_ocr_damaged_digits_are_repaired() -> None:
    found = find_dates("Notifié le l2/O3/2O21")
    assert [(m.value, m.repaired) for m in found] == [(date(2021, 3, 12), True)]


def test_a_long_month_name_with_a_misread_letter_is_still_its_month() -> None:
    found = find_dates("Facture du 23 jauvier 2024, échéance le 3 septenbre 2024")
    assert [(m.value, m.repaired) for m in found] == [(date(2024, 1, 23), True), (date(2024, 9, 3), True)]
    # Not outside a date, nor in a short name that a letter makes another word.
    assert find_dates("M. Guillet 2021, le 12 mal 2021") == []


def test_a_month_alone_covers_the_whole_month() -> None:
    (mention,) = find_dates("Période : février 2024")
    assert (mention.granularity, mention.value, mention.last_day) == ("month", date(2024, 2, 1), date(2024, 2, 29))


def test_impossible_dates_are_not_dates() -> None:
    assert find_dates("31/02/2021 et 45/13/2020") == []


@given(st.integers(min_value=1, max_value=10))
def test_durations_in_years_become_months(years: int) -> None:
    words = ["un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"][years - 1]
    unit = "an" if years == 1 else "ans"
    assert duration_months(f"d'une durée de {words} {unit}") == 12 * years
    assert duration_months(f"pour une durée de {years} {unit}") == 12 * years
    assert duration_months(f"de {words} ({years}) {unit}") == 12 * years


@given(st.integers(min_value=1, max_value=120))
def test_durations_in_months(months: int) -> None:
    assert duration_months(f"pour une durée de {months} mois") == months


def test_durations_in_compound_words_and_never_dates() -> None:
    assert duration_months("interdiction de retour de dix-huit mois") == 18
    assert duration_months("d'une durée de vingt-quatre mois") == 24
    assert duration_months("d'une durée de quatre-vingt-seize mois") == 96  # was 40: words were added up
    assert duration_months("d'une durée de soixante-dix mois") == 70
    assert duration_months("d'une durée de trente et un mois") == 31
    assert find_dates("d'une durée de deux ans") == []


def _roles(text: str) -> list[tuple[str, str | None]]:
    """As the document index reads them: each date after the previous one, knowing where it ends."""
    cues, roles, floor = find_cues(text), [], 0
    for m in find_dates(text):
        roles.append((m.text, role_of(text, m.start, cues, floor, m.end)))
        floor = m.end
    return roles


def test_roles_come_from_the_wording_around_each_date() -> None:
    text = (
        "Vu la loi n° 2024-42 du 26 janvier 2024 pour contrôler l'immigration\n"
        "M. X, né le 03/01/1990 à Tunis\n"
        "Fait à Lyon, le 12 mars 2021\n"
        "Reçu notification le 15/03/2021\n"
        "Période du 01/03/2021 au 31/03/2021\n"
        "À payer avant le 20/04/2022\n"
        "Édité le 02/05/2022\n"
        "Marseille, le 4 avril 2022"
    )
    assert _roles(text) == [
        ("26 janvier 2024", "law"),
        ("03/01/1990", "birth"),
        ("12 mars 2021", "issue"),
        ("15/03/2021", "notification"),
        ("01/03/2021", "period_start"),
        ("31/03/2021", "period_end"),
        ("20/04/2022", "deadline"),
        ("02/05/2022", "print"),
        ("4 avril 2022", "issue"),
    ]


def test_roles_survive_lost_accents_from_ocr() -> None:
    assert _roles("Notifie le 15/03/2021\nEdite le 02/05/2022") == [("15/03/2021", "notification"), ("02/05/2022", "print")]


def test_ocr_splits_and_drops_of_separators_are_read() -> None:
    assert [m.value for m in find_dates("Date de paiement : 30.1 1.2024 Mode : virement")] == [date(2024, 11, 30)]
    assert [m.value for m in find_dates("Roubaix, le 09.03 2022")] == [date(2022, 3, 9)]
    assert [m.value for m in find_dates("période du Q1/08/2021 au 31/08/2021")] == [date(2021, 8, 1), date(2021, 8, 31)]
    assert [m.value for m in find_dates("Fait à Lyon, le $ juin 2016")] == [date(2016, 6, 5)]
    assert find_dates("Taux 0,00 1,20 6,90 2024") == []


def test_roles_from_ocr_damaged_and_broken_wording() -> None:
    text = (
        "Quittance établie te 02/08/2020 : nous reconnaissons avoir reçu le paiement\n"
        "Marseille, te 7 novembre 2020\n"
        "Mme X, née\n"
        "le 30 décembre 1992 à Sétif (Algérie)\n"
        "Date 11-01-2019 19:56\n"
        "Le 26 avril 2025, à Nanterre\n"
        "Néle) le : 18/05/1989\n"
        "Entré(e) le 20 avril 2020\n"
        "Payé le Ler novembre 2021 par virement\n"
        "Le 19/06/2022"
    )
    assert _roles(text) == [
        ("02/08/2020", "issue"),
        ("7 novembre 2020", "issue"),
        ("30 décembre 1992", "birth"),
        ("11-01-2019", "issue"),
        ("26 avril 2025", "issue"),
        ("18/05/1989", "birth"),
        ("20 avril 2020", "entry"),
        ("Ler novembre 2021", "issue"),
        ("19/06/2022", "issue"),
    ]


def test_no_cue_inside_a_hyphenated_word() -> None:
    # « au » of Port-au-Prince and « du » of Bouches-du-Rhône are no period's bounds.
    assert [c.role for c in find_cues("Né à Port-au-Prince, préfecture des Bouches-du-Rhône")] == []
    assert _roles("Bureau des Bouches-du-Rhône 12/05/2021") == [("12/05/2021", None)]
    assert _roles("Maintenu au-delà du 12/05/2021") == [("12/05/2021", "period_start")]
