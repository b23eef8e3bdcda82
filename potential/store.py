"""Read or generate the area-potential data for the build, and write it.

For each kind of :data:`potential.schema.KINDS`, the build takes
``<kind>.csv`` or ``<kind>.xlsx`` from the folder named by
``TPMAP_POTENTIAL_DIR`` when it is there (validated: a bad row stops the
build before anything is written, naming file, row and column), else it
generates the synthetic default (:mod:`potential.synthetic`). Which kinds are
real and which synthetic is recorded in the ``potential_sources`` table, in
the build metadata (``potential_synthetic``) and in each Parquet file's
metadata (``tpmap:synthetic``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from data_loaders.schema import DataValidationError
from potential import synthetic
from potential.schema import KINDS, find_file, load
from queries.figures import fetch_count

#: Sub-folder of the build holding one Parquet file per kind.
FOLDER = "potential"


@dataclass
class PotentialData:
    """The tables of every kind, and where each came from."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    #: kind -> file path, or :data:`potential.synthetic.SYNTHETIC_NOTE`.
    sources: dict[str, str] = field(default_factory=dict)
    synthetic: dict[str, bool] = field(default_factory=dict)

    def synthetic_kinds(self) -> list[str]:
        """Return the kinds generated rather than read from a file."""
        return [k for k in KINDS if self.synthetic.get(k)]


def load_potential(
    folder: Path | None,
    areas: pd.DataFrame,
    villages: pd.DataFrame,
    provinces: Sequence[str],
    seed: int,
    progress: Callable[[str], None] | None = None,
) -> PotentialData:
    """Return every kind of potential data: read from ``folder`` or generated.

    Parameters
    ----------
    folder : Path or None
        The ``TPMAP_POTENTIAL_DIR`` folder; None generates every kind.
    areas : DataFrame
        Every area of every level: ``code``, ``level``, ``province_code``,
        ``name_th`` (the build's ``areas`` table). Codes in the files must be
        among them.
    villages : DataFrame
        Every village: ``village_code``, ``subdistrict_code``,
        ``district_code``, ``province_code``, ``name_th``, ``assigned_by``,
        ``lon``, ``lat`` (EPSG:4326).
    provinces : sequence of str
        Provinces of the build (2-digit codes): the synthetic centres,
        projects, village data and OTOP products cover these; facilities and
        the economy cover the whole country.
    seed : int
        Seed of the synthetic generator.
    progress : callable, optional
        Called with a short description of each step.

    Raises
    ------
    DataValidationError
        If ``folder`` is not a folder, or a file in it is unreadable or has a
        bad row (file, row and column named).
    """
    progress = progress or (lambda _msg: None)
    if folder is not None and not Path(folder).is_dir():
        raise DataValidationError(
            f"TPMAP_POTENTIAL_DIR: {folder} is not a folder (unset it to use the synthetic "
            "default, or point it to the folder holding the files of templates/potential)"
        )
    provinces = sorted(str(p) for p in provinces)
    codes = pd.Index(areas["code"])
    generators = {
        "facilities": lambda: synthetic.generate_facilities(villages, areas, seed),
        "centres": lambda: synthetic.generate_centres(areas, provinces, seed),
        "projects": lambda: synthetic.generate_projects(areas, provinces, seed),
        "economy": lambda: synthetic.generate_economy(
            sorted(areas.loc[areas["level"] == "province", "code"]), seed
        ),
        "village_basic": lambda: synthetic.generate_village_basic(villages, provinces, seed),
        "otop": lambda: synthetic.generate_otop(villages, provinces, seed),
    }
    # Every given file is found and validated before anything is generated: bad input
    # stops the build early.
    paths = {kind: find_file(Path(folder), kind) if folder is not None else None for kind in KINDS}
    data = PotentialData()
    for kind, path in paths.items():
        if path is not None:
            progress(f"reading {path}")
            data.tables[kind] = load(path, kind, codes)
            data.sources[kind], data.synthetic[kind] = str(path), False
    for kind, path in paths.items():
        if path is None:
            data.tables[kind] = generators[kind]()
            data.sources[kind], data.synthetic[kind] = synthetic.SYNTHETIC_NOTE, True
    data.tables = {kind: data.tables[kind] for kind in KINDS}
    return data


def write_parquet(data: PotentialData, build: Path) -> None:
    """Write ``<build>/potential/<kind>.parquet`` with ``tpmap:synthetic`` and ``tpmap:source``."""
    folder = Path(build) / FOLDER
    folder.mkdir(exist_ok=True)
    for kind, frame in data.tables.items():
        table = pa.Table.from_pandas(frame, preserve_index=False)
        meta = dict(table.schema.metadata or {})
        meta[b"tpmap:synthetic"] = str(data.synthetic[kind]).lower().encode()
        meta[b"tpmap:source"] = data.sources[kind].encode()
        pq.write_table(table.replace_schema_metadata(meta), folder / f"{kind}.parquet")


def write_duckdb(con: duckdb.DuckDBPyConnection, build: Path) -> None:
    """Create one table per kind from the Parquet files, and ``potential_sources``.

    ``potential_sources``: ``kind``, ``synthetic`` (bool), ``source``, ``rows``.
    """
    rows = []
    for kind in KINDS:
        path = Path(build) / FOLDER / f"{kind}.parquet"
        con.execute(f"CREATE TABLE {kind} AS SELECT * FROM read_parquet(?)", [str(path)])
        meta = pq.read_schema(path).metadata or {}
        rows.append(
            (
                kind,
                meta.get(b"tpmap:synthetic", b"true") == b"true",
                meta.get(b"tpmap:source", b"").decode(),
                fetch_count(con, f"SELECT count(*)::INTEGER FROM {kind}"),
            )
        )
    con.execute(
        "CREATE TABLE potential_sources (kind VARCHAR PRIMARY KEY, synthetic BOOLEAN, "
        "source VARCHAR, rows INTEGER)"
    )
    con.executemany("INSERT INTO potential_sources VALUES (?, ?, ?, ?)", rows)
