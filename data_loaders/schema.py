"""File schema of household and person data, and their validation.

The schema is DOMAIN.md §2 (one row per household with the 17 indicator
columns; one row per person). Validation uses pandera; the first failure is
reported as one message naming the file, the row (1-based data row, header
not counted) and the column.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pandera.pandas as pa

import settings
from poverty.indicators import INDICATOR_CODES

#: ``income_per_capita`` is both an indicator code and, in many exports, the
#: income itself. A file carries it in one of two forms, told apart by type
#: (:func:`income_form`): a boolean deprivation column (DOMAIN.md §2: ``True``
#: = below the BMN line, null = not known) or the income in baht/person/year
#: (deprived below ``settings.INCOME_LINE``, 38,000). The other 16 indicators
#: are boolean columns.
INCOME = "income_per_capita"
BOOLEAN_INDICATORS = tuple(c for c in INDICATOR_CODES if c != INCOME)
#: The income deprivation as a nullable boolean column of a validated table:
#: given by a boolean file, or derived from the baht amount (:func:`income_below_line`).
INCOME_BELOW_LINE = "income_below_line"
#: The two forms of the income column (:func:`income_form`).
INCOME_FORMS = ("baht", "deprivation")
#: Relation to the head of household (optional person column ``relation``).
#: A project decision (DOMAIN.md §2 names no person columns): a BMN export's
#: own relation codes are mapped to these words by a table before loading.
RELATIONS = (
    "head",
    "spouse",
    "child",
    "child_in_law",
    "grandchild",
    "parent",
    "sibling",
    "other_relative",
    "non_relative",
)
#: Text a CSV may hold for a boolean: true/false/yes/no (any case), 1/0, empty = null.
TRUE_FALSE_WORDS = {"true": True, "false": False, "yes": True, "no": False}
TEXT_BOOLEANS = {**TRUE_FALSE_WORDS, "1": True, "0": False, "1.0": True, "0.0": False}


class DataValidationError(ValueError):
    """Bad input data: the message names the file, row and column."""


def national_id_check_digit(first12: np.ndarray) -> np.ndarray:
    """Return the Thai national ID check digit for 12-digit prefixes.

    Rule (Department of Provincial Administration): with digits d1..d12,
    ``check = (11 - (Σ d_i × (14 - i)) mod 11) mod 10``.

    Parameters
    ----------
    first12 : array of int, shape (n, 12), digits 0-9
    """
    digits = np.asarray(first12, dtype=np.int64)
    total = (digits * np.arange(13, 1, -1)).sum(axis=1)
    return (11 - total % 11) % 10


def valid_national_id(ids: pd.Series) -> pd.Series:
    """Return True where an ID is 13 digits with a correct check digit."""
    text = ids.astype("string").fillna("")
    ok = text.str.fullmatch(r"\d{13}").fillna(False).astype(bool)
    out = pd.Series(False, index=ids.index)
    if ok.any():
        digits = np.array([list(map(int, s)) for s in text[ok]], dtype=np.int64)
        out[ok] = national_id_check_digit(digits[:, :12]) == digits[:, 12]
    return out


_code = {2: r"\d{2}", 4: r"\d{4}", 6: r"\d{6}", 8: r"\d{8}"}
_code_width = {"province_code": "..", "district_code": "....", "subdistrict_code": "......"}


def _str(pattern: str | None = None, unique: bool = False) -> pa.Column:
    checks = [pa.Check.str_matches(pattern)] if pattern else []
    # A repeated value is reported at the repeat, not at its first (valid) occurrence.
    return pa.Column(
        str, checks, nullable=False, unique=unique, report_duplicates="exclude_first", coerce=True
    )


_WIDE_CHECKS = {
    "welfare_card_holders <= n_members": "'welfare_card_holders', 'n_members'",
    "n_dependents <= n_members": "'n_dependents', 'n_members'",
    "has_debt == (debt_baht > 0)": "'has_debt', 'debt_baht'",
}

#: Employment status of a person aged 15+ (optional column ``employment``;
#: DOMAIN.md §6 panel 1: unemployment and under-employment).
EMPLOYMENT_STATUSES = ("employed", "underemployed", "unemployed", "not_in_labour_force")


def _debt_consistent(df: pd.DataFrame) -> pd.Series | bool:
    """``has_debt`` agrees with ``debt_baht > 0`` where both are given."""
    if "has_debt" not in df or "debt_baht" not in df:
        return True
    both = df["has_debt"].notna() & df["debt_baht"].notna()
    return ~both | (df["has_debt"].fillna(False).astype(bool) == (df["debt_baht"] > 0))


HOUSEHOLD_SCHEMA = pa.DataFrameSchema(
    {
        "household_id": _str(r"\S+", unique=True),
        "province_code": _str(_code[2]),
        "district_code": _str(_code[4]),
        "subdistrict_code": _str(_code[6]),
        "village_code": _str(_code[8]),
        "lat": pa.Column(float, pa.Check.in_range(5.0, 21.0), coerce=True),
        "lon": pa.Column(float, pa.Check.in_range(97.0, 106.0), coerce=True),
        "n_members": pa.Column(int, pa.Check.in_range(1, 60), coerce=True),
        # Baht/person/year; null = not given. A boolean file's column is turned
        # into INCOME_BELOW_LINE and an all-null amount before this check.
        INCOME: pa.Column(float, pa.Check.in_range(0, 1e8), nullable=True, coerce=True),
        "welfare_card_holders": pa.Column(int, pa.Check.ge(0), coerce=True),
        "n_dependents": pa.Column(int, pa.Check.ge(0), coerce=True),
        "housing_problem": pa.Column(bool, coerce=True),
        **{code: pa.Column("boolean", nullable=True, coerce=True) for code in BOOLEAN_INDICATORS},
        # Optional (a BMN export may lack them): household debt, baht, and its flag.
        "debt_baht": pa.Column(
            float, pa.Check.in_range(0, 1e9), nullable=True, required=False, coerce=True
        ),
        "has_debt": pa.Column("boolean", nullable=True, required=False, coerce=True),
    },
    checks=[
        pa.Check(
            lambda df: df["welfare_card_holders"] <= df["n_members"],
            name="welfare_card_holders <= n_members",
        ),
        pa.Check(
            lambda df: df["n_dependents"] <= df["n_members"], name="n_dependents <= n_members"
        ),
        pa.Check(_debt_consistent, name="has_debt == (debt_baht > 0)"),
    ],
    strict=False,
)

PERSON_SCHEMA = pa.DataFrameSchema(
    {
        "person_id": _str(r"\S+", unique=True),
        "household_id": _str(r"\S+"),
        # Not unique: a repeated ID is a data-quality flag of the loaded build
        # (data_loaders.quality), not a reason to refuse the whole export.
        "national_id": pa.Column(
            str, pa.Check(valid_national_id, name="13 digits, valid check digit"), coerce=True
        ),
        "name": _str(r".*\S.*"),
        "sex": pa.Column(str, pa.Check.isin(["M", "F"]), coerce=True),
        # Whole years; an impossible age (< 0 or > 120) is a data-quality flag
        # (data_loaders.quality), so only the type is checked here.
        "age": pa.Column(int, coerce=True),
        "welfare_card": pa.Column(bool, coerce=True),
        "disabled": pa.Column(bool, coerce=True),
        "dependent": pa.Column(bool, coerce=True),
        # Optional: education and employment status of persons aged 15+ (null for children).
        "in_education": pa.Column("boolean", nullable=True, required=False, coerce=True),
        "employment": pa.Column(
            str,
            pa.Check.isin(EMPLOYMENT_STATUSES),
            nullable=True,
            required=False,
            coerce=True,
        ),
        # Optional: relation to the head of household (RELATIONS).
        "relation": pa.Column(
            str, pa.Check.isin(RELATIONS), nullable=True, required=False, coerce=True
        ),
    },
    strict=False,
)


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a Parquet or CSV file, keeping code columns as text.

    Raises
    ------
    DataValidationError
        If the file is missing, of another kind, or unreadable.
    """
    path = Path(path)
    if not path.exists():
        raise DataValidationError(f"{path}: file not found")
    try:
        if path.suffix.lower() == ".parquet":
            return pd.read_parquet(path)
        if path.suffix.lower() == ".csv":
            return pd.read_csv(path, dtype=str, keep_default_na=True, encoding="utf-8-sig")
    except Exception as exc:  # noqa: BLE001 - any reader failure becomes one clear message
        raise DataValidationError(f"{path}: cannot read the file ({exc})") from exc
    raise DataValidationError(f"{path}: expected a .parquet or .csv file")


