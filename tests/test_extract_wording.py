"""Facts from how French papers are worded: each case is a layout of real phrasing, read as a text layer."""

from datetime import date

from paper_texts import EDF_BILL, laid_out

from extractor.facts.extract import extract
from models.document import DocType, LanguageKind
from models.text import DocumentText, PageText, Word


def _document(*pages: str) -> DocumentText:
    built = tuple(laid_out(number, text) for number, text in enumerate(pages, start=1))
    return DocumentText(file="doc.pdf", sha256="0" * 64, kind="pdf", pages=built)


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
    record = extract(_document(EDF_BILL))
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


def test_a_money_transfer_receipt_naming_a_country_of_destination_is_no_removal_decision() -> None:
    record = extract(_document("""
        WESTERN UNION
        Reçu d'envoi
        Date 03-02-2022 11:05
        Pays de destination Sénégal
        Montant envoyé 150,00 €
        Frais 9,90 €
    """))
    assert record.doc_type.value == DocType.other
    assert record.issue_date.value == date(2022, 2, 3)


def test_a_return_ban_of_its_own_quoting_its_oqtf_is_a_return_ban_with_its_duration() -> None:
    record = extract(_document("""
        PRÉFECTURE DU RHÔNE
        Arrêté n° 69-2022-411
        Arrêté portant interdiction de retour sur le territoire français
        Vu l'arrêté du 2 mai 2022 portant obligation de quitter le territoire français ;
        Considérant que M. X fait l'objet d'une obligation de quitter le territoire français ;
        Considérant qu'il réside en France depuis cinq ans ;
        Article 1er : Il est fait interdiction à M. X de revenir sur le territoire français
        pendant trois ans à compter de l'exécution de l'obligation de quitter le territoire.
        Fait à Lyon, le 2 mai 2022
    """))
    assert record.doc_type.value == DocType.return_ban
    assert record.return_ban.duration_months.value == 36
    assert record.oqtf is None


def test_a_transport_discount_granted_to_an_ame_holder_is_a_transport_pass() -> None:
    record = extract(_document("""
        Tisséo
        Attestation de droits à la réduction tarifaire
        Vous bénéficiez, en tant que bénéficiaire de l'aide médicale de l'État (AME), d'une réduction sur vos trajets
        valable du 01/10/2023 au 30/09/2024.
        Toulouse, le 25/09/2023
    """))
    assert record.doc_type.value == DocType.transport_pass
    assert (record.period_start.value, record.period_end.value) == (date(2023, 10, 1), date(2024, 9, 30))


def test_an_election_of_domicile_covers_from_its_start_to_its_end_said_on_the_next_line() -> None:
    record = extract(_document("""
        Secours Catholique - Attestation d'élection de domicile
        L'intéressé est domicilié dans nos locaux depuis le 3 février 2021. Cette domiciliation est valable
        jusqu'au 2 février 2022.
        Fait à Créteil, le 3 février 2021
    """))
    assert record.doc_type.value == DocType.domiciliation
    assert (record.period_start.value, record.period_end.value) == (date(2021, 2, 3), date(2022, 2, 2))


def test_a_sign_off_with_the_place_after_the_date_dates_the_contract() -> None:
    record = extract(_document("""
        Contrat d'engagement à respecter les principes de la République
        Je m'engage à respecter la liberté, l'égalité entre les femmes et les hommes et la laïcité.
        Le 12 septembre 2025, à Bobigny
        Signature
    """))
    assert record.doc_type.value == DocType.republican_contract
    assert record.issue_date.value == date(2025, 9, 12)


def test_a_notification_stamp_read_date_first_still_notifies() -> None:
    record = extract(_document("""
        PRÉFECTURE DE LA GIRONDE
        Arrêté portant obligation de quitter le territoire français
        Article 1er : M. X est obligé de quitter le territoire français.
        Fait à Bordeaux, le 04/04/2023
        11/04/2023
        Notifié le
    """))
    assert record.oqtf.decision_date.value == date(2023, 4, 4)
    assert record.oqtf.notification_date.value == date(2023, 4, 11)


