"""Facts from papers laid out and worded by other hands than the project's generator: the classes of
failure seen on an independent labelled set and on real documents, each as a small page of words."""

from datetime import date

from paper_texts import laid_out

from extractor.facts.extract import extract
from extractor.facts.mentions import DocumentIndex
from models.document import DocType, LanguageKind
from models.text import DocumentText, PageText, Word


def _document(*pages: PageText) -> DocumentText:
    return DocumentText(file="doc.pdf", sha256="0" * 64, kind="pdf", pages=pages)


def _with_right_column(page: PageText, line: int, text: str, x: float = 400.0) -> PageText:
    """The page with `text` printed far to the right on line `line` (a letter's date opposite its reference)."""
    top = 60 + 16 * line
    words = [
        Word(text=token, bbox=(x + 40 * i, top, x + 40 * i + 6 * len(token), top + 12), confidence=1.0, line=line)
        for i, token in enumerate(text.split())
    ]
    return page.model_copy(update={"words": page.words + tuple(words)})


def test_a_letter_dated_in_its_right_column_opposite_its_reference() -> None:
    page = _with_right_column(laid_out(1, """
        l'Assurance Maladie
        Caisse primaire des Hauts-de-Seine
        Dossier suivi par : Service AME
        ATTESTATION DE DROITS à l'aide médicale de l'État (AME)
        Date de naissance 22/01/1984
        Ses droits sont ouverts du 29/03/2018 au 28/03/2019 inclus.
    """), line=2, text="Le 21 avril 2018")
    record = extract(_document(page))
    assert record.doc_type.value == DocType.ame_attestation
    assert record.issue_date.value == date(2018, 4, 21)
    assert (record.period_start.value, record.period_end.value) == (date(2018, 3, 29), date(2019, 3, 28))


def test_a_statement_is_dated_by_the_edition_under_its_title_not_by_its_balances() -> None:
    record = extract(_document(laid_out(1, """
        RELEVÉ DE COMPTE
        Période du 01/02/2017 au 28/02/2017
        Édité le 01/03/2017
        IBAN FR76 3000 2827 6762 8849 3986 53
        SOLDE AU 31/01/2017 261,65
        05/02 CB CARREFOUR CITY 27,83
        NOUVEAU SOLDE AU 28/02/2017 806,21
    """)))
    assert record.doc_type.value == DocType.bank_statement
    assert record.issue_date.value == date(2017, 3, 1)
    assert (record.period_start.value, record.period_end.value) == (date(2017, 2, 1), date(2017, 2, 28))


def test_a_footer_edition_stamp_is_a_later_print_not_the_papers_date() -> None:
    page = laid_out(1, """
        BULLETIN DE PAIE
        Période du 01/11/2024 au 30/11/2024
        Salaire de base 1 443,69
        NET A PAYER 1 128,83 €
    """)
    footer = laid_out(1, "Document édité le 15/06/2025 depuis l'espace salarié")
    low = tuple(w.model_copy(update={"bbox": (w.bbox[0], 800, w.bbox[2], 812), "line": 9}) for w in footer.words)
    record = extract(_document(page.model_copy(update={"words": page.words + low})))
    assert record.issue_date is None or record.issue_date.value != date(2025, 6, 15)


def test_a_signature_line_that_ocr_glued_into_faita_dates_the_receipt() -> None:
    record = extract(_document(laid_out(1, """
        QUITTANCE DE LOYER
        Période du 01/08/2023 au 31/08/2023
        Loyer 604,00 EUR
        Le bailleur déclare avoir reçu la somme de 650,00 EUR
        Faità Pantin le 02/09/2023
    """, "ocr")))
    assert record.doc_type.value == DocType.rent_receipt
    assert record.issue_date.value == date(2023, 9, 2)


def test_a_payslip_paid_by_transfer_is_dated_by_the_payment() -> None:
    record = extract(_document(laid_out(1, """
        Boulangerie SAS BULLETIN DE SALAIRE
        Période du 01/07/2019 au 31/07/2019
        Salaire de base 1 539,42
        NET A PAYER 1 211,12
        Paiement par virement le 02/08/2019
    """)))
    assert record.issue_date.value == date(2019, 8, 2)


def test_a_result_sheet_gives_the_global_level_printed_apart_and_is_dated_by_its_session() -> None:
    page = laid_out(1, """
        TCF Attestation de résultats
        Test de connaissance du français
        pour l'intégration, la résidence et la nationalité
        Session du 9 avril 2023
        Compréhension orale 314 sur 699 Niveau B1
        Compréhension écrite 283 sur 699 Niveau A2
        Niveau CECRL global :
        Les résultats sont valables deux ans.
    """, "ocr")
    record = extract(_document(_with_right_column(page, line=6, text="A2", x=300.0)))
    assert record.doc_type.value == DocType.language_certificate
    assert record.language.kind.value == LanguageKind.TCF_IRN
    assert record.language.level.value == "A2"
    assert record.issue_date.value == date(2023, 4, 9)


