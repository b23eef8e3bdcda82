"""The sign-in page's prefetch list (issue 13): what the browser fetches while the user types.

The list is read from the installed Streamlit's Vite manifest
(:mod:`server.prefetch`); these tests check the graph walk on a manifest
worked out by hand, that every named chunk and font is in the installed
Streamlit (an upgrade that renames one fails here, not silently), and that
the sign-in page carries the list. The browser test that a first visit then
loads those files from the cache is in ``test_signin_browser.py``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from server import prefetch, web

#: A manifest of five chunks: the entry imports a and b, a imports b (met once),
#: b loads c on demand (not followed), d is a shared chunk named by its start.
MANIFEST = {
    "index.html": {
        "file": "static/js/index.111.js",
        "imports": ["_a.222.js", "_b.333.js"],
        "css": ["static/css/index.444.css"],
    },
    "_a.222.js": {"file": "static/js/a.222.js", "imports": ["_b.333.js"]},
    "_b.333.js": {"file": "static/js/b.333.js", "dynamicImports": ["_c.555.js"]},
    "_c.555.js": {"file": "static/js/c.555.js"},
    "_d.666.js": {"file": "static/js/d.666.js", "imports": ["_a.222.js"]},
    "_d.666.css": {"file": "static/css/d.666.css"},
}


def test_closure_follows_static_imports_once_and_not_dynamic_ones():
    assert prefetch.closure(MANIFEST, ("index.html",)) == [
        "static/js/index.111.js",
        "static/css/index.444.css",
        "static/js/a.222.js",
        "static/js/b.333.js",
    ]


def test_a_root_may_name_the_start_of_one_script_chunk():
    # "_d." starts two keys, one a style: the script chunk is meant, and its imports come too.
    assert prefetch.closure(MANIFEST, ("_d.", "_c.")) == [
        "static/js/d.666.js",
        "static/js/a.222.js",
        "static/js/b.333.js",
        "static/js/c.555.js",
    ]


def test_a_root_not_in_the_manifest_is_an_error_naming_it():
    with pytest.raises(prefetch.PrefetchError, match="'_gone.'"):
        prefetch.closure(MANIFEST, ("index.html", "_gone."))


def test_every_root_and_font_is_in_the_installed_streamlit():
    paths = prefetch.streamlit_paths()  # raises PrefetchError for a renamed chunk or font
    assert len(paths) == len(set(paths))
    for path in paths:
        assert path.startswith("/static/"), path
        assert (prefetch.STREAMLIT_STATIC / path.lstrip("/")).is_file(), path
    # The page's own entry script, as Streamlit's index.html names it, comes first.
    index = (prefetch.STREAMLIT_STATIC / "index.html").read_text(encoding="utf-8")
    entry = re.search(r'<script type="module" crossorigin src="\./(static/js/[^"]+)"', index)
    assert entry is not None and paths[0] == "/" + entry.group(1)
    names = " ".join(paths)
    for element in ("ArrowVegaLiteChart", "DataFrame", "Selectbox", "ComponentInstance"):
        assert f"/{element}." in names, element
    assert "PlotlyChart" not in names and "mermaid" not in names  # no page draws these first


def test_leaflet_is_listed_when_make_static_fetched_it():
    fetched = (prefetch.Path(prefetch.__file__).parents[1] / "static/leaflet/leaflet.js").exists()
    assert prefetch.component_paths() == (prefetch.LEAFLET_URLS if fetched else ())


def test_the_sign_in_page_lists_every_file_on_this_host():
    client = TestClient(Starlette(routes=web.routes()))
    page = client.get("/signin").text
    hrefs = re.findall(r'<link rel="prefetch" href="([^"]+)"', page)
    assert hrefs == [*prefetch.streamlit_paths(), *prefetch.component_paths()]
    assert all(not urlsplit(href).netloc for href in hrefs)  # no other host
    fonts = re.findall(r'<link rel="prefetch" href="([^"]+\.woff2)" as="font" crossorigin>', page)
    assert len(fonts) == len(prefetch.FONTS)


def test_a_streamlit_without_the_named_chunks_still_serves_the_form(monkeypatch, caplog):
    monkeypatch.setattr(prefetch, "ROOTS", ("index.html", "_no-such-chunk."))
    prefetch.streamlit_paths.cache_clear()
    prefetch.links.cache_clear()
    try:
        page = TestClient(Starlette(routes=web.routes())).get("/signin")
        assert page.status_code == 200 and 'id="username"' in page.text
        hrefs = re.findall(r'<link rel="prefetch" href="([^"]+)"', page.text)
        assert hrefs == list(prefetch.component_paths())  # Leaflet's only, if fetched
        assert "'_no-such-chunk.'" in caplog.text  # said in the log, not silently
    finally:
        prefetch.streamlit_paths.cache_clear()
        prefetch.links.cache_clear()
