"""Facts from how French papers are worded: each case is a layout of real phrasing, read as a text layer."""

from datetime import date

from extractor.extract import extract
from models.document import DocType, LanguageKind
from models.text import DocumentText, PageText, Word


def _document(*pages: str) -> DocumentText:
    built = []
    for number, text in enumerate(pages, start=1):
        words = []
        for line, content in enumerate(text.strip().splitlines()):
            x = 50.0
            for token in content.split():
                width = 6.0 * len(token)
                words.append(Word(text=token, bbox=(x, 60 + 16 * line, x + width, 72 + 16 * line), confidence=1.0, line=line))
                x += width + 4
        built.append(PageText(number=number, width=595, height=842, reading="text_layer", words=tuple(words)))
    return DocumentText(file="doc.pdf", sha256="0" * 64, kind="pdf", pages=tuple(built))


def test_a_payslip_is_dated_by_its_payment_and_covers_its_month() -> None:
    record = extract(_document("""
        BULLETIN DE PAIE
        Période du 01/11/24 au 30/11/24
        Agent de sécurité - Ancienneté depuis le 21/10/23
        Date de naissance : 09/05/89
        Salaire de base 1 443,69
        NET A PAYER 1 128,83 €
        Payé le : 02/12/24
    """))
    assert record.doc_type.value == DocType.payslip
    assert (record.issue_date.value, record.period_start.value, record.period_end.value) == (
        date(2024, 12, 2), date(2024, 11, 1), date(2024, 11, 30))


def test_a_bill_dated_under_its_title_with_a_deadline_and_a_consumption_period() -> None:
    record = extract(_document("""
        EDF Votre facture
        du 17/09/2020
        Montant TTC à payer 171,24 €
        à payer avant le 02/10/2020
        Période de consommation du 10/08/2020 au 08/09/2020
        Consommation 609 kWh
    """))
    assert record.doc_type.value == DocType.utility_bill
    assert record.issue_date.value == date(2020, 9, 17)
    assert (record.period_start.value, record.period_end.value) == (date(2020, 8, 10), date(2020, 9, 8))


def test_a_statement_for_a_month_covers_the_month_and_has_no_issue_date() -> None:
    record = extract(_document("""
        Société Générale
        Extrait de compte - août 2021
        Date Opération Débit Crédit
        03/08/2021 PRLV SEPA FREE MOBILE 17,78
        15/08/2021 VIR SEPA RECU SALAIRE 119,94
    """))
    assert record.doc_type.value == DocType.bank_statement
    assert record.issue_date is None
    assert (record.period_start.value, record.period_end.value) == (date(2021, 8, 1), date(2021, 8, 31))


def test_a_hospital_stay_is_the_period_and_the_release_paper_its_date() -> None:
    record = extract(_document("""
        CENTRE HOSPITALIER DE MONTPELLIER
        BULLETIN D'HOSPITALISATION
        Date de naissance : 13/06/1991
        Date d'entrée : 30/08/2025
        Date de sortie : 08/09/2025
        Délivré le 10/09/2025
    """))
    assert record.doc_type.value == DocType.medical
    assert record.issue_date.value == date(2025, 9, 10)
    assert (record.period_start.value, record.period_end.value) == (date(2025, 8, 30), date(2025, 9, 8))


def test_an_oqtf_decision_signature_notification_and_ban_over_pages() -> None:
    record = extract(_document(
        """
        PRÉFECTURE DU NORD
        ARRÊTÉ portant obligation de quitter le territoire français
        Vu la loi n° 2024-42 du 26 janvier 2024 pour contrôler l'immigration
        Considérant que M. X, né le 03/01/1990, est entré en France le 12 mai 2015
        """,
        """
        ARRÊTE
        Article 2 : M. X est obligé de quitter le territoire français dans un délai de trente jours.
        Article 4 : une interdiction de retour sur le territoire français d'une durée de trois (3) ans
        Fait à Lille, le 12 mars 2021
        """,
        """
        PROCÈS-VERBAL DE NOTIFICATION
        L'intéressé a reçu notification le 15/03/2021 de l'arrêté du 12 mars 2021
        """,
    ))
    assert record.doc_type.value == DocType.oqtf_decision
    assert record.oqtf.decision_date.value == date(2021, 3, 12)
    assert record.oqtf.notification_date.value == date(2021, 3, 15)
    assert record.return_ban.duration_months.value == 36
    assert record.pages == (1, 3)


def test_a_language_certificate_without_an_overall_level_takes_the_lowest_skill() -> None:
    record = extract(_document("""
        France Éducation international
        TCF IRN - Test de connaissance du français
        Attestation de résultats
        Compréhension orale B1
        Compréhension écrite B2
        Expression orale A2
        Expression écrite B1
        Délivré le 29/01/2024
    """))
    assert record.doc_type.value == DocType.language_certificate
    assert record.language.kind.value == LanguageKind.TCF_IRN
    assert record.language.level.value == "A2"
    assert record.issue_date.value == date(2024, 1, 29)


def test_every_fact_box_holds_the_words_it_was_read_from() -> None:
    document = _document("""
        QUITTANCE DE LOYER
        Mois de septembre 2019
        Quittance établie le 02/09/2019
    """)
    record = extract(document)
    words = document.pages[0].words
    for fact in (record.doc_type, record.issue_date, record.period_start):
        x0, y0, x1, y1 = fact.provenance.bbox
        inside = [w.text for w in words if w.bbox[0] >= x0 and w.bbox[2] <= x1 and w.bbox[1] >= y0 and w.bbox[3] <= y1]
        assert " ".join(inside) == fact.provenance.text


def test_a_judgment_read_as_an_oqtf_decision_yields_the_quoted_decision() -> None:
    record = extract(_document("""
        TRIBUNAL ADMINISTRATIF DE LILLE
        AU NOM DU PEUPLE FRANÇAIS
        Vu la requête enregistrée le 2 avril 2021, M. X demande l'annulation de l'arrêté du 12 mars 2021
        par lequel le préfet du Nord l'a obligé à quitter le territoire français, arrêté qui lui a été
        notifié le 15 mars 2021, et lui a interdit le retour pour une durée de deux ans.
        Lu en audience publique le 3 juin 2021.
    """), doc_type=DocType.oqtf_decision)
    assert record.doc_type.value == DocType.oqtf_decision and record.doc_type.reviewed
    assert record.oqtf.decision_date.value == date(2021, 3, 12)
    assert record.oqtf.notification_date.value == date(2021, 3, 15)
    assert record.return_ban.duration_months.value == 24
