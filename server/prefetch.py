"""What the sign-in page asks the browser to fetch while the user types (issue 13).

A first visit pays for Streamlit's frontend after the sign-in click: the
page's ~60 module scripts, then, as the script's elements arrive, about 80
more that Streamlit 1.67 loads lazily (one per kind of element), then
Leaflet for the map.

The sign-in page is ours (:mod:`server.web`) and the user spends seconds on
it typing a name and a password, so it lists those files as
``<link rel="prefetch">``: the browser fetches them at idle priority into
its HTTP cache, and the app's page then takes them from there (a browser
test checks that every listed file the app's page loads comes from the
cache). Nothing runs on the sign-in
page; the files are Streamlit's own and Leaflet, content-hashed or cached,
served from this host (no other host is named). Measured on the pilot
build (sign-ins in fresh Chromium contexts): sign-in to a finished
Overview in a median 2.49 s against 2.85 s (10 and 7 sign-ins; 2.11–2.59 s
against 2.75–3.55 s); most of what is left is the browser compiling and
running the code, which a prefetch cannot do early.

Which files: Streamlit's Vite build ships ``static/manifest.json``, a graph
of every chunk with its static ``imports``, ``dynamicImports`` and ``css``.
:data:`ROOTS` names the chunks the app's pages draw with (the page's entry,
the element kinds the pages use, and the chunks those load on demand);
:func:`streamlit_paths` returns each root with everything it imports
statically, and the fonts of :data:`FONTS`. A root or font the installed
Streamlit no longer has raises :class:`PrefetchError` (a test runs this
against the installed version), so an upgrade cannot silently empty the
list. :func:`component_paths` adds the Leaflet files the map loads from
``/app/static``.
"""

from __future__ import annotations

import functools
import html
import json
import logging
from pathlib import Path

import streamlit

#: Manifest keys (or their start, for Vite's shared chunks whose key is
#: ``_<name>.<hash>.js``) of the chunks the pages load: the page's entry
#: (``index.html``), each element kind the Overview draws, and the chunks those
#: load on demand (Vega-Embed for charts, ``rehype-raw`` for Markdown with
#: HTML). Plotly, deck.gl, Mermaid, KaTeX … are left out: no page the
#: sign-in leads to draws them first. Tried and dropped: every element kind of
#: every page (176 files, 2.8 MB compressed, deck.gl 0.9 MB of it): Area
#: potential's first visit no sooner (1.97 s), and a sign-in pressed at once
#: took 3.12 s, the prefetches still arriving competing with the app's page.
ROOTS: tuple[str, ...] = (
    "index.html",
    "../lib/src/components/elements/ArrowVegaLiteChart/ArrowVegaLiteChart.tsx",
    "_embed.",
    "_vega-interpreter.",
    "../node_modules/rehype-raw/index.js",
    "_DataFrame.",
    "../lib/src/components/elements/Html/Html.tsx",
    "../lib/src/components/elements/Metric/Metric.tsx",
    "../lib/src/components/widgets/Button/Button.tsx",
    "../lib/src/components/widgets/Checkbox/Checkbox.tsx",
    "../lib/src/components/widgets/CustomComponent/ComponentInstance.tsx",
    "../lib/src/components/widgets/Multiselect/Multiselect.tsx",
    "../lib/src/components/widgets/Radio/Radio.tsx",
    "../lib/src/components/widgets/Selectbox/Selectbox.tsx",
    "../lib/src/components/widgets/TextInput/TextInput.tsx",
)
#: Fonts the pages use, by the start of their file name among the page entry's assets:
#: the text face the page preloads and the icon font (the navigation's icons).
FONTS: tuple[str, ...] = (
    "static/media/SourceSansVF-Upright.",
    "static/media/MaterialSymbols-Rounded.",
)
_LOG = logging.getLogger(__name__)
#: Where Streamlit serves its build (``static/…`` of the manifest is under it).
STREAMLIT_STATIC = Path(streamlit.__file__).parent / "static"
#: Leaflet, served from the project's ``static/`` at ``/app/static`` (``make static``).
LEAFLET_URLS = ("/app/static/leaflet/leaflet.js", "/app/static/leaflet/leaflet.css")