def _text_booleans(frame: pd.DataFrame, columns: Collection[str], source: str) -> pd.DataFrame:
    """Map text booleans (true/false/1/0/yes/no, empty = null) to nullable booleans.

    Columns that are already boolean are left alone; CSV files arrive as text.
    """
    mapping = TEXT_BOOLEANS
    for col in columns:
        if col not in frame or pd.api.types.is_bool_dtype(frame[col]):
            continue
        values = frame[col]
        text = values.map(
            lambda v: (
                None
                if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))
                else str(v).strip().lower()
            )
        )
        text = text.replace("", None)
        unknown = text.notna() & ~text.isin(list(mapping))
        if unknown.any():
            row = int(np.flatnonzero(unknown.to_numpy())[0])
            raise DataValidationError(
                f"{source}: row {row + 1}, column {col!r}: {values.iloc[row]!r} is not true/false"
            )
        frame[col] = text.map(mapping).astype("boolean")
    return frame


def income_form(column: pd.Series, source: str) -> str:
    """Tell the two forms of the ``income_per_capita`` column apart by type.

    Rule (issue 15; DOMAIN.md §2 gives each indicator as one boolean column,
    while many exports carry the income itself):

    - a boolean dtype (Parquet ``bool``/``boolean``), or text holding any of
      true/false/yes/no (CSV), is the deprivation: ``True`` = income below
      the BMN line; the other values must then be booleans too (checked by
      the caller, row and column named);
    - a numeric dtype, or text with no true/false word, is the income in
      baht/person/year (non-numbers and negative amounts are refused by the
      schema, row and column named);
    - a numeric column holding only 0 and 1 is refused: it cannot be told
      apart (a 0/1 deprivation flag read as baht would make every household
      fail income, the fault this rule removes).

    Parameters
    ----------
    column : Series, shape (n,)
        The raw column, as read by :func:`read_table`.
    source : str
        File name for the message.

    Returns
    -------
    str
        ``"deprivation"`` or ``"baht"`` (:data:`INCOME_FORMS`).

    Raises
    ------
    DataValidationError
        For a 0/1-only numeric column (file, "all rows", column named).
    """
    if pd.api.types.is_bool_dtype(column):
        return "deprivation"
    if pd.api.types.is_numeric_dtype(column):
        numbers = pd.to_numeric(column, errors="coerce")
    else:
        text = column.dropna().astype(str).str.strip().str.lower()
        if text.isin(list(TRUE_FALSE_WORDS)).any():
            return "deprivation"
        if column.map(lambda v: isinstance(v, bool | np.bool_)).any():
            return "deprivation"
        numbers = pd.to_numeric(text, errors="coerce")
    given = numbers.dropna()
    if len(given) and given.isin([0, 1]).all():
        raise DataValidationError(
            f"{source}: all rows, column {INCOME!r}: holds only 0 and 1, which could be a "
            "deprivation flag or an income in baht; write the deprivation as true/false "
            "or the income in baht/person/year"
        )
    return "baht"


