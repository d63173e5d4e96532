"""How sure we are of a figure, using the labels of the tax research note."""

from enum import StrEnum


class Confidence(StrEnum):
    """Confidence of a figure: the research note's V2, V1 and U labels.

    verified  = V2: at least two independent sources, or a primary legal text plus one more.
    secondary = V1: one source, or secondary sources that probably copy each other.
    uncertain = U: unverified or inferred; never to be shown to owners as a fact.
    """

    VERIFIED = "verified"
    SECONDARY = "secondary"
    UNCERTAIN = "uncertain"


_ORDER = (Confidence.UNCERTAIN, Confidence.SECONDARY, Confidence.VERIFIED)


def weakest(*levels: Confidence) -> Confidence:
    """The confidence of a figure is that of its weakest input."""
    return min(levels, key=_ORDER.index, default=Confidence.VERIFIED)