def test_a_return_ban_issued_as_its_own_decision_is_no_oqtf_however_often_it_quotes_one() -> None:
    record = extract(_document(laid_out(1, """
        PRÉFET DES HAUTS-DE-SEINE
        ARRÊTÉ n° 2020-4180
        portant interdiction de retour sur le territoire français d'une durée de dix-huit mois à l'encontre de Mme X
        LE PRÉFET DES HAUTS-DE-SEINE,
        Vu l'arrêté n° 2020-5137 du 29 juin 2020 portant obligation de quitter le territoire français ;
        Considérant que l'obligation de quitter le territoire français n'a pas été exécutée ;
        Considérant que la décision portant obligation de quitter le territoire français est exécutoire ;
        ARRÊTE : Une interdiction de retour sur le territoire français d'une durée de dix-huit mois est prononcée.
        Fait à Nanterre, le 30 juin 2020
    """)))
    assert record.doc_type.value == DocType.return_ban
    assert record.oqtf is None
    assert record.return_ban.duration_months.value == 18


def test_a_record_of_notification_gives_the_date_before_the_act() -> None:
    decision = laid_out(1, """
        PRÉFET DE LA SEINE-SAINT-DENIS
        ARRÊTÉ n° 2023-8952 portant obligation de quitter le territoire français
        Vu le code de l'entrée et du séjour des étrangers et du droit d'asile ;
        Article 1 : M. X est obligé de quitter le territoire français dans un délai de trente jours.
        Fait à Bobigny, le 23 octobre 2023
    """)
    record_of_notification = laid_out(2, """
        PROCÈS-VERBAL DE NOTIFICATION
        Le 31/10/2023 à 9 h 46, nous, Madeleine HUBERT, brigadier de police, avons notifié à M. X
        l'arrêté n° 2023-8952 en date du 23/10/2023 portant obligation de quitter le territoire français.
    """)
    record = extract(_document(decision, record_of_notification))
    assert record.oqtf.decision_date.value == date(2023, 10, 23)
    assert record.oqtf.notification_date.value == date(2023, 10, 31)


def test_bank_details_are_no_statement_and_an_invoice_for_domain_names_no_utility_bill() -> None:
    rib = extract(_document(laid_out(1, """
        Crédit Mutuel
        RELEVE D'IDENTITE BANCAIRE
        Banque Guichet N° compte Clé Devise
        IBAN FR76 1027 8361 7300 0132 4050 185
        BIC CMCIFR2A
        Titulaire du compte ASSOCIATION X
    """)))
    assert rib.doc_type.value == DocType.other
    invoice = extract(_document(laid_out(1, """
        Facture n° 2022030201155
        Statut : payée
        Date : 2 mars 2022
        Produit Description Prix
        Renouvellement site1.com 1 an 12,00 €
        Indemnité forfaitaire de quarante euros pour frais de recouvrement
    """)))
    assert invoice.doc_type.value != DocType.utility_bill
    assert invoice.issue_date.value == date(2022, 3, 2)


def test_a_generated_proof_is_dated_by_the_cell_under_its_generated_on_header() -> None:
    page = laid_out(1, """
        RÉPUBLIQUE FRANÇAISE
        Justificatif d'identité à usage unique
        DESTINÉ À
        072c immo
    """, "ocr")
    header = _with_right_column(_with_right_column(page, 4, "GÉNÉRÉ LE", x=50.0), 4, "DATE LIMITE D'UTILISATION", x=300.0)
    cells = _with_right_column(_with_right_column(header, 5, "06/09/2023", x=50.0), 5, "11/12/2023", x=300.0)
    record = extract(_document(cells))
    assert record.doc_type.value == DocType.identity
    assert record.issue_date.value == date(2023, 9, 6)


def test_labels_typeset_with_a_typographic_apostrophe_are_labels() -> None:
    record = extract(_document(laid_out(1, """
        Orange Votre facture
        Date d’émission : 04/01/2024
        Forfait mobile du 01/12/2023 au 31/12/2023
        à payer avant le 20/01/2024
    """)))
    assert record.issue_date.value == date(2024, 1, 4)


def test_a_table_of_skills_under_a_bare_cecrl_header_gives_the_lowest_skill() -> None:
    record = extract(_document(laid_out(1, """
        ATTESTATION DE RÉSULTATS
        Test de connaissance du français - TCF tout public
        Date de session : 13.04.2023
        Épreuve Score Niveau CECRL
        Compréhension orale 444 / 699 B2
        Compréhension écrite 324 / 699 B1
        Expression orale 9 / 20 B1
        Expression écrite 12 / 20 B2
    """)))
    assert record.language.level.value == "B1"


