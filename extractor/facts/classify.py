"""Document type from weighted wording cues, title lines weighing more; a confidence per type.

The cues are how French administrative papers of each kind are worded (legal-brief §5–7), matched
on accent-folded text so OCR's lost accents do not matter.
"""

import math
import re
from dataclasses import dataclass

from extractor.facts.folding import fold
from models.document import DocType
from models.text import DocumentText, PageText

# (pattern on folded text, weight). Strong cues are titles only that kind of paper carries.
SIGNALS: dict[DocType, tuple[tuple[str, float], ...]] = {
    DocType.payslip: (
        (r"bulletin de (paie|salaire)", 6), (r"\bpaie\b", 2), (r"net a payer", 3), (r"salaire de base", 3),
        (r"cotisations? (salariales?|patronales?)", 2), (r"\bbrut\b", 1), (r"urssaf", 1), (r"\bsiret\b", 0.5),
        (r"net (imposable|social)", 2), (r"convention collective", 1),
    ),
    DocType.tax_notice: (
        (r"avis d.?(impot|imposition)", 6), (r"avis de (non[ -])?imposition", 6), (r"revenu fiscal de reference", 4),
        (r"impot sur le revenu", 3), (r"finances publiques", 2), (r"numero fiscal", 2), (r"\bdgfip\b", 2),
    ),
    DocType.utility_bill: (
        (r"\bfacture\b", 2), (r"\bkwh\b", 3), (r"electricite|\bgaz\b", 2), (r"consommation", 2),
        (r"abonnement", 1), (r"\bm3\b|eau potable|assainissement", 2), (r"point de livraison|\bpdl\b|\bpce\b", 2),
        (r"(forfait|offre) (mobile|internet|box)|ligne fixe|fibre", 2), (r"reference client|n° client", 1),
    ),
    DocType.rent_receipt: (
        (r"quittance de loyer", 7), (r"\bquittance\b", 3), (r"\bbailleur\b", 2), (r"\blocataire\b", 2),
        (r"\bloyer\b", 2), (r"provisions? (pour|sur) charges", 2),
    ),
    DocType.medical: (
        (r"centre hospitalier|\bhopital\b|\bchu\b|clinique", 3), (r"compte[ -]rendu", 3), (r"\bordonnance\b", 3),
        (r"consultation", 2), (r"\bdocteur\b|\bdr\b|medecin", 2), (r"\bpatient", 2),
        (r"hospitalisation|urgences", 3), (r"certificat medical", 5), (r"bulletin de situation", 3),
    ),
    DocType.ame_attestation: (
        (r"aide medicale (de l.?)?etat", 8), (r"aide medicale", 3), (r"carte d.?admission", 3), (r"\bame\b", 3),
        (r"assurance maladie|\bcpam\b", 2),
        (r"attestation de droits?", 2), (r"ouverture des droits|droits (ouverts|valables)", 2),
    ),
    DocType.bank_statement: (
        (r"releve (de compte|bancaire)", 6), (r"\biban\b", 2), (r"\bbic\b", 1),
        (r"solde (crediteur|debiteur|au|precedent|nouveau)", 3), (r"\bdebit\b", 1), (r"\bcredit\b", 1),
        (r"operations?", 1), (r"\bbanque\b|caisse d.?epargne|credit (agricole|mutuel)|la poste", 1),
        (r"extrait de compte", 6), (r"\b(prlv|vir|retrait dab)\b", 1),
    ),
    DocType.school_certificate: (
        (r"certificat de scolarite", 8), (r"attestation de scolarite", 8), (r"annee scolaire", 3),
        (r"\beleve\b", 2), (r"\bscolarise", 3), (r"(college|lycee|ecole)", 1), (r"inscrit", 1),
        (r"annee universitaire", 3), (r"\betudiant", 2),
    ),
    DocType.transport_pass: (
        # The networks of the larger French cities name their passes after themselves.
        (r"navigo", 6), (r"solidarite transport", 5),
        (r"\b(ratp|sncf|tcl|tisseo|tbm|rtm|naolib|ilevia|transpole|cts|lignes d.?azur|fil bleu|twisto|stan)\b", 3),
        (r"\bmobili?t[ei]s\b|reseau (de transport|urbain)|transports? (en commun|urbains?)", 3),
        (r"titulaire de la carte", 2),
        (r"titre de transport|abonnement (annuel|mensuel)|forfait (mensuel|annuel)", 3), (r"\bpasse?\b", 1),
        (r"reduction tarifaire", 4),
    ),
    DocType.domiciliation: (
        (r"election de domicile", 8), (r"domiciliation", 5), (r"organisme (agree|domiciliataire)", 3),
        (r"\bccas\b", 2), (r"(l.?)?adresse postale", 1),
    ),
    DocType.oqtf_decision: (
        (r"obligation de quitter le territoire", 8), (r"\boqtf\b", 4), (r"\barrete\b", 2), (r"\bprefet\b|\bprefete\b", 1),
        # « fixant le pays de destination »; the words alone also head a money-transfer receipt.
        (r"refus (de|d.?admission au) sejour", 3), (r"fixant le pays|pays de renvoi|reconduit d.?office", 3),
        (r"pays de destination", 0.5), (r"delai de depart volontaire", 3),
        (r"tribunal administratif", 1), (r"considerant", 1),
    ),
    DocType.return_ban: (
        (r"interdiction de retour sur le territoire", 6), (r"\birtf\b", 3), (r"systeme d.?information schengen", 2),
    ),
    DocType.language_certificate: (
        (r"\btcf\b|\btef\b|\bdelf\b|\bdalf\b|\bdcl\b|\bdilf\b", 5), (r"test de connaissance du francais", 6),
        # DILF, DELF, DALF, DCL spelled out: diplomas of French as a foreign language, not French diplomas.
        (r"diplome (initial|d.?etudes|approfondi|de competence) (de|en) langue", 8),
        (r"test d.?evaluation de francais", 6), (r"comprehension (orale|ecrite)", 3),
        (r"expression (orale|ecrite)", 2), (r"france education international|\bciep\b", 3),
        (r"cadre europeen commun de reference|\bcecrl?\b", 2), (r"attestation de resultats?", 2),
    ),
    DocType.french_diploma: (
        (r"baccalaureat|brevet (des colleges|d.?etudes)|certificat d.?aptitude professionnelle|\bcap\b|\bbep\b", 5),
        (r"\bdiplome\b", 2), (r"\blicence\b|\bmaster\b|\bdoctorat\b|\bbts\b|\bdut\b", 3), (r"\brecteur\b|academie", 2),
        (r"republique francaise", 0.5), (r"(a|avec) (la )?mention", 1), (r"a ete decerne|confere le", 3),
    ),
    DocType.republican_contract: (
        (r"contrat d.?engagement", 6), (r"principes de la republique", 6), (r"\blaicite\b", 2),
        (r"egalite entre les femmes et les hommes", 2), (r"l\.?\s?412-7", 2),
    ),
    DocType.identity: (
        (r"passeport|passport", 5), (r"carte (nationale )?d.?identite", 5), (r"nationalite", 1),
        (r"carte consulaire", 6), (r"justificatif d.?identite", 6), (r"\bambassade\b|\bconsulat\b", 2), (r"titre de sejour", 3),
        (r"date d.?expiration|date of expiry", 2), (r"\bnom\b|surname", 0.5), (r"<<<", 4), (r"lieu de naissance", 1),
    ),
    DocType.employment: (
        (r"contrat de travail", 7), (r"promesse d.?embauche", 7), (r"certificat de travail", 7),
        (r"attestation (d.?emploi|employeur|de travail)", 6), (r"contrat d.?apprentissage", 7),
        (r"\bcdi\b|\bcdd\b|duree (in)?determinee", 3),
        (r"periode d.?essai", 2), (r"\bemployeur\b", 1), (r"\bsalarie\b", 1),
    ),
    # Papers that prove nothing of the kinds above, however much they share their words: a bank's
    # account details (RIB) are no statement of its operations.
    DocType.other: (
        (r"releve d.?identite bancaire|identifiant national de compte|\brib\b", 8),
    ),
}
_COMPILED = {t: tuple((re.compile(p), w) for p, w in s) for t, s in SIGNALS.items()}
# A kind named by generic words alone is not that kind: an invoice for domain names is no utility bill,
# a hospital's bank details no medical paper. Each needs one of the words of what it is about.
SUBJECT: dict[DocType, re.Pattern[str]] = {
    DocType.utility_bill: re.compile(
        r"\bkwh\b|electricite|\bgaz\b|consommation|\bm3\b|\beau\b|assainissement|point de livraison|\bpdl\b|\bpce\b"
        r"|mobile|internet|\bbox\b|ligne fixe|fibre|telephon|\bforfaits?\b|energie"
    ),
    DocType.identity: re.compile(
        r"passeport|passport|carte (nationale )?d.?identite|carte consulaire|justificatif d.?identite|titre de sejour"
        r"|<<<|\bvisa\b|schengen|identity"
    ),
    DocType.medical: re.compile(
        r"consultation|\bpatient|ordonnance|compte[ -]rendu|hospitalis|urgences|certificat medical|bulletin de situation"
        r"|\bdocteur\b|\bdr\b|medecin|soins|diagnostic|traitement|admission|examen"
    ),
}
TITLE_SHARE = 0.3
TITLE_LINES = 12
PROSE_WORDS = 12
"""The letterhead and title: the first lines of the first page, within its top 30%, up to the first
line of running prose. A short paper (a phone screenshot) has its body there too."""
TITLE_BONUS = 3.5
MIN_SCORE = 3.0


