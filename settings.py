"""Project settings, read once from environment variables with defaults.

Every path and threshold the code needs is defined here, so no module carries
its own literal. Paths are resolved relative to the project root.

Environment variables
---------------------
TPMAP_GEO_DIR
    Folder with the raw boundary and village files (default ``../shared/geo``).
TPMAP_BUILD_DIR
    Folder of the built data store (default ``data/build``).
TPMAP_K
    Poverty cut-off k in (0, 1]; empty means TPMAP's union rule (default).
TPMAP_LOW_INCOME_LINE
    Vulnerability low-income line, baht/person/year (default 100,000; seed 004).
TPMAP_INCOME_LINE
    BMN income criterion, baht/person/year (default 38,000; BMN 2560-2564).
TPMAP_SEED
    Seed of the synthetic generator (default 2566).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent


def _path(name: str, default: str) -> Path:
    value = Path(os.environ.get(name, default))
    return value if value.is_absolute() else (PROJECT_ROOT / value).resolve()


def geo_dir() -> Path:
    """Return the folder of raw boundary files (``TPMAP_GEO_DIR``)."""
    return _path("TPMAP_GEO_DIR", "../shared/geo")


def build_dir() -> Path:
    """Return the build folder (``TPMAP_BUILD_DIR``, default ``data/build``)."""
    return _path("TPMAP_BUILD_DIR", "data/build")


def default_k() -> float | None:
    """Return the cut-off k from ``TPMAP_K``; ``None`` means the union rule."""
    raw = os.environ.get("TPMAP_K", "").strip()
    return float(raw) if raw else None


LOW_INCOME_LINE = float(os.environ.get("TPMAP_LOW_INCOME_LINE", "100000"))
INCOME_LINE = float(os.environ.get("TPMAP_INCOME_LINE", "38000"))
DEFAULT_SEED = int(os.environ.get("TPMAP_SEED", "2566"))
PILOT_PROVINCES = ("41", "60", "19")
#: H thresholds (share of MPI-poor persons) for the star rating, 5 stars first:
#: H < 5% -> 5 stars, < 10% -> 4, < 15% -> 3, < 25% -> 2, else 1.
STAR_THRESHOLDS = (0.05, 0.10, 0.15, 0.25)
