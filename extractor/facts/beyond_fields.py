"""What a paper states that the dossier's fields cannot hold, said as a warning so that a person reads it.

The fields hold an OQTF's dates and a return ban's length; a removal decision often says more that
matters to the agent (no period to leave, a judge's ban, house arrest, detention, a ban extended).
"""

import re

from extractor.facts.mentions import DocumentIndex
from models.document import DocType

REMOVAL = frozenset({DocType.oqtf_decision, DocType.return_ban})
# (types the wording matters on, None for any; the wording on folded text; the warning).
UNHELD: tuple[tuple[frozenset[DocType] | None, re.Pattern[str], str], ...] = (
    (
        REMOVAL, re.compile(r"quitter le territoire francais\s+sans\s+delai|refus(e)? d.?un delai de depart"),
        "La décision mentionne une OQTF sans délai de départ volontaire (aucun champ ne le porte).",
    ),
    (
        REMOVAL,
        re.compile(r"(?:delai de depart volontaire de|quitter le territoire francais dans un delai de) (\w+(?:[ -]\w+)?) jours"),
        "Délai de départ volontaire de {} jours (aucun champ ne le porte).",
    ),
    (
        None, re.compile(r"interdiction (judiciaire )?du territoire francais|\bitf\b"),
        "Interdiction du territoire prononcée par un juge (ITF) mentionnée : à examiner (ordre public).",
    ),
    (
        None, re.compile(r"assign(e|ee|ation) a residence"),
        "Assignation à résidence mentionnée (aucun champ ne la porte).",
    ),
    (
        None, re.compile(r"(placement|place|placee|maintien) en (centre de )?retention"),
        "Placement en rétention administrative mentionné (aucun champ ne le porte).",
    ),
    (
        REMOVAL, re.compile(r"prolong\w*[^.]{0,40}interdiction de retour|interdiction de retour[^.]{0,60}prolongee"),
        "Prolongation d'une interdiction de retour : la durée retenue est celle lue, à vérifier.",
    ),
)


def unheld_warnings(index: DocumentIndex, doc_type: DocType) -> tuple[str, ...]:
    text = index.folded().replace("\n", " ")
    warnings = []
    for types, pattern, warning in UNHELD:
        match = pattern.search(text) if types is None or doc_type in types else None
        if match:
            warnings.append(warning.format(*match.groups()[:1]) if "{}" in warning else warning)
    return tuple(warnings)