def test_a_letter_of_support_is_no_identity_paper_though_it_encloses_one() -> None:
    record = extract(_document(laid_out(1, """
        Lucie Arnaud
        Collectif de soutien aux sans-papiers
        Monsieur le Préfet
        Grigny, le 6 septembre 2025
        Objet : soutien à la demande d'admission exceptionnelle au séjour de M. Frantz JOSEPH
        Je me permets de vous écrire pour soutenir la demande de M. JOSEPH, né le 16/01/1976, de nationalité haïtienne.
        Je vous prie d'agréer, Monsieur le Préfet, l'expression de ma haute considération.
        PJ : copie de ma carte d'identité
    """)))
    assert record.doc_type.value == DocType.other
    assert record.issue_date.value == date(2025, 9, 6)


def test_a_year_that_ocr_split_is_still_a_year() -> None:
    record = extract(_document(laid_out(1, """
        ATTESTATION D'ÉLECTION DE DOMICILE
        Date d'élection de domicile : 24/12/201 9
        Date de fin de validité : 23/12/2020
        Fait à Paris le 24/12/2019
    """, "ocr")))
    assert (record.period_start.value, record.period_end.value) == (date(2019, 12, 24), date(2020, 12, 23))


def test_since_in_a_letter_of_support_is_no_stay_but_in_a_hosts_statement_it_is() -> None:
    letter = extract(_document(laid_out(1, """
        Objet : soutien à la demande d'admission exceptionnelle au séjour de M. Frantz JOSEPH
        Je soutiens la demande de M. JOSEPH, que je connais depuis le 30/10/2018.
        Grigny, le 6 septembre 2025
    """)))
    assert letter.period_start is None
    host = extract(_document(laid_out(1, """
        ATTESTATION D'HÉBERGEMENT
        Je soussigné Christophe Bamba atteste sur l'honneur héberger à mon domicile M. Serge Bamba
        depuis le 16/09/2016.
        Fait à Drancy, le 18 août 2017
    """)))
    assert (host.period_start.value, host.period_end.value) == (date(2016, 9, 16), date(2017, 8, 18))


def test_a_registration_proves_its_span_not_how_long_the_attestation_can_be_checked() -> None:
    record = extract(_document(laid_out(1, """
        Justificatif d'inscription à France Travail
        Créé le 03/02/2023, vérifiable jusqu'au 03/05/2023
        Nom : DUBOIS Angela
        Date d'inscription à France Travail 01/02/2008
        Date de cessation d'inscription 20/04/2008
    """)))
    assert record.issue_date.value == date(2023, 2, 3)
    assert (record.period_start.value, record.period_end.value) == (date(2008, 2, 1), date(2008, 4, 20))


def test_a_since_field_followed_by_a_colon_dates_the_stay_not_the_paper() -> None:
    host = extract(_document(laid_out(1, """
        ATTESTATION D'HÉBERGEMENT
        Je soussigné Karim Benali, demeurant 12 rue des Lilas 93200 Saint-Denis, héberge M. Ali Diop
        Hébergé depuis le : 01/03/2019
        Fait à Saint-Denis le 12/02/2024
    """)))
    assert host.issue_date.value == date(2024, 2, 12)
    assert (host.period_start.value, host.period_end.value) == (date(2019, 3, 1), date(2024, 2, 12))


def test_a_table_rule_read_as_noise_between_header_and_row_does_not_hide_the_header() -> None:
    """OCR read the rule under « Début des droits | Fin des droits » as « RS » at 0.08: the row's dates
    still take their columns' roles."""
    page = laid_out(1, """
        ATTESTATION DE DROITS À L'AIDE MÉDICALE DE L'ÉTAT
        Ce justificatif a été créé le 11/11/2019
    """, "ocr")
    header = _with_right_column(_with_right_column(page, 4, "Début des droits", x=280.0), 4, "Fin des droits", x=420.0)
    rule = header.model_copy(update={"words": header.words + (
        Word(text="RS", bbox=(414.0, 138.0, 554.0, 143.0), confidence=0.08, line=5),)})
    row = _with_right_column(_with_right_column(rule, 6, "14/11/2019", x=280.0), 6, "13/11/2020", x=420.0)
    record = extract(_document(row))
    assert (record.period_start.value, record.period_end.value) == (date(2019, 11, 14), date(2020, 11, 13))


def test_a_notification_stamp_whose_label_takes_two_lines_dates_the_notification() -> None:
    decision = laid_out(1, """
        ARRÊTÉ portant obligation de quitter le territoire français
        Article 1 : M. X est obligé de quitter le territoire français dans un délai de trente jours.
        Fait à Marseille, le 11 décembre 2023
        Pour le préfet et par délégation,
        NOTIFIÉ
        LE
        04/01/2024
    """)
    record = extract(_document(decision))
    assert record.oqtf.decision_date.value == date(2023, 12, 11)
    assert record.oqtf.notification_date.value == date(2024, 1, 4)