def income_below_line(income_per_capita: pd.Series) -> pd.Series:
    """Return the income deprivation from the amount: below ``settings.INCOME_LINE``.

    Parameters
    ----------
    income_per_capita : Series of float, baht/person/year, null = not given

    Returns
    -------
    Series of nullable boolean, same index: ``True`` below the line (38,000
    baht/person/year by default, BMN 2560-2564), null where the amount is null.
    """
    amount = pd.to_numeric(income_per_capita, errors="coerce")
    return (amount < settings.INCOME_LINE).astype("boolean").mask(amount.isna())


def _validate(frame: pd.DataFrame, schema: pa.DataFrameSchema, source: str) -> pd.DataFrame:
    missing = [c for c, col in schema.columns.items() if col.required and c not in frame.columns]
    if missing:
        raise DataValidationError(f"{source}: missing column(s) {missing}")
    try:
        return schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        wide = cases["check"].astype(str).isin(_WIDE_CHECKS)
        # Column-level failures name their own column; report those first.
        cases = pd.concat([cases[~wide], cases[wide]])
        first = cases.iloc[0]
        index = first.get("index")
        row = f"row {int(index) + 1}" if pd.notna(index) else "all rows"
        if str(first["check"]) in _WIDE_CHECKS:
            raise DataValidationError(
                f"{source}: {row}, columns {_WIDE_CHECKS[str(first['check'])]}: "
                f"fails {first['check']}"
            ) from None
        column = first.get("column") or "(table)"
        value = first.get("failure_case")
        # Show -5.0, not np.float64(-5.0).
        value = value.item() if isinstance(value, np.generic) else value
        raise DataValidationError(
            f"{source}: {row}, column {column!r}: value {value!r} fails "
            f"{first.get('check')} ({len(cases):,} failure(s) in all)"
        ) from None


def _unknown_reference(
    frame: pd.DataFrame, column: str, known: Collection[str], source: str, message: str
) -> None:
    """Raise for the first row whose ``column`` value is not in ``known``.

    ``message`` is formatted with the offending value.
    """
    # An index lookup: much faster than Series.isin on pandas' Arrow-backed strings.
    unknown = pd.Index(known).unique().get_indexer(frame[column]) < 0
    if unknown.any():
        row = int(np.flatnonzero(unknown)[0])
        raise DataValidationError(
            f"{source}: row {row + 1}, column {column!r}: "
            + message.format(frame[column].iloc[row])
        )


