"""The data service's read side: one build, its area tables with suppression, and boundaries.

Streamlit-free and web-free: :class:`DataService` opens the build read-only
(:func:`queries.figures.connect`), computes the figures of a whole level at
once (:func:`queries.figures.level_measures`, the measures the dashboard
shows; the Logbook's progress counted as :mod:`logbook.stats` defines it),
applies :mod:`api.suppression` over each group of sibling areas, and joins
the simplified boundaries of the build (villages: their points). The build
is read-only, so measures are cached for the life of the process; Logbook
figures change as teams record, so they are cached for
:data:`PROGRESS_SECONDS`.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

import settings
from api.suppression import STAGE_COLUMNS, suppress
from geo.areas import CODE_LENGTH, LEVELS, UnknownAreaError, level_of
from logbook import store
from logbook.models import STAGES
from logbook.stats import logbook_frames, target_status
from poverty.indicators import DIMENSION_CODES, UnknownCodeError, checked_codes
from poverty.measures import WELFARE_CARD_FILTERS, validate_k
from poverty.targets import star_rating
from queries import figures

#: Seconds the Logbook's progress figures are kept before they are read again.
PROGRESS_SECONDS = 60.0
#: Level tables kept (levels × option sets × the current and the next Logbook read).
TABLES_KEPT = 64
#: Boundary file of each level in the build (villages are points).
LEVEL_FILES = {
    "province": "provinces",
    "district": "districts",
    "subdistrict": "subdistricts",
    "village": "villages",
}
#: Progress columns, in the order they are published.
PROGRESS_COLUMNS = (
    "target_households",
    "surveyed_households",
    "helped_households",
    "surveyed_share",
    "helped_share",
    *STAGE_COLUMNS,
)
#: Columns that describe an area rather than measure it.
AREA_COLUMNS = ("code", "level", "parent_code", "province_code", "name_th", "name_en")


class OptionError(ValueError):
    """A bad option of the statistics (k, dimensions, welfare card, year); names the parameter."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


class AreaNotFoundError(LookupError):
    """An area code that is malformed, unknown, or holds no households in the build."""


@dataclass(frozen=True)
class Options:
    """The sidebar's options of a statistics request (hashable: a cache key).

    Attributes
    ----------
    k : float or None
        Cut-off in (0, 1]; None = TPMAP's union rule (DOMAIN.md §3).
    dimensions : tuple of str
        Dimensions that count (empty = all five).
    welfare_card : {"all", "with", "without"}
    year : int or None
        Survey round (B.E.); None = the latest round of the build.
    """

    k: float | None = None
    dimensions: tuple[str, ...] = ()
    welfare_card: str = "all"
    year: int | None = None

    @classmethod
    def parse(
        cls, k: str | None, dimensions: Sequence[str] | None, welfare_card: str | None
    ) -> Options:
        """Return checked options from query parameters.

        ``dimensions`` may hold comma-separated names. Raises
        :class:`OptionError` naming ``k``, ``dimensions`` or ``welfare_card``.
        """
        dims: list[str] = []
        for item in dimensions or ():
            dims += [d.strip() for d in str(item).split(",") if d.strip()]
        try:
            ordered = checked_codes(dims, "dimension")
        except UnknownCodeError as exc:
            raise OptionError("dimensions", str(exc)) from None
        card = (welfare_card or "all").strip()
        if card not in WELFARE_CARD_FILTERS:
            raise OptionError(
                "welfare_card",
                f"welfare_card must be one of {', '.join(WELFARE_CARD_FILTERS)}, got {card!r}",
            )
        k_value: float | None = None
        if k not in (None, ""):
            try:
                k_value = float(str(k))
            except ValueError:
                raise OptionError("k", f"k must be a number in (0, 1], got {k!r}") from None
            try:
                validate_k(k_value, ordered or None)
            except ValueError as exc:
                raise OptionError("k", f"k: {exc}") from None
        return cls(k_value, ordered, card)

    def as_dict(self) -> dict:
        """Return the options as published (k as used: the union rule's value when unset)."""
        return {
            "k": validate_k(self.k, self.dimensions or None),
            "k_rule": "union (deprived in at least one indicator)" if self.k is None else "k",
            "dimensions": list(self.dimensions or DIMENSION_CODES),
            "welfare_card": self.welfare_card,
            "year": self.year,
        }