def test_a_dilf_spelled_out_is_a_language_certificate_not_a_french_diploma() -> None:
    record = extract(_document("""
        RÉPUBLIQUE FRANÇAISE - Ministère de l'Éducation nationale
        Diplôme initial de langue française
        Le diplôme est délivré à Mme X qui a subi avec succès les épreuves de la session de mars 2021.
        Niveau A1.1
    """))
    assert record.doc_type.value == DocType.language_certificate
    assert record.language.kind.value == LanguageKind.DILF


def test_a_form_read_labels_first_then_values_dates_the_paper_by_the_label_on_its_row() -> None:
    # Tesseract reads a tax notice's label column, then its value column: each date's label is to its left.
    labels = ("Numéro fiscal", "Date d'établissement", "Date de mise en recouvrement")
    values = ("1657640812152", "22/07/2018", "24/07/2018")
    words, line = [], 0
    for text in ("DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES", "AVIS DE NON-IMPOSITION 2018"):
        words += [Word(text=t, bbox=(60 + 60 * i, 60 + 16 * line, 110 + 60 * i, 70 + 16 * line), confidence=0.95, line=line)
                  for i, t in enumerate(text.split())]
        line += 1
    for column, texts in ((60, labels), (254, values)):
        for row, text in enumerate(texts):
            y = 300 + 14 * row + (-6 if column == 254 else 0)  # a photo's tilt lifts the values a little
            words += [Word(text=t, bbox=(column + 45 * i, y, column + 45 * i + 40, y + 8), confidence=0.9, line=line)
                      for i, t in enumerate(text.split())]
            line += 1
    page = PageText(number=1, width=595, height=842, reading="ocr", words=tuple(words))
    record = extract(DocumentText(file="avis.jpg", sha256="0" * 64, kind="image", pages=(page,)))
    assert record.doc_type.value == DocType.tax_notice
    assert record.issue_date.value == date(2018, 7, 22)


def test_an_ame_card_whose_title_ocr_cut_short_and_a_pass_named_after_its_network() -> None:
    card = extract(_document("""
        CARTE D'ADMISSION À L'AIDE MÉDICALE DE L
        Né le 02/07/1992 à Sétif (Algérie)
        Valable du 14/09/2022 au 13/09/2023
        Elle doit être présentée avec une pièce d'identité à chaque consultation, à l'hôpital et en pharmacie.
    """))
    assert card.doc_type.value == DocType.ame_attestation
    assert (card.period_start.value, card.period_end.value) == (date(2022, 9, 14), date(2023, 9, 13))
    pass_ = extract(_document("""
        Astuce Mobilités
        Attestation d'abonnement
        Nous certifions que M. X, titulaire de la carte n° 4233582734, a souscrit un abonnement
        annuel valable du 1er septembre 2019 au 31 août 2020.
    """))
    assert pass_.doc_type.value == DocType.transport_pass


def test_what_a_removal_decision_says_beyond_the_fields_is_a_warning() -> None:
    record = extract(_document("""
        PRÉFECTURE DE POLICE
        Arrêté portant obligation de quitter le territoire français sans délai
        Considérant que l'intéressé a été condamné à une interdiction du territoire français de cinq ans ;
        Article 1er : M. X est obligé de quitter le territoire français sans délai.
        Article 2 : M. X est assigné à résidence dans le département de Paris.
        Fait à Paris, le 4 février 2022
    """))
    assert record.doc_type.value == DocType.oqtf_decision
    warnings = " ".join(record.warnings)
    assert "sans délai de départ volontaire" in warnings and "(ITF)" in warnings and "Assignation à résidence" in warnings
    payslip = extract(_document("""
        BULLETIN DE PAIE
        Période du 01/11/24 au 30/11/24
        NET A PAYER 1 128,83 €
    """))
    assert payslip.warnings == ()


def test_a_level_read_with_a_letter_for_its_digit_and_words_that_only_look_like_levels() -> None:
    ocr = extract(_document("""
        ATTESTATION DE RÉSULTATS
        Test de connaissance du français - TCF tout public
        Niveau global : BI
    """))
    assert ocr.language.level.value == "B1"
    prose = extract(_document("""
        ATTESTATION DE RÉSULTATS
        Test de connaissance du français - TCF tout public
        Le niveau de celle-ci est indiqué au verso.
    """))
    assert prose.language.level is None
