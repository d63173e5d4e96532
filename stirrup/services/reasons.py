"""Reasons in plain words, in French and English: why a household got no proposal, why this home,
what would unlock a match, why a proposal was declined.

The solver gives stable codes with their parameters (see docs/matching.md); the sentences are
written here from the code and the parameters, in the reader's language. A code this table does
not know yet falls back to the solver's own English sentence.
"""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal

from stirrup import i18n

SENTENCES: dict[str, dict[str, str]] = {
    "no_home_within_reach": {
        "en": "No home is within {max_km} km of where the household must stay.",
        "fr": "Aucun logement à moins de {max_km} km du lieu où le ménage doit rester.",
    },
    "homes_too_small": {
        "en": "{count} home(s) within {max_km} km are too small: the household needs {bedrooms} "
        "bedroom(s), room for {persons} people and at least {surface_m2} m².",
        "fr": "{count} logement(s) à moins de {max_km} km sont trop petits : le ménage a besoin de "
        "{bedrooms} chambre(s), de place pour {persons} personnes et d'au moins {surface_m2} m².",
    },
    "homes_not_accessible": {
        "en": "{count} home(s) within {max_km} km are not accessible enough ({need}).",
        "fr": "{count} logement(s) à moins de {max_km} km ne sont pas assez accessibles ({need}).",
    },
    "homes_without_pets": {
        "en": "{count} home(s) within {max_km} km do not allow pets.",
        "fr": "{count} logement(s) à moins de {max_km} km n'acceptent pas les animaux.",
    },
    "homes_not_available": {
        "en": "{count} home(s) within {max_km} km are not available for six months from the start.",
        "fr": "{count} logement(s) à moins de {max_km} km ne sont pas disponibles six mois à partir "
        "de l'entrée.",
    },
    "homes_in_excluded_communes": {
        "en": "{count} home(s) within {max_km} km are in communes the household excluded.",
        "fr": "{count} logement(s) à moins de {max_km} km sont dans des communes que le ménage a exclues.",
    },
    "pairs_declined": {
        "en": "{count} home(s) within {max_km} km were declined before.",
        "fr": "{count} logement(s) à moins de {max_km} km ont déjà été refusés.",
    },
    "no_association_for_homes": {
        "en": "{count} suitable home(s) have no partner association offering {support} that covers them.",
        "fr": "{count} logement(s) adaptés ne sont couverts par aucune association partenaire "
        "proposant : {support}.",
    },
    "homes_taken_by_higher_priority": {
        "en": "{count} suitable home(s), all proposed to households with a higher priority.",
        "fr": "{count} logement(s) adaptés, tous proposés à des ménages plus prioritaires.",
    },
    "homes_taken_by_others": {
        "en": "{count} suitable home(s), proposed to other households so that more households of the "
        "same or a higher priority could be housed.",
        "fr": "{count} logement(s) adaptés, proposés à d'autres ménages pour loger davantage de ménages "
        "d'une priorité égale ou supérieure.",
    },
    "associations_full": {
        "en": "No association offering {support} and covering {count} free suitable home(s) has "
        "capacity left.",
        "fr": "Aucune association proposant : {support} et couvrant {count} logement(s) adaptés libres "
        "n'a encore de place.",
    },
    "not_selected": {
        "en": "{count} suitable home(s) are free, but the search stopped before placing this household.",
        "fr": "{count} logement(s) adaptés sont libres, mais la recherche s'est arrêtée avant de placer "
        "ce ménage.",
    },
    "candidates_limited": {
        "en": "{count} more suitable home(s) were left out of this round: in a round this large, only "
        "each household's best-fitting homes are considered.",
        "fr": "{count} autre(s) logement(s) adapté(s) n'ont pas été examinés dans ce tour : dans un tour "
        "aussi grand, seuls les logements les mieux adaptés à chaque ménage sont examinés.",
    },
    "not_solved": {
        "en": "The round stopped before this household was considered.",
        "fr": "Le tour s'est arrêté avant d'examiner ce ménage.",
    },
    "round_infeasible": {
        "en": "The round could not be solved: the placements already agreed break a rule.",
        "fr": "Le tour n'a pas pu être résolu : les placements déjà acceptés enfreignent une règle.",
    },
    "raise_max_km": {
        "en": "A home {distance_km} km away fits if the maximum distance is raised to {new_max_km} km.",
        "fr": "Un logement à {distance_km} km convient si la distance maximale passe à {new_max_km} km.",
    },
    "lift_commune_exclusion": {
        "en": "A home in {commune_name} fits if the household accepts that commune.",
        "fr": "Un logement à {commune_name} convient si le ménage accepte cette commune.",
    },
    "accept_fewer_bedrooms": {
        "en": "A home with {bedrooms} bedroom(s) within reach fits if the household accepts {bedrooms} "
        "bedroom(s).",
        "fr": "Un logement de {bedrooms} chambre(s) à portée convient si le ménage accepte {bedrooms} "
        "chambre(s).",
    },
    "association_adds_support": {
        "en": "{association_name} covers a suitable home and could follow the household if it offered "
        "{support}.",
        "fr": "{association_name} couvre un logement adapté et pourrait suivre le ménage si elle "
        "proposait : {support}.",
    },
    "raise_association_capacity": {
        "en": "One more place at {association_name} would allow a placement.",
        "fr": "Une place de plus chez {association_name} permettrait un placement.",
    },
    "placement_fit": {
        "en": "This home is {distance_km} km from where the household must stay{preferred}; fit "
        "{score} points (distance {distance}, preferred commune {preferred_points}, size {size}).",
        "fr": "Ce logement est à {distance_km} km du lieu où le ménage doit rester{preferred} ; "
        "adéquation {score} points (distance {distance}, commune souhaitée {preferred_points}, "
        "taille {size}).",
    },
    "held_back": {
        "en": "The home that suited best ({bedrooms} bedroom(s), {distance_km} km away) is held back "
        "for a waiting household of equal or higher priority that needs {feature}.",
        "fr": "Le logement le plus adapté ({bedrooms} chambre(s), à {distance_km} km) est réservé à un "
        "ménage en attente, de priorité égale ou supérieure, qui a besoin {feature}.",
    },
    "rounds_only": {
        "en": "This territory works by matching rounds only: the household will be considered in the "
        "next round.",
        "fr": "Ce territoire fonctionne uniquement par tours d'appariement : le ménage sera examiné au "
        "prochain tour.",
    },
}