def test_a_notification_stamp_whose_verb_the_ink_took_still_notifies() -> None:
    decision = laid_out(1, """
        ARRÊTÉ portant obligation de quitter le territoire français
        Article 1 : Mme X est obligée de quitter le territoire français dans un délai de trente jours.
        Fait à Bordeaux, le 26/11/2023
    """)
    stamp = laid_out(2, """
        Arrêté n° 2023/DMW/3022 - page 3
        { otiris à l'intéressé le 1er décembre 2023 ]
    """, "ocr", misread={"otiris": "otiris"})
    record = extract(_document(decision, stamp))
    assert record.oqtf.notification_date.value == date(2023, 12, 1)


def test_a_notification_label_broken_before_its_le_dates_the_notification_not_the_paper() -> None:
    decision = laid_out(1, """
        ARRÊTÉ portant obligation de quitter le territoire français
        Article 1 : M. X est obligé de quitter le territoire français dans un délai de trente jours.
        Montpellier, le 27 janvier 2023
        Notifié à l'intéressé
        le 11 février
        2023
    """)
    record = extract(_document(decision))
    assert record.oqtf.decision_date.value == date(2023, 1, 27)
    assert record.oqtf.notification_date.value == date(2023, 2, 11)


def _photographed_payslip(header_cells: list[tuple[str, float]]) -> DocumentText:
    """A payslip photographed askew: its row's values sit a little right of their headers, the entry
    date's under the end of « Date d'entrée » and within reach of « Matricule »."""
    page = laid_out(1, """
        BULLETIN DE PAIE
        Période du 01.01.2026 au 31.01.2026
    """, "ocr")

    def line(number: int, cells: list[tuple[str, float]], top: float) -> tuple[Word, ...]:
        words = []
        for text, x in cells:
            for token in text.split():
                width = 4.5 * len(token)
                words.append(Word(text=token, bbox=(x, top, x + width, top + 8), confidence=0.96, line=number))
                x += width + 2.5
        return tuple(words)

    header = line(4, header_cells, 236)
    row = line(5, [("Agent de surveillance", 48), ("12.05.2025", 250), ("39304", 358), ("1483803314553", 496)], 245)
    paid = line(6, [("Date de paiement : 31.01.2026 Mode : virement", 48)], 494)
    return _document(page.model_copy(update={"words": page.words + header + row + paid}))


def test_a_photographed_tables_value_takes_the_header_of_its_own_column() -> None:
    """« 12.05.2025 » under « Date d'entrée » is the hire date, not the payslip's: the header line and
    the row have as many columns, and the same column is the value's header."""
    header = [("Emploi", 47), ("Date d'entrée", 197), ("Matricule", 296), ("N° de sécurité sociale", 387)]
    payslip = _photographed_payslip(header)
    assert {f.mention.text: f.role for f in DocumentIndex.of(payslip).dates}["12.05.2025"] == "entry"
    assert extract(payslip).issue_date.value == date(2026, 1, 31)


def test_a_header_cut_by_a_values_edge_is_not_read_as_a_bare_date_label() -> None:
    """When the columns do not pair (here the header has one more), the header line beside the value is
    not a label for it: cut at the value's edge, « Date d'entrée » would read « Date »."""
    header = [("Emploi", 47), ("Date d'entrée", 197), ("Matricule", 296), ("N° de sécurité sociale", 387),
              ("Coefficient", 540)]
    record = extract(_photographed_payslip(header))
    assert record.issue_date.value == date(2026, 1, 31)


def test_a_header_read_on_a_line_of_its_own_does_not_shift_the_columns() -> None:
    """« Bénéficiaire » read a line above « Début des droits | Fin des droits | Généré le », and the last
    date a line below its row: the row has as many columns as that header line, but its first cell is the
    name; each date keeps the header above it."""
    page = laid_out(1, """
        ATTESTATION DE DROITS À L'AIDE MÉDICALE DE L'ÉTAT
        N° d'immatriculation : 84189532701012
    """, "ocr")
    name = _with_right_column(page, 3, "Bénéficiaire", x=50.0)
    header = name
    for text, x in (("Début des droits", 225.0), ("Fin des droits", 400.0), ("GÉNÉRÉ LE", 560.0)):
        header = _with_right_column(header, 4, text, x=x)
    row = header
    for text, x in (("Khadija ALAOUI", 50.0), ("16/07/2021", 225.0), ("09/07/2022", 400.0)):
        row = _with_right_column(row, 5, text, x=x)
    roles = {f.mention.text: f.role for f in DocumentIndex.of(_document(row)).dates}
    assert (roles["16/07/2021"], roles["09/07/2022"]) == ("validity_start", "validity_end")