class PrefetchError(RuntimeError):
    """A root of :data:`ROOTS` is not (or not once) in the installed Streamlit's manifest."""


def _key(manifest: dict, root: str) -> str:
    """Return the manifest key ``root`` names (exactly, or as the start of one ``.js`` key)."""
    if root in manifest:
        return root
    found = [k for k in manifest if k.startswith(root) and k.endswith(".js")]
    if len(found) != 1:
        raise PrefetchError(
            f"{root!r} names {len(found)} chunks in {STREAMLIT_STATIC / 'manifest.json'}, "
            "not one: update server.prefetch.ROOTS for this Streamlit version"
        )
    return found[0]


def closure(manifest: dict, roots: tuple[str, ...]) -> list[str]:
    """Return the files of ``roots`` and of every chunk they import statically.

    ``manifest`` is a Vite manifest (key -> ``{"file", "imports", "css"}``);
    the result is the ``file`` and ``css`` paths (relative to the build,
    e.g. ``static/js/index.DormvYxC.js``) in the order met, each once.
    Dynamic imports are not followed: a chunk loaded on demand is a root of
    its own. Raises :class:`PrefetchError` for a root not in ``manifest``.
    """
    seen: set[str] = set()
    files: list[str] = []

    def visit(key: str) -> None:
        if key in seen:
            return
        seen.add(key)
        chunk = manifest[key]
        for path in (chunk["file"], *chunk.get("css", ())):
            if path not in files:
                files.append(path)
        for imported in chunk.get("imports", ()):
            visit(imported)

    for root in roots:
        visit(_key(manifest, root))
    return files


@functools.cache
def streamlit_paths() -> tuple[str, ...]:
    """Return the URL paths (``/static/js/….js``) of Streamlit's chunks the pages load.

    Read once per process from the installed Streamlit's manifest, plus the
    fonts of :data:`FONTS`. Raises :class:`PrefetchError` (see :data:`ROOTS`).
    """
    manifest = json.loads((STREAMLIT_STATIC / "manifest.json").read_text(encoding="utf-8"))
    assets = manifest["index.html"].get("assets", [])
    fonts = []
    for start in FONTS:
        found = [path for path in assets if path.startswith(start)]
        if len(found) != 1:
            raise PrefetchError(
                f"{start!r} names {len(found)} fonts of the page in "
                f"{STREAMLIT_STATIC / 'manifest.json'}, not one: update server.prefetch.FONTS"
            )
        fonts.extend(found)
    return tuple(f"/{path}" for path in (*closure(manifest, ROOTS), *fonts))


def component_paths() -> tuple[str, ...]:
    """Return the paths of the Leaflet files the map loads, when ``make static`` fetched them.

    The map component's own files are not listed: Streamlit serves them
    with ``Cache-Control: public`` and no lifetime, so the browser asks for
    them again anyway (a test found its script fetched twice), and serves
    them only once a script run has declared the component.
    """
    leaflet = Path(__file__).resolve().parent.parent / "static" / "leaflet"
    return LEAFLET_URLS if (leaflet / "leaflet.js").exists() else ()


@functools.cache
def links() -> str:
    """Return the ``<link rel="prefetch">`` tags of the sign-in page (HTML, one per file).

    Built once per process. Without Streamlit's manifest, or when it does
    not match :data:`ROOTS` or :data:`FONTS`, Streamlit's files are left out
    with a warning in the log (the form must still work; the tests check
    the list matches the installed Streamlit) and Leaflet's stay.
    """
    try:
        paths = streamlit_paths()
    except (OSError, ValueError, KeyError, PrefetchError) as error:
        _LOG.warning("sign-in page without Streamlit's files to prefetch: %s", error)
        paths = ()
    tags = []
    for path in (*paths, *component_paths()):
        if not path.startswith("/") or path.startswith("//"):  # a path of this host only
            continue
        href = html.escape(path, quote=True)
        # A font is fetched as CORS (``crossorigin``), as the page's @font-face asks for
        # it, so that the page finds the same entry in the cache.
        extra = ' as="font" crossorigin' if path.endswith(".woff2") else ""
        tags.append(f'<link rel="prefetch" href="{href}"{extra}>')
    return "".join(tags)