#: Words for parameters that carry a code rather than a number.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "wheelchair access": "wheelchair access",
        "step-free access": "step-free access",
        "large": "a large home",
        "accessible": "an accessible home",
        "preferred": " in a preferred commune",
        "general": "general support",
        "rights_paperwork": "rights and paperwork",
        "employment": "employment",
        "health_care_access": "access to health care",
        "mental_health_support": "mental-health support",
        "addiction_support": "addiction support",
        "parenting": "parenting",
        "budget": "budget",
        "language": "language",
        "and": "and",
    },
    "fr": {
        "wheelchair access": "accès en fauteuil roulant",
        "step-free access": "accès sans marche",
        "large": "d'un grand logement",
        "accessible": "d'un logement accessible",
        "preferred": ", dans une commune souhaitée",
        "general": "accompagnement général",
        "rights_paperwork": "accès aux droits et démarches",
        "employment": "emploi",
        "health_care_access": "accès aux soins",
        "mental_health_support": "soutien en santé mentale",
        "addiction_support": "accompagnement en addictologie",
        "parenting": "parentalité",
        "budget": "budget",
        "language": "langue",
        "and": "et",
    },
}


def sentence(
    code: str, params: dict[str, Any], locale: str | None = None, fallback: str | None = None
) -> str:
    """The reason ``code`` with ``params`` as a sentence in ``locale`` (the reader's by default)."""
    locale = locale if locale in i18n.LOCALES else i18n.current_locale.get()
    texts = SENTENCES.get(code)
    if texts is None:
        return fallback or code.replace("_", " ")
    return texts[locale].format_map(_Words(params, locale))


def rendered(reasons: list[dict[str, Any]], locale: str | None = None) -> list[dict[str, str]]:
    """Stored reasons (``{"code", "params", "text"}``) as ``{"code", "text"}`` for the reader."""
    return [
        {"code": r["code"], "text": sentence(r["code"], r.get("params", {}), locale, r.get("text"))}
        for r in reasons
    ]


def support_words(codes: list[str] | str, locale: str) -> str:
    """Kinds of support in words ("budget and language"); the solver sends them joined by " and "."""
    if isinstance(codes, str):
        codes = [c for c in codes.split(" and ") if c]
    words = WORDS[locale]
    named = [words.get(code, code.replace("_", " ")) for code in codes] or [words["general"]]
    return f" {words['and']} ".join(named)


class _Words(dict[str, Any]):
    """Parameters as a reader writes them: "4,5" in French, support kinds and needs in words."""

    def __init__(self, params: dict[str, Any], locale: str) -> None:
        super().__init__(params)
        self.locale = locale

    def __getitem__(self, key: str) -> Any:
        value = super().get(key, "")
        if key == "support":
            return support_words(value, self.locale)
        if key in ("need", "feature"):
            return WORDS[self.locale].get(value, value)
        if key == "preferred":
            return WORDS[self.locale]["preferred"] if value else ""
        if isinstance(value, float):
            return format_decimal(round(value, 1), format="#,##0.#", locale=self.locale)
        return value

    def __missing__(self, key: str) -> str:
        return ""
