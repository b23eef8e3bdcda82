"""File schema of each kind of area-potential data, and its validated loader.

Six kinds, one file each in the folder named by ``TPMAP_POTENTIAL_DIR``
(``<kind>.csv`` or ``<kind>.xlsx``, first sheet; templates with a header and
two example rows in ``templates/potential/``, documented in its README):

=============== ===================================================================
kind            one row per
=============== ===================================================================
facilities      school or health facility (point)
centres         poverty-solving centre (ศจพ.) of a province, district, subdistrict
projects        funded project (eMENSCR-style)
economy         province: GPP, consumption, investment, Human Achievement Index
village_basic   village: basic data (กชช.2ค)
otop            OTOP product
=============== ===================================================================

Validation uses pandera like the household files (:mod:`data_loaders.schema`):
the first problem stops the load with one message naming the file, the row
(1-based data row, header not counted; in a spreadsheet, data row N is sheet
row N + 1) and the column.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from data_loaders.schema import DataValidationError, _text_booleans
from poverty.indicators import DIMENSION_CODES

#: Facility kinds and the group the distance analysis uses (health / school).
FACILITY_KINDS = {
    "hospital": "health",  # โรงพยาบาล (community, general or regional hospital)
    "health_centre": "health",  # รพ.สต. (sub-district health-promoting hospital)
    "primary_school": "school",
    "secondary_school": "school",
}
FACILITY_GROUPS = ("health", "school")
CENTRE_LEVELS = {"province": 2, "district": 4, "subdistrict": 6}
PROJECT_STATUSES = ("not_started", "in_progress", "completed", "cancelled")
#: The five OTOP product categories (Community Development Department).
OTOP_CATEGORIES = ("food", "beverage", "textile", "household_goods", "herbal")
#: Village basic data (กชช.2ค) indicators: boolean ones, then the others.
VILLAGE_BOOLEANS = ("road_all_season", "piped_water", "farm_water_sufficient", "internet_access")
#: Years are Buddhist Era (พ.ศ.); this range catches a Common Era year by mistake.
BE_YEARS = (2550, 2650)


def _text(pattern: str = r".*\S.*", unique: bool = False, nullable: bool = False) -> pa.Column:
    return pa.Column(
        str,
        pa.Check.str_matches(pattern),
        nullable=nullable,
        unique=unique,
        report_duplicates="exclude_first",
        coerce=True,
    )


def _number(low: float, high: float, dtype: type = float) -> pa.Column:
    return pa.Column(dtype, pa.Check.in_range(low, high), coerce=True)


def _year() -> pa.Column:
    return pa.Column(int, pa.Check.in_range(*BE_YEARS), coerce=True)


@dataclass(frozen=True)
class Kind:
    """One kind of potential data: its file stem, schema and column notes."""

    name: str
    title: str
    schema: pa.DataFrameSchema
    columns: Mapping[str, str]  # column -> meaning, unit, allowed values (README, templates)


FACILITIES = Kind(
    "facilities",
    "Schools and health facilities",
    pa.DataFrameSchema(
        {
            "facility_id": _text(r"\S+", unique=True),
            "kind": pa.Column(str, pa.Check.isin(list(FACILITY_KINDS)), coerce=True),
            "name": _text(),
            "lat": _number(5.0, 21.0),
            "lon": _number(97.0, 106.0),
            "subdistrict_code": _text(r"\d{6}"),
        },
        strict=False,
    ),
    {
        "facility_id": "unique id (e.g. the MOPH 5-digit hospital code, the OBEC school code)",
        "kind": "one of " + ", ".join(FACILITY_KINDS),
        "name": "facility name",
        "lat": "latitude, degrees (EPSG:4326), 5-21",
        "lon": "longitude, degrees (EPSG:4326), 97-106",
        "subdistrict_code": "6-digit DOPA code of the subdistrict it stands in",
    },
)

CENTRES = Kind(
    "centres",
    "Poverty-solving centres (ศจพ.) and partner agencies",
    pa.DataFrameSchema(
        {
            "area_code": _text(r"\d{2}|\d{4}|\d{6}", unique=True),
            "level": pa.Column(str, pa.Check.isin(list(CENTRE_LEVELS)), coerce=True),
            "centre_name": _text(),
            "chair": _text(nullable=True),
            "agencies": _text(nullable=True),
            "staff": _number(0, 100_000, int),
        },
        strict=False,
    ),
    {
        "area_code": "DOPA code of the province (2 digits), district (4) or subdistrict (6)",
        "level": "province (ศจพ.จ.), district (ศจพ.อ.) or subdistrict (operations team)",
        "centre_name": "name of the centre or team",
        "chair": "who chairs it (optional)",
        "agencies": "partner agencies, separated by ';' (optional)",
        "staff": "staff and team members at this centre, persons, >= 0",
    },
)

PROJECTS = Kind(
    "projects",
    "Funded projects (eMENSCR-style)",
    pa.DataFrameSchema(
        {
            "project_id": _text(r"\S+", unique=True),
            "area_code": _text(r"\d{2}|\d{4}|\d{6}|\d{8}"),
            "name": _text(),
            "agency": _text(),
            "dimension": pa.Column(str, pa.Check.isin(list(DIMENSION_CODES)), coerce=True),
            "budget_baht": _number(0, 1e11),
            "status": pa.Column(str, pa.Check.isin(list(PROJECT_STATUSES)), coerce=True),
            "fiscal_year": _year(),
        },
        strict=False,
    ),
    {
        "project_id": "unique project id (e.g. the eMENSCR project code)",
        "area_code": "DOPA code of the area it serves (2, 4, 6 or 8 digits)",
        "name": "project name",
        "agency": "responsible agency",
        "dimension": "MPI dimension it addresses: " + ", ".join(DIMENSION_CODES),
        "budget_baht": "budget, baht, >= 0",
        "status": "one of " + ", ".join(PROJECT_STATUSES),
        "fiscal_year": "fiscal year, Buddhist Era (e.g. 2566 = Oct 2022 - Sep 2023)",
    },
)

ECONOMY = Kind(
    "economy",
    "Provincial economy and Human Achievement Index",
    pa.DataFrameSchema(
        {
            "province_code": _text(r"\d{2}", unique=True),
            "year": _year(),
            "gpp_million_baht": pa.Column(float, pa.Check.in_range(0, 1e8), coerce=True),
            "consumption_million_baht": _number(0, 1e8),
            "investment_million_baht": _number(0, 1e8),
            "hai": _number(0.0, 1.0),
        },
        strict=False,
    ),
    {
        "province_code": "2-digit DOPA province code",
        "year": "year of the figures, Buddhist Era",
        "gpp_million_baht": "gross provincial product, million baht (NESDC)",
        "consumption_million_baht": "household consumption expenditure, million baht",
        "investment_million_baht": "investment (gross fixed capital formation), million baht",
        "hai": "Human Achievement Index, 0-1 (UNDP / NESDC)",
    },
)

VILLAGE_BASIC = Kind(
    "village_basic",
    "Village basic data (กชช.2ค)",
    pa.DataFrameSchema(
        {
            "village_code": _text(r"\d{8}", unique=True),
            "year": _year(),
            **{c: pa.Column("boolean", nullable=False, coerce=True) for c in VILLAGE_BOOLEANS},
            "electricity_share": _number(0.0, 1.0),
            "village_fund_baht": _number(0, 1e10),
        },
        strict=False,
    ),
    {
        "village_code": "8-digit village code (subdistrict + หมู่ที่)",
        "year": "survey year, Buddhist Era",
        "road_all_season": "true when the road to the district is usable all year",
        "piped_water": "true when the village has a piped water supply (ประปาหมู่บ้าน)",
        "farm_water_sufficient": "true when water for farming is sufficient",
        "internet_access": "true when the village has a public internet access point",
        "electricity_share": "share of households with electricity, 0-1",
        "village_fund_baht": "village fund (กองทุนหมู่บ้าน) capital, baht, >= 0",
    },
)

OTOP = Kind(
    "otop",
    "OTOP products",
    pa.DataFrameSchema(
        {
            "product_id": _text(r"\S+", unique=True),
            "subdistrict_code": _text(r"\d{6}"),
            "village_code": _text(r"\d{8}", nullable=True),
            "name": _text(),
            "category": pa.Column(str, pa.Check.isin(list(OTOP_CATEGORIES)), coerce=True),
            "stars": _number(1, 5, int),
        },
        strict=False,
    ),
    {
        "product_id": "unique product id",
        "subdistrict_code": "6-digit DOPA code of the producer's subdistrict",
        "village_code": "8-digit village code (optional; inside the subdistrict)",
        "name": "product name",
        "category": "one of " + ", ".join(OTOP_CATEGORIES),
        "stars": "OTOP Product Champion rating, 1-5 stars",
    },
)

KINDS: dict[str, Kind] = {
    k.name: k for k in (FACILITIES, CENTRES, PROJECTS, ECONOMY, VILLAGE_BASIC, OTOP)
}
SUFFIXES = (".csv", ".xlsx")


def find_file(folder: Path, kind: str) -> Path | None:
    """Return ``folder/<kind>.csv`` or ``.xlsx`` if present (CSV first), else None.

    Raises
    ------
    DataValidationError
        If both a CSV and an XLSX file of the kind are present (which one
        counts would be a guess).
    """
    found = [folder / f"{kind}{s}" for s in SUFFIXES if (folder / f"{kind}{s}").is_file()]
    if len(found) > 1:
        raise DataValidationError(
            f"{folder}: both {found[0].name} and {found[1].name} are present; keep one"
        )
    return found[0] if found else None


def read_file(path: str | Path) -> pd.DataFrame:
    """Read a CSV (UTF-8, BOM allowed) or XLSX (first sheet) file, every cell as text.

    Empty cells become null. Leading and trailing spaces are stripped.

    Raises
    ------
    DataValidationError
        If the file is missing, of another kind, or unreadable.
    """
    path = Path(path)
    if not path.is_file():
        raise DataValidationError(f"{path}: file not found")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DataValidationError(f"{path}: expected a .csv or .xlsx file")
    try:
        if suffix == ".csv":
            frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
        else:
            frame = pd.read_excel(path, dtype=str, sheet_name=0)
    except Exception as exc:  # noqa: BLE001 - any reader failure becomes one clear message
        raise DataValidationError(f"{path}: cannot read the file ({exc})") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    for col in frame.columns:
        text = frame[col].astype("string").str.strip()
        frame[col] = text.astype(object).where(text.fillna("").ne(""), None)
    return frame


def _why(check: str, value: object) -> str:
    """Return a failed pandera check in words, with the offending value."""
    value = value.item() if isinstance(value, np.generic) else value
    if check == "not_nullable":
        return "is empty (a value is required)"
    if check.startswith("coerce_dtype('float"):
        return f"{value!r} is not a number"
    if check.startswith("coerce_dtype('int"):
        return f"{value!r} is not a whole number"
    if check.startswith("field_uniqueness"):
        return f"{value!r} is repeated (must be unique)"
    return f"value {value!r} fails {check}"


def _run_schema(frame: pd.DataFrame, schema: pa.DataFrameSchema, source: str) -> pd.DataFrame:
    """Validate with pandera; raise for the first failing row (file order), naming its column."""
    missing = [c for c in schema.columns if c not in frame.columns]
    if missing:
        raise DataValidationError(f"{source}: missing column(s) {missing}")
    try:
        return schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.copy()
        cases["row"] = pd.to_numeric(cases["index"], errors="coerce")
        first = cases.sort_values("row", kind="stable", na_position="last").iloc[0]
        row = f"row {int(first['row']) + 1}" if pd.notna(first["row"]) else "all rows"
        column = first.get("column") or "(table)"
        why = _why(str(first["check"]), first["failure_case"])
        raise DataValidationError(
            f"{source}: {row}, column {column!r}: {why} ({len(cases):,} failure(s) in all)"
        ) from None


def _check_rows(
    frame: pd.DataFrame, bad: pd.Series, columns: str | tuple[str, ...], source: str, why
) -> None:
    """Raise for the first row where ``bad`` is True; ``why(row)`` says what is wrong.

    ``columns``: the column at fault, or several that disagree (all named).
    """
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        named = (
            f"column {columns!r}"
            if isinstance(columns, str)
            else "columns " + ", ".join(repr(c) for c in columns)
        )
        raise DataValidationError(f"{source}: row {row + 1}, {named}: {why(row)}")


def validate(
    kind: str,
    frame: pd.DataFrame,
    source: str,
    area_codes: Collection[str] | None = None,
) -> pd.DataFrame:
    """Validate one kind's table; return it with coerced dtypes and only its columns.

    Checks the columns, types, ranges and allowed values of :data:`KINDS`,
    unique ids, and, when ``area_codes`` (every known DOPA code, all levels)
    is given, that each area, subdistrict or village code exists. Also:
    a centre's ``level`` matches the length of its ``area_code``; an OTOP
    product's ``village_code`` lies in its ``subdistrict_code``.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    frame : DataFrame
        As read by :func:`read_file` (text cells) or already typed.
    source : str
        The file name used in messages.
    area_codes : collection of str, optional
        Known codes of provinces, districts, subdistricts and villages.

    Raises
    ------
    DataValidationError
        Naming ``source``, the 1-based row and the column of the first problem.
    KeyError
        For an unknown kind.
    """
    spec = KINDS[kind]
    frame = frame.copy()
    if kind == "village_basic":
        frame = _text_booleans(frame, VILLAGE_BOOLEANS, source)
    frame = _run_schema(frame, spec.schema, source)
    frame = frame[list(spec.columns)].reset_index(drop=True)
    known = None if area_codes is None else pd.Index(area_codes)
    code_columns = {
        "facilities": ["subdistrict_code"],
        "centres": ["area_code"],
        "projects": ["area_code"],
        "economy": ["province_code"],
        "village_basic": ["village_code"],
        "otop": ["subdistrict_code"],
    }[kind]
    if kind == "centres":
        expected = frame["level"].map(CENTRE_LEVELS)
        _check_rows(
            frame,
            frame["area_code"].str.len() != expected,
            ("level", "area_code"),
            source,
            lambda r: (
                f"{frame['area_code'].iloc[r]!r} is not a {frame['level'].iloc[r]} code "
                f"({CENTRE_LEVELS[frame['level'].iloc[r]]} digits)"
            ),
        )
    if kind == "otop":
        given = frame["village_code"].notna()
        _check_rows(
            frame,
            given & (frame["village_code"].str.slice(0, 6) != frame["subdistrict_code"]),
            "village_code",
            source,
            lambda r: (
                f"{frame['village_code'].iloc[r]!r} is not inside subdistrict "
                f"{frame['subdistrict_code'].iloc[r]!r}"
            ),
        )
    if known is not None:
        if kind == "otop":
            code_columns.append("village_code")
        for column in code_columns:
            _check_rows(
                frame,
                frame[column].notna() & ~frame[column].isin(known),
                column,
                source,
                lambda r, c=column: f"unknown area code {frame[c].iloc[r]!r}",
            )
    return frame


def load(path: str | Path, kind: str, area_codes: Collection[str] | None = None) -> pd.DataFrame:
    """Read and validate one kind's file (see :func:`validate`).

    Raises
    ------
    DataValidationError
        If the file is unreadable or a row is invalid (file, row, column named).
    """
    return validate(kind, read_file(path), str(path), area_codes)
