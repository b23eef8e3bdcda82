"""Target groups, colour classes, vulnerability levels and the star rating.

Sources: DOMAIN.md §3 (colour classes, seed 002), §4 (FY2566 target groups
and vulnerability, seed 004), §6 (TPMAP's star rating, seed 004).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import settings
from poverty.indicators import INDICATOR_CODES

#: Colour class by number of dimensions failed (seed 002): 1 green, 2-3
#: yellow, 4-5 red; 0 dimensions has no class.
#: Their colours are :data:`display.colours.HOUSEHOLD_RGB` (the one palette place).
COLOUR_CLASSES = ("none", "green", "yellow", "yellow", "red", "red")


def colour_class(n_dimensions_failed: np.ndarray) -> np.ndarray:
    """Return "none"/"green"/"yellow"/"red" per household (seed 002).

    Raises
    ------
    ValueError
        If a count is outside 0-5.

    Examples
    --------
    >>> import numpy as np
    >>> from poverty.targets import colour_class
    >>> colour_class(np.array([0, 1, 3, 5])).tolist()
    ['none', 'green', 'yellow', 'red']
    """
    counts = np.asarray(n_dimensions_failed, dtype=int)
    if counts.size and (counts.min() < 0 or counts.max() > 5):
        raise ValueError("dimensions failed must be in 0-5")
    return np.asarray(COLOUR_CLASSES, dtype=object)[counts]


#: The TPMAP target-poor group (MPI-poor with a welfare-card holder, DOMAIN.md §4).
TARGET_POOR_GROUP = "1.1"


def target_group(
    poor: np.ndarray,
    welfare_card_holders: np.ndarray,
    no_mpi_data: np.ndarray | None = None,
) -> np.ndarray:
    """Return the FY2566 target group per household (seed 004, DOMAIN.md §4).

    "1.1": MPI-poor with at least one welfare-card holder; "1.2": MPI-poor
    without; to survey further, "3.1": holders not failing MPI and "3.2":
    holders with no MPI data; "" otherwise.

    Parameters
    ----------
    poor : bool, shape (n,)
        MPI-poor households.
    welfare_card_holders : int >= 0, shape (n,)
        Members holding the state welfare card.
    no_mpi_data : bool, shape (n,), optional
        Households whose 17 indicators are all missing (:func:`no_mpi_data`);
        default none. Such a household is never poor.

    Raises
    ------
    ValueError
        If a household is both poor and without MPI data, or the shapes differ.

    Examples
    --------
    >>> import numpy as np
    >>> from poverty.targets import target_group
    >>> poor = np.array([True, True, False, False, False])
    >>> holders = np.array([2, 0, 1, 0, 1])
    >>> missing = np.array([False, False, False, False, True])
    >>> target_group(poor, holders, missing).tolist()
    ['1.1', '1.2', '3.1', '', '3.2']
    """
    poor = np.asarray(poor, dtype=bool)
    card = np.asarray(welfare_card_holders) > 0
    missing = np.zeros(len(poor), bool) if no_mpi_data is None else np.asarray(no_mpi_data, bool)
    if not (len(poor) == len(card) == len(missing)):
        raise ValueError(
            "poor, welfare_card_holders and no_mpi_data must have one row per household"
        )
    if (poor & missing).any():
        raise ValueError("a household without MPI data cannot be MPI-poor")
    return np.select(
        [poor & card, poor & ~card, missing & card, ~poor & card],
        [TARGET_POOR_GROUP, "1.2", "3.2", "3.1"],
        "",
    )


def no_mpi_data(households: pd.DataFrame) -> np.ndarray:
    """Return True per household whose 17 indicator columns are all missing (null/NaN).

    Such a household has no MPI data: with a welfare-card holder it is group
    3.2, "to survey further" (seed 004, DOMAIN.md §4).

    Parameters
    ----------
    households : DataFrame, shape (n, ...)
        One column per indicator code (:data:`poverty.indicators.INDICATOR_CODES`).

    Returns
    -------
    bool array, shape (n,)

    Raises
    ------
    KeyError
        If an indicator column is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> from poverty.indicators import INDICATOR_CODES
    >>> from poverty.targets import no_mpi_data
    >>> households = pd.DataFrame({code: [None, False] for code in INDICATOR_CODES})
    >>> no_mpi_data(households).tolist()
    [True, False]
    """
    return households[list(INDICATOR_CODES)].isna().all(axis=1).to_numpy(dtype=bool)


def vulnerability_level(
    income_per_capita: pd.Series | np.ndarray,
    n_dependents: pd.Series | np.ndarray,
    housing_problem: pd.Series | np.ndarray,
    low_income_line: float | None = None,
) -> np.ndarray:
    """Return the vulnerability level 0-3 per household, -1 when not vulnerable.

    Rule (seed 004, DOMAIN.md §4), with *low income* = income per capita
    below ``low_income_line`` (default 100,000 baht/person/year) and the
    housing problem counted like one more dependent ("and/or housing
    problem"):

    - 3: low income and dependents + housing problem > 2;
    - 2: low income and dependents + housing problem in 1-2;
    - 1: low income alone, or a housing problem without low income;
    - 0: not low income, no housing problem, but a dependent;
    - -1: none of these.

    Parameters
    ----------
    income_per_capita : baht/person/year, shape (n,)
    n_dependents : int >= 0, shape (n,)
    housing_problem : bool, shape (n,)

    Raises
    ------
    ValueError
        If a dependent count is negative.

    Examples
    --------
    Low income with 3 dependents; low income with 1 dependent and a housing
    problem; low income alone; a housing problem alone; a dependent alone;
    none.

    >>> from poverty.targets import vulnerability_level
    >>> vulnerability_level(
    ...     [50_000, 50_000, 50_000, 150_000, 150_000, 150_000],
    ...     [3, 1, 0, 0, 2, 0],
    ...     [False, True, False, True, False, False],
    ...     low_income_line=100_000,
    ... ).tolist()
    [3, 2, 1, 1, 0, -1]
    """
    line = settings.LOW_INCOME_LINE if low_income_line is None else low_income_line
    income = np.asarray(income_per_capita, dtype=float)
    dependents = np.asarray(n_dependents, dtype=int)
    housing = np.asarray(housing_problem, dtype=bool)
    if dependents.size and dependents.min() < 0:
        raise ValueError("n_dependents must be >= 0")
    low = income < line
    burden = dependents + housing
    return np.select(
        [low & (burden > 2), low & (burden >= 1), low | housing, dependents > 0],
        [3, 2, 1, 0],
        -1,
    ).astype(np.int8)


def star_rating(headcount_ratio: float) -> int:
    """Return TPMAP's star rating 1-5: more stars = smaller share of poor.

    Thresholds on H come from ``settings.STAR_THRESHOLDS`` (a project
    decision: TPMAP publishes the idea, seed 004, not the cut points).

    Examples
    --------
    With the default thresholds (H below 5 %, 10 %, 15 %, 25 %):

    >>> from poverty.targets import star_rating
    >>> star_rating(0.03), star_rating(0.12), star_rating(0.30)
    (5, 3, 1)
    """
    for stars, limit in zip((5, 4, 3, 2), settings.STAR_THRESHOLDS, strict=True):
        if headcount_ratio < limit:
            return stars
    return 1