def plain(value: object) -> object:
    """Return ``value`` as plain JSON: NumPy numbers as Python, NaN and NA as None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp | dt.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Level:
    """The published figures of every area of one level, as the routes need them.

    Attributes
    ----------
    table : DataFrame
        One row per area with households, sorted by code; withheld cells None.
    flags : DataFrame
        Same rows: the suppression flag of each count and derived column.
    records : dict
        Code → (row as plain JSON values, withheld column → flag).
    geometry : GeoSeries
        The simplified boundary (villages: point) of each row, EPSG:4326.
    """

    table: pd.DataFrame
    flags: pd.DataFrame
    records: dict[str, tuple[dict, dict[str, str]]]
    geometry: gpd.GeoSeries


class DataService:
    """The build, read-only, with cached level tables for the web routes.

    Parameters
    ----------
    build_dir : Path, optional
        The build folder (default ``settings.build_dir()``).
    logbook_url : str, optional
        The Logbook store (default ``settings.logbook_url()``).
    min_cell : int, optional
        Largest count withheld (default ``settings.api_min_cell()``).

    Raises
    ------
    queries.figures.BuildMissingError
        If the build has no database.
    """

    def __init__(
        self,
        build_dir: Path | None = None,
        logbook_url: str | None = None,
        min_cell: int | None = None,
    ) -> None:
        self.build_dir = Path(build_dir or settings.build_dir())
        self.con = figures.connect(self.build_dir)
        self._rounds: dict[int, duckdb.DuckDBPyConnection] = {}  # earlier rounds, opened on demand
        self.meta_values = figures.meta(self.con)
        self.logbook_url = logbook_url or settings.logbook_url()
        self.min_cell = settings.api_min_cell() if min_cell is None else int(min_cell)
        self._lock = threading.Lock()
        self._progress: tuple[float, pd.DataFrame | None, str | None] | None = None
        #: Logbook reads by stamp: the current one, and the next while it is prepared.
        self._statuses: dict[float, tuple[float, pd.DataFrame | None, str | None]] = {}
        self._refreshing = False
        self._tables: dict[tuple[str, Options, float], Level] = {}
        self.boundaries = lru_cache(maxsize=4)(self._boundaries)

    # -- metadata ----------------------------------------------------------------
    def meta(self) -> dict:
        """Return the data's source, build time and whether it is synthetic (every response)."""
        return {
            "source": self.meta_values.get("source", ""),
            "built_at": self.meta_values.get("built_at", ""),
            "synthetic": self.meta_values.get("synthetic") == "true",
            "boundaries": self.meta_values.get("boundaries", ""),
        }

    def round_of(self, year: str | None) -> int | None:
        """Return the survey round asked for (B.E.), or None for the latest.

        Raises
        ------
        AreaNotFoundError
            For text that is not a year, or a year the build does not hold
            (the message lists the years present).
        """
        if year in (None, ""):
            return None
        years = figures.survey_years(self.build_dir)
        try:
            value = int(str(year).strip())
        except ValueError:
            value = -1
        if value not in years:
            held = ", ".join(map(str, years))
            raise AreaNotFoundError(f"year {year!r} is not in this build (it holds {held})")
        return None if value == max(years) else value

    # -- figures -----------------------------------------------------------------
    def _cursor(self, year: int | None = None) -> duckdb.DuckDBPyConnection:
        """Return a cursor on one survey round's store (None: the latest)."""
        if year is None:
            return self.con.cursor()
        with self._lock:
            if year not in self._rounds:
                self._rounds[year] = figures.connect(self.build_dir, year)
            return self._rounds[year].cursor()

    def _read_progress(self) -> tuple[float, pd.DataFrame | None, str | None]:
        """Read the Logbook now: (stamp, one row per target with its progress, None or reason)."""
        try:
            engine = store.engine_for(self.logbook_url)
            cur = self._cursor()
            try:
                status = target_status(cur, logbook_frames(engine, None), None)
            finally:
                cur.close()
            return time.monotonic(), status, None
        except store.StoreError as exc:
            return time.monotonic(), None, f"the Logbook cannot be read: {exc}"

    def _refresh(self) -> None:
        """Read the Logbook again and compute the default tables, then switch to them."""
        try:
            fresh = self._read_progress()
            self._statuses[fresh[0]] = fresh
            for level in LEVELS:
                self.level_table(level, Options(), fresh[0])
            with self._lock:
                old = self._progress
                self._progress = fresh
                if old is not None:
                    self._statuses.pop(old[0], None)
        finally:
            self._refreshing = False

    def progress_table(self) -> tuple[float, pd.DataFrame | None, str | None]:
        """Return (when read, one row per target with its progress, None) or (when, None, reason).

        :func:`logbook.stats.target_status` of all areas (``when`` is a
        ``time.monotonic()`` stamp; when the Logbook cannot be read, the
        reason). Read at the first call; after :data:`PROGRESS_SECONDS` a
        background thread reads it again and computes the default tables,
        and requests keep getting the previous figures until those are
        ready, so no request waits for the Logbook.
        """
        with self._lock:
            if self._progress is None:
                self._progress = self._read_progress()
                self._statuses[self._progress[0]] = self._progress
            elif time.monotonic() - self._progress[0] >= PROGRESS_SECONDS and not self._refreshing:
                self._refreshing = True
                threading.Thread(target=self._refresh, name="logbook-refresh", daemon=True).start()
            return self._progress

    def _progress_by(self, level: str, stamp: float) -> pd.DataFrame | None:
        """Return progress counts per area of ``level`` (columns :data:`PROGRESS_COLUMNS`).

        The counts of :func:`logbook.stats.summary` for each area at once:
        targets, those with a visit, those with help, and the latest stage.
        """
        _, status, _ = self._statuses[stamp]
        if status is None:
            return None
        code = status["village_code"].astype(str).str[: CODE_LENGTH[level]]
        counted = pd.DataFrame(
            {
                "code": code,
                "target_households": 1,
                "surveyed_households": status["first_visit"].notna().astype(int),
                "helped_households": status["first_help"].notna().astype(int),
                **{f"stage_{s}": (status["stage"] == s).astype(int) for s in STAGES},
            }
        )
        table = counted.groupby("code").sum()
        table["stage_none"] = table["target_households"] - table[
            [f"stage_{s}" for s in STAGES]
        ].sum(axis=1)
        return table

    def _level_table(self, level: str, options: Options, progress_stamp: float) -> Level:
        """Return the published figures of every area of ``level`` with data (:class:`Level`).

        ``progress_stamp`` names the Logbook read whose progress figures it holds.
        """
        cur = self._cursor(options.year)
        try:
            table = figures.level_measures(
                cur, level, options.k, options.dimensions or None, options.welfare_card
            )
        finally:
            cur.close()
        table.insert(1, "level", level)
        table.insert(3, "province_code", table["code"].str[:2])
        table["stars"] = [star_rating(h) for h in table["headcount_ratio"]]
        progress = self._progress_by(level, progress_stamp)
        if progress is not None:
            table = table.merge(progress, left_on="code", right_index=True, how="left")
            counts = [c for c in PROGRESS_COLUMNS if not c.endswith("_share")]
            table[counts] = table[counts].fillna(0).astype(np.int64)
            targets = table["target_households"].where(table["target_households"] > 0)
            table["surveyed_share"] = table["surveyed_households"] / targets
            table["helped_share"] = table["helped_households"] / targets
            first = [c for c in table.columns if c not in PROGRESS_COLUMNS]
            table = table[[*first, *PROGRESS_COLUMNS]]
        published, flags = suppress(table, "parent_code", self.min_cell)
        records = {
            row["code"]: (
                {key: plain(value) for key, value in row.items()},
                {column: flag for column, flag in flag_row.items() if flag},
            )
            for row, flag_row in zip(
                published.to_dict("records"), flags.to_dict("records"), strict=True
            )
        }
        shapes = self.boundaries(level)
        geometry = published[["code"]].merge(shapes, on="code", how="left")["geometry"]
        return Level(
            published, flags, records, gpd.GeoSeries(geometry.reset_index(drop=True), crs=4326)
        )

    def level_table(self, level: str, options: Options, progress_stamp: float) -> Level:
        """Return :meth:`_level_table`, kept while its Logbook read is current (64 at most)."""
        key = (level, options, progress_stamp)
        with self._lock:
            found = self._tables.get(key)
        if found is not None:
            return found
        table = self._level_table(level, options, progress_stamp)
        with self._lock:
            self._tables[key] = table
            for old in [k for k in self._tables if k[2] not in self._statuses]:
                del self._tables[old]
            while len(self._tables) > TABLES_KEPT:
                del self._tables[next(iter(self._tables))]
        return table

    def level_figures(self, level: str, options: Options) -> Level:
        """Return the published figures of a level (:class:`Level`); progress re-read when stale.

        Raises
        ------
        KeyError
            For an unknown level.
        """
        if level not in LEVELS:
            raise KeyError(level)
        return self.level_table(level, options, self.progress_table()[0])

    def area_figures(self, code: str, options: Options) -> tuple[dict, dict[str, str]]:
        """Return (the published row of one area, its withheld cells → flag).

        Raises
        ------
        AreaNotFoundError
            For a malformed or unknown code, or an area without households.
        """
        try:
            level = level_of(code)
        except UnknownAreaError as exc:
            raise AreaNotFoundError(str(exc)) from None
        found = self.level_figures(level, options).records.get(code)
        if found is None:
            raise AreaNotFoundError(
                f"area {code!r} is not a {level} with households in this build "
                f"(provinces built: {self.meta_values.get('provinces', 'see /api/collections')})"
            )
        return dict(found[0]), dict(found[1])

    def progress_note(self) -> str | None:
        """Return why the Logbook figures are missing (None when they are there)."""
        return self.progress_table()[2]

    def warm(self) -> None:
        """Compute the default tables and read the boundaries of every level (before serving)."""
        for level in LEVELS:
            self.level_figures(level, Options())
            self.boundaries(level)

    # -- geometry ----------------------------------------------------------------
    def _boundaries(self, level: str) -> gpd.GeoDataFrame:
        """Return code and simplified geometry (EPSG:4326) of every area of ``level``."""
        shapes = gpd.read_parquet(self.build_dir / f"{LEVEL_FILES[level]}.parquet")
        if level == "village":
            shapes = shapes.rename(columns={"village_code": "code"})
        return shapes[["code", "geometry"]].to_crs(4326).reset_index(drop=True)

    def features(
        self,
        level: str,
        options: Options,
        bbox: tuple[float, float, float, float] | None = None,
        parent: str | None = None,
    ) -> tuple[Level, list[str], gpd.GeoSeries]:
        """Return (the level's figures, codes kept, their geometry), sorted by code.

        Parameters
        ----------
        bbox : (min lon, min lat, max lon, max lat), optional
            Keep areas whose geometry intersects it (EPSG:4326 degrees).
        parent : str, optional
            Keep areas whose code starts with it (a province, district …).
        """
        figures = self.level_figures(level, options)
        codes, geometry = figures.table["code"], figures.geometry
        keep = np.ones(len(codes), dtype=bool)
        if parent:
            keep &= codes.str.startswith(parent).to_numpy()
        if bbox is not None:
            present = ~geometry.isna().to_numpy()
            hits = np.zeros(len(codes), dtype=bool)
            hits[present] = shapely.intersects(geometry[present].to_numpy(), shapely.box(*bbox))
            keep &= hits
        index = np.flatnonzero(keep)
        return (
            figures,
            codes.iloc[index].tolist(),
            gpd.GeoSeries(geometry.iloc[index].reset_index(drop=True), crs=4326),
        )

    def extent(self, level: str) -> list[float]:
        """Return [min lon, min lat, max lon, max lat] of the areas of a level with data."""
        bounds = self.level_figures(level, Options()).geometry.total_bounds
        return [round(float(v), 5) for v in bounds]