@dataclass(frozen=True)
class TypeGuess:
    doc_type: DocType
    confidence: float
    evidence: str
    page: int


def _score(text: str, title: str) -> dict[DocType, tuple[float, str]]:
    scores: dict[DocType, tuple[float, str]] = {}
    for doc_type, signals in _COMPILED.items():
        total, best, best_weight = 0.0, "", 0.0
        for pattern, weight in signals:
            hits = pattern.findall(text)
            if not hits:
                continue
            bonus = TITLE_BONUS if pattern.search(title) else 1.0
            total += weight * bonus * (1 + 0.15 * min(len(hits) - 1, 3))
            if weight * bonus > best_weight:
                match = pattern.search(text)
                best, best_weight = text[match.start() : match.end()], weight * bonus
        subject = SUBJECT.get(doc_type)
        if total and (subject is None or subject.search(text)):
            scores[doc_type] = (total, best)
    return scores


def _title(page: PageText) -> str:
    lines: dict[int, list[str]] = {}
    for word in page.words:
        if word.bbox[1] < page.height * TITLE_SHARE:
            lines.setdefault(word.line, []).append(word.text)
    title = []
    for number in sorted(lines)[:TITLE_LINES]:
        if len(lines[number]) >= PROSE_WORDS:
            break
        title += lines[number]
    return " ".join(title)


