"""Targeting rules for "what if" scenarios: today's TPMAP rule and rules a user sets up.

A :class:`Rule` says which households are targets: the Alkire-Foster
identification of DOMAIN.md §3 (a deprivation score from indicator weights,
compared with a cut-off k, with the union rule as TPMAP's default), the
income line of the income indicator (DOMAIN.md §2: average income at least
38,000 baht/person/year, BMN 2560-2564), and whether a state welfare-card
holder is required (TPMAP's target poor, group 1.1 of DOMAIN.md §4).

:data:`TODAY` is the rule TPMAP applies today: union rule over the five
dimensions with equal nested weights (:func:`poverty.indicators.weights`),
the 38,000-baht line (``settings.INCOME_LINE``) and a welfare-card holder
required, i.e. the households of target group 1.1 that the Logbook follows.

Pure Python: the SQL over the build is :mod:`queries.scenario`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import settings
from poverty.indicators import DIMENSION_CODES, INDICATOR_CODES, INDICATORS, weights
from poverty.measures import TOLERANCE

#: Highest income line accepted, baht/person/year (the schema's bound on incomes).
MAX_INCOME_LINE = 1e8
#: Most rules a scenario compares with today's (issue 17: "up to two rules").
MAX_RULES = 2


class RuleError(ValueError):
    """A rule that cannot be applied; the message names the setting and the value."""


def _clean_dimensions(dimensions: Sequence[str] | None) -> tuple[str, ...]:
    chosen = DIMENSION_CODES if dimensions is None else tuple(dict.fromkeys(dimensions))
    unknown = [d for d in chosen if d not in DIMENSION_CODES]
    if unknown:
        raise RuleError(f"dimensions: unknown code(s) {unknown}; known: {list(DIMENSION_CODES)}")
    if not chosen:
        raise RuleError("dimensions: at least one dimension must count")
    # Table order, so equal rules compare equal whatever order they were typed in.
    return tuple(d for d in DIMENSION_CODES if d in chosen)


@dataclass(frozen=True)
class Rule:
    """One targeting rule (hashable, so the app can cache results by it).

    Attributes
    ----------
    k : float or None
        Cut-off in (0, 1]: a household is poor when its deprivation score is
        at least k (compared with :data:`poverty.measures.TOLERANCE`, DOMAIN.md
        §3). None = TPMAP's union rule: deprived in at least one counted
        indicator (k = the smallest positive weight).
    dimensions : tuple of str
        Dimensions that count (codes of :data:`poverty.indicators.DIMENSION_CODES`),
        kept in table order. Default all five.
    indicator_weights : tuple of (code, weight) or None
        Relative weights of indicators, >= 0; rescaled so that the weights
        of the counted dimensions' indicators sum to 1. None = equal nested
        weights (each counted dimension 1/d, shared equally by its
        indicators; :func:`poverty.indicators.weights`). Indicators not
        named weigh 0.
    income_line : float
        Income indicator's line, baht/person/year: a household whose average
        income is below it is deprived in ``income_per_capita`` (DOMAIN.md
        §2; default ``settings.INCOME_LINE``, 38,000).
    card_required : bool
        True: only households with at least one state welfare-card holder
        are targets (TPMAP's target poor, DOMAIN.md §3-4). Default True.

    Raises
    ------
    RuleError
        For a k outside (0, 1] (or at most the tolerance), an unknown or
        empty dimension list, an unknown indicator, a negative or
        non-finite weight, weights that give no counted indicator a
        positive weight, or an income line not in (0, 100,000,000].

    Examples
    --------
    >>> from poverty.scenario import Rule, TODAY
    >>> TODAY.cutoff()
    0.05
    >>> Rule(k=1 / 3, card_required=False).cutoff()
    0.3333333333333333
    >>> Rule(dimensions=("income", "health")).dimensions
    ('health', 'income')
    >>> Rule(k=0)
    Traceback (most recent call last):
    ...
    poverty.scenario.RuleError: k: the cut-off must be in (0, 1], got 0
    """

    k: float | None = None
    dimensions: tuple[str, ...] = DIMENSION_CODES
    indicator_weights: tuple[tuple[str, float], ...] | None = None
    income_line: float = field(default_factory=lambda: settings.INCOME_LINE)
    card_required: bool = True

    def __post_init__(self) -> None:
        """Validate and normalise the settings (see the class's Raises)."""
        object.__setattr__(self, "dimensions", _clean_dimensions(self.dimensions))
        if self.k is not None:
            try:
                k = float(self.k)
            except (TypeError, ValueError):
                raise RuleError(
                    f"k: the cut-off must be a number in (0, 1], got {self.k!r}"
                ) from None
            if math.isnan(k) or not TOLERANCE < k <= 1:
                raise RuleError(f"k: the cut-off must be in (0, 1], got {self.k!r}")
            object.__setattr__(self, "k", k)
        try:
            line = float(self.income_line)
        except (TypeError, ValueError):
            raise RuleError(
                f"income_line: baht/person/year must be a number, got {self.income_line!r}"
            ) from None
        if not (math.isfinite(line) and 0 < line <= MAX_INCOME_LINE):
            raise RuleError(
                f"income_line: baht/person/year must be in (0, {MAX_INCOME_LINE:,.0f}], "
                f"got {self.income_line!r}"
            )
        object.__setattr__(self, "income_line", line)
        object.__setattr__(self, "card_required", bool(self.card_required))
        if self.indicator_weights is not None:
            object.__setattr__(self, "indicator_weights", _clean_weights(self.indicator_weights))
            if not any(w > 0 for w in self.weights().values()):
                raise RuleError(
                    "indicator_weights: no indicator of the counted dimensions has a positive "
                    "weight"
                )

    def weights(self) -> dict[str, float]:
        """Return the weight of each of the 17 indicators (0 outside counted dimensions).

        Returns
        -------
        dict
            Indicator code -> weight >= 0; the weights sum to 1 (equal nested,
            DOMAIN.md §2, unless ``indicator_weights`` are given; those are
            rescaled to sum to 1 over the counted dimensions).

        Examples
        --------
        >>> from poverty.scenario import Rule
        >>> w = Rule(dimensions=("income",)).weights()
        >>> round(w["income_per_capita"], 4), w["health_exercise"]
        (0.3333, 0.0)
        >>> w = Rule(indicator_weights=(("income_per_capita", 3), ("edu_literacy", 1))).weights()
        >>> w["income_per_capita"], w["edu_literacy"], w["health_exercise"]
        (0.75, 0.25, 0.0)
        """
        if self.indicator_weights is None:
            return {code: float(w) for code, w in weights(self.dimensions).items()}
        given = dict(self.indicator_weights)
        counted = {i.code for i in INDICATORS if i.dimension in self.dimensions}
        raw = {code: (given.get(code, 0.0) if code in counted else 0.0) for code in INDICATOR_CODES}
        total = sum(raw.values())
        return {code: (w / total if total else 0.0) for code, w in raw.items()}

    def cutoff(self) -> float:
        """Return k: the rule's own, or the union rule's smallest positive weight."""
        if self.k is not None:
            return self.k
        return min(w for w in self.weights().values() if w > 0)

    def is_union(self) -> bool:
        """Return True when the rule is the union rule (no k given)."""
        return self.k is None

    def same_targets_as(self, other: Rule) -> bool:
        """Return True when both rules pick the same households in any data.

        Rules equal as values (after normalisation), or differing only in
        how the union rule was written (k None or the same smallest weight).
        """
        if self == other:
            return True
        mine, theirs = self.weights(), other.weights()
        return (
            all(math.isclose(mine[c], theirs[c], abs_tol=TOLERANCE) for c in INDICATOR_CODES)
            and math.isclose(self.cutoff(), other.cutoff(), abs_tol=TOLERANCE)
            and self.income_line == other.income_line
            and self.card_required == other.card_required
        )

    def to_dict(self) -> dict:
        """Return the rule as plain values (JSON, audit rows).

        Keys: ``k`` (the cut-off used), ``union`` (bool), ``dimensions``
        (list), ``weights`` (code -> weight, rounded to 6 decimals),
        ``income_line`` (baht/person/year), ``card_required`` (bool).
        """
        return {
            "k": round(self.cutoff(), 6),
            "union": self.is_union(),
            "dimensions": list(self.dimensions),
            "weights": {c: round(w, 6) for c, w in self.weights().items()},
            "income_line": self.income_line,
            "card_required": self.card_required,
        }


def _clean_weights(pairs: Sequence[tuple[str, float]] | Mapping) -> tuple[tuple[str, float], ...]:
    items = list(pairs.items()) if isinstance(pairs, Mapping) else list(pairs)
    out: dict[str, float] = {}
    for code, value in items:
        if code not in INDICATOR_CODES:
            raise RuleError(f"indicator_weights: unknown indicator {code!r}")
        try:
            weight = float(value)
        except (TypeError, ValueError):
            raise RuleError(f"indicator_weights: {code} must be a number, got {value!r}") from None
        if not math.isfinite(weight) or weight < 0:
            raise RuleError(f"indicator_weights: {code} must be a number >= 0, got {value!r}")
        out[code] = weight
    return tuple((code, out[code]) for code in INDICATOR_CODES if code in out)


#: The rule TPMAP applies today (DOMAIN.md §3-4): union rule, five dimensions,
#: equal nested weights, the 38,000-baht income line and a welfare-card holder
#: required (target group 1.1).
TODAY = Rule()
#: The Scenarios page's rule 1 as it opens: today's rule without the welfare
#: card (the page opens on a change; components.scenarios.rule_form's
#: defaults). The server's warm-up fills its country figures (issue 13).
WITHOUT_CARD = Rule(card_required=False)


def parse_card(value: str) -> bool:
    """Return ``card_required`` from the command line's ``required`` / ``ignored``.

    Raises
    ------
    RuleError
        For any other word.

    Examples
    --------
    >>> from poverty.scenario import parse_card
    >>> parse_card("required"), parse_card("ignored")
    (True, False)
    """
    words = {"required": True, "ignored": False}
    if value not in words:
        raise RuleError(f"card: must be required or ignored, got {value!r}")
    return words[value]