def validate_households(
    frame: pd.DataFrame, source: str, village_codes: Collection[str] | None = None
) -> pd.DataFrame:
    """Validate a household table; return it with coerced dtypes.

    Checks types and ranges (DOMAIN.md §2), unique ``household_id``, that
    each code is the prefix of the next (province ⊂ district ⊂ subdistrict ⊂
    village) and, when ``village_codes`` is given, that every village code
    is known. The optional ``debt_baht`` (baht, 0 to 1e9) and ``has_debt``
    are checked when present, and must agree (``has_debt`` ⇔ debt > 0).

    ``income_per_capita`` may be a boolean deprivation or the income in
    baht/person/year, told apart by :func:`income_form`. The returned table
    has ``income_per_capita`` in baht (all null for a boolean file), the
    nullable boolean ``income_below_line`` (the deprivation, given or
    derived from the amount) and ``attrs["income_form"]``. The optional
    ``house_no`` (text) comes after ``village_code``, ``""`` where not given.

    Returns
    -------
    DataFrame, shape (n, columns + 1)

    Raises
    ------
    DataValidationError
        Naming ``source``, the 1-based row and the column of the first problem.
    """
    frame = frame.copy()
    form = income_form(frame[INCOME], source) if INCOME in frame else "baht"
    booleans = [*BOOLEAN_INDICATORS, "housing_problem", "has_debt"]
    frame = _text_booleans(
        frame, [*booleans, INCOME] if form == "deprivation" else booleans, source
    )
    deprivation = frame[INCOME].copy() if form == "deprivation" else None
    if deprivation is not None:
        # The amount is not known: the column stays, all null.
        frame[INCOME] = np.nan
    frame = _validate(frame, HOUSEHOLD_SCHEMA, source)
    frame[INCOME_BELOW_LINE] = (
        deprivation.astype("boolean").to_numpy()
        if deprivation is not None
        else income_below_line(frame[INCOME]).to_numpy()
    )
    frame.attrs["income_form"] = form
    # Optional house number (text; addresses and lists show it): "" when not given.
    house_no = frame.pop("house_no").astype("string") if "house_no" in frame else None
    frame.insert(
        frame.columns.get_loc("village_code") + 1,
        "house_no",
        pd.Series("", index=frame.index, dtype="string")
        if house_no is None
        else house_no.fillna("").str.strip(),
    )
    for parent, child in [
        ("province_code", "district_code"),
        ("district_code", "subdistrict_code"),
        ("subdistrict_code", "village_code"),
    ]:
        width = len(_code_width[parent])
        bad = frame[child].str.slice(0, width) != frame[parent]
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataValidationError(
                f"{source}: row {row + 1}, column {child!r}: {frame[child].iloc[row]!r} is not "
                f"inside {parent} {frame[parent].iloc[row]!r}"
            )
    if village_codes is not None:
        _unknown_reference(frame, "village_code", village_codes, source, "unknown area code {!r}")
    return frame


def validate_persons(
    frame: pd.DataFrame, source: str, household_ids: Collection[str] | None = None
) -> pd.DataFrame:
    """Validate a person table; return it with coerced dtypes.

    Checks types and ranges, unique ``person_id``, ``national_id`` of 13
    digits with a valid check digit and, when ``household_ids`` is given,
    that each person's household exists. The optional ``in_education``
    (boolean), ``employment`` (one of :data:`EMPLOYMENT_STATUSES`, null for
    children) and ``relation`` (one of :data:`RELATIONS`) are checked when
    present. A national ID repeated, an age below 0 or above 120 and
    impossible relations are accepted here and flagged on the loaded build
    (:mod:`data_loaders.quality`): one such row does not refuse an export.

    Raises
    ------
    DataValidationError
        Naming ``source``, the 1-based row and the column of the first problem.
    """
    frame = _text_booleans(
        frame.copy(), ["welfare_card", "disabled", "dependent", "in_education"], source
    )
    frame = _validate(frame, PERSON_SCHEMA, source)
    if household_ids is not None:
        _unknown_reference(
            frame, "household_id", household_ids, source, "no household {!r} in the household file"
        )
    return frame


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    """Return the column names of a stored table of a build.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A connection to the build (:func:`queries.figures.connect`).
    table : str
        A table or view of the build, e.g. ``"persons"``.

    Returns
    -------
    set of str
        The table's columns; optional BMN fields (DOMAIN.md §2) may be absent.

    Raises
    ------
    duckdb.CatalogException
        If the build has no such table.
    """
    return {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