def _demote(scores: dict[DocType, tuple[float, str]], doc_type: DocType) -> None:
    scores[doc_type] = (scores[doc_type][0] * 0.3, scores[doc_type][1])


RECITALS = re.compile(r"\b(vu|considerant)\b")


def _one_decision_or_two(scores: dict[DocType, tuple[float, str]], title: str, text: str) -> None:
    """A decision that orders departure and also bans return is an OQTF decision carrying a ban; a
    decision titled only as a return ban is one of its own, however often it quotes the OQTF it goes with.
    Its title is what it says before its recitals (« Vu … », « Considérant … »): « Arrêté n° … portant
    interdiction de retour sur le territoire français d'une durée de cinq ans » may be too long a line
    to count as a title line."""
    if DocType.oqtf_decision not in scores or DocType.return_ban not in scores:
        return
    recitals = RECITALS.search(text)
    title = f"{title} {text[: recitals.start()]}" if recitals else title
    titled_oqtf = re.search(r"obligation de quitter le territoire", title)
    if re.search(r"interdiction de retour", title) and not titled_oqtf:
        del scores[DocType.oqtf_decision]  # its recitals quote the OQTF, however many times
    elif titled_oqtf or scores[DocType.oqtf_decision][0] >= scores[DocType.return_ban][0]:
        _demote(scores, DocType.return_ban)


def classify(document: DocumentText) -> TypeGuess:
    pages = [p for p in document.pages if p.words]
    if not pages:
        return TypeGuess(DocType.other, 0.5, "", 1)
    first = pages[0]
    title = fold(_title(first))
    # Lines joined by spaces: a cue broken over two lines (« un abonnement | annuel ») is still one.
    text = fold(" ".join(p.text for p in pages[:6]).replace("\n", " "))
    scores = _score(text, title)
    _one_decision_or_two(scores, title, text)
    if not scores or max(s for s, _ in scores.values()) < MIN_SCORE:
        return TypeGuess(DocType.other, 0.6, "", first.number)
    ranked = sorted(scores.items(), key=lambda item: item[1][0], reverse=True)
    best_type, (best_score, evidence) = ranked[0]
    runner_up = ranked[1][1][0] if len(ranked) > 1 else 0.0
    # A logistic margin: a clear winner is near-certain, a close call is not.
    confidence = 1 / (1 + math.exp(-(best_score - runner_up) / 3.0))
    return TypeGuess(best_type, round(confidence, 4), evidence, first.number)
