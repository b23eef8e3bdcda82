"""Find a Thai font to embed in reports (PDF and chart images).

Tries Noto Sans Thai (Debian ``fonts-noto-core``, with Noto Sans for Latin
letters and digits, which Noto Sans Thai lacks), then Sarabun, then the TLWG
fonts Garuda, Loma and Laksaman (Debian ``fonts-thai-tlwg``; these carry
Latin too). ``TPMAP_FONT_DIRS`` (``:``-separated) adds folders to search.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
)
#: (family, regular, bold, Latin regular, Latin bold), in order of preference.
CANDIDATES = (
    ("Noto Sans Thai", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf",
     "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("Sarabun", "Sarabun-Regular.ttf", "Sarabun-Bold.ttf", None, None),
    ("Garuda", "Garuda.ttf", "Garuda-Bold.ttf", None, None),
    ("Loma", "Loma.ttf", "Loma-Bold.ttf", None, None),
    ("Laksaman", "Laksaman.ttf", "Laksaman-Bold.ttf", None, None),
)  # fmt: skip


class ThaiFontMissingError(FileNotFoundError):
    """No Thai font was found on this machine."""


@dataclass(frozen=True)
class ThaiFont:
    """Font files of one Thai family; ``latin_*`` fill in Latin letters and digits if set."""

    family: str
    regular: Path
    bold: Path
    latin_regular: Path | None = None
    latin_bold: Path | None = None


def _font_files(dirs: tuple[Path, ...]) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for folder in dirs:
        if folder.is_dir():
            for path in sorted(folder.rglob("*.[ot]tf")):
                files.setdefault(path.name, path)
    return files


@lru_cache(maxsize=1)
def find_thai_font() -> ThaiFont:
    """Return the first Thai font found among :data:`CANDIDATES`.

    Returns
    -------
    ThaiFont
        A bold file that is missing falls back to the regular one.

    Raises
    ------
    ThaiFontMissingError
        If none is installed; the message names the Debian packages.
    """
    extra = tuple(Path(p) for p in os.environ.get("TPMAP_FONT_DIRS", "").split(":") if p)
    dirs = extra + FONT_DIRS
    files = _font_files(dirs)
    for family, regular, bold, latin, latin_bold in CANDIDATES:
        if regular not in files or (latin and latin not in files):
            continue
        return ThaiFont(
            family,
            files[regular],
            files.get(bold, files[regular]),
            files[latin] if latin else None,
            files.get(latin_bold or "", files[latin]) if latin else None,
        )
    raise ThaiFontMissingError(
        "no Thai font found in " + ", ".join(str(d) for d in dirs) + ": install the Debian "
        "package fonts-noto-core (Noto Sans Thai) or fonts-thai-tlwg (Garuda, Loma), e.g. "
        "`apt-get install fonts-noto-core`, or set TPMAP_FONT_DIRS to a folder holding one"
    )
