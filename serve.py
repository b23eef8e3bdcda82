"""The server entry point: ``streamlit run serve.py`` (what ``make run`` starts).

Streamlit 1.67 runs an app as an ASGI application (``st.App``) when the
script it is given defines one; this file wraps ``app.py`` with the routes
and middleware every deployment needs, so the app is never served without
them:

- :class:`server.media_guard.MediaGuard`: a download file (``/media/…``) is
  served only to the browser whose session made it, through the one
  download path (issue 11).
- :mod:`server.web`: the sign-in form (``/signin``), sign-out
  (``/signout``), the hand-over to an identity provider, and the middleware
  that sends a browser without a session to the sign-in page (issue 19).
- Starlette's ``GZipMiddleware`` (issue 13): Streamlit 1.67 sends its own
  frontend bundles (``/static/…``: 9.6 MB for a first visit of the
  Overview when it drew Plotly charts) uncompressed, leaving that to a proxy;
  ``make run`` has none, so they are gzipped here (level 6: about a
  quarter of the bytes). The bundles are content-hashed and cached by the
  browser for a year (Streamlit's ``Cache-Control: immutable``), so each
  browser pays the compression once. Responses Streamlit compressed
  already are passed through. The websocket is compressed by
  ``server.enableWebsocketCompression`` (``.streamlit/config.toml``).

Warm start (issue 13): the first script run after a restart used to import
the page modules and fill the build's caches (about 3.5 s of a 4.8 s run on
the pilot build). Here, in a background thread once Streamlit's runtime is
up, every module of ``display`` and ``app_data`` and the libraries the
pages' components use (folium, pydeck, Altair, the map classes'
``mapclassify`` with SciPy) are imported, :func:`app_data.warm.warm_up`
fills the shared caches of the first views (the Overview of the country,
the provinces and the districts; Progress and Change of the country and
the largest provinces; the country's Area potential and Scenarios pages),
and what is then in memory is frozen out of the garbage collector's full
collections (``gc.freeze``), which Streamlit runs after every script run.

``streamlit run app.py`` still works for development with ``TPMAP_AUTH=off``,
but serves no downloads (the download path refuses them without the guard)
and, with sign-in on, has no sign-in form.
"""

import gc
import importlib
import pkgutil
import threading
import time

import streamlit as st
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Route
from streamlit import runtime

from server import web
from server.media_guard import MediaGuard

#: Packages whose modules the pages import (every module but ``__main__``), and the
#: libraries the pages' ``components`` import. Not ``components`` itself, nor
#: ``streamlit_folium``: Streamlit registers a custom component only when it is
#: declared inside a script run (``declare_component``), and ``st_folium``'s map,
#: declared as its module is imported, would never be drawn.
PAGE_PACKAGES = ("display", "app_data")
LIBRARIES = (
    "altair",
    "mapclassify",
    "folium",
    "folium.plugins",
    "pydeck",
)
#: The readiness probe's path: 200 once the caches are warm (:func:`ready`).
READY_PATH = "/_tpmap/ready"
#: Seconds the warm-up thread waits for Streamlit's runtime (the caches are the runtime's).
RUNTIME_WAIT_S = 60.0


def import_page_modules() -> list[str]:
    """Import the modules of :data:`PAGE_PACKAGES` and :data:`LIBRARIES`; return their names.

    Importing only defines functions and cached functions; no module of
    these packages draws anything at import time.

    Raises
    ------
    ImportError
        A module cannot be imported (the app could not run either).
    """
    names = list(LIBRARIES)
    for package_name in PAGE_PACKAGES:
        package = importlib.import_module(package_name)
        names += [
            f"{package_name}.{module.name}"
            for module in pkgutil.iter_modules(package.__path__)
            if not module.name.startswith("__")
        ]
    for name in names:
        importlib.import_module(name)
    return names


def _warm_when_running() -> None:
    """Wait for Streamlit's runtime, import the page modules, fill the shared caches.

    The caches are the runtime's, so not before it is up.
    """
    deadline = time.monotonic() + RUNTIME_WAIT_S
    while not runtime.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    started = time.monotonic()
    try:
        if not runtime.exists():
            WARM_STATE["error"] = f"Streamlit's runtime not up within {RUNTIME_WAIT_S:.0f} s"
            return
        import_page_modules()
        warm_streamlit()
        from app_data import warm

        WARM_STATE.update(warm.warm_up())
        # Streamlit ends every script run with a full collection (runner.postScriptGC),
        # which walked the whole heap of modules and warmed caches: 0.5-0.6 s a run,
        # 13 % of the script time of map clicks (benchmarks.profile_server). What is
        # alive now lives as long as the server; frozen, the collector skips it.
        gc.freeze()
    except Exception as error:  # noqa: BLE001 - a failed warm-up leaves the work to the first user
        WARM_STATE["error"] = f"{type(error).__name__}: {error}"
    finally:
        WARM_STATE["seconds"] = round(time.monotonic() - started, 3)
        WARM_DONE.set()


#: Set when the warm-up thread is over (done, failed or timed out); its figures.
WARM_DONE = threading.Event()
WARM_STATE: dict = {}


async def ready(request):
    """``GET /_tpmap/ready``: 200 once the caches are warm, else 503 (a readiness probe).

    The body is JSON: ``ready`` (bool) and, once ready, ``seconds`` (the
    warm-up's), ``areas`` (how many areas' figures were filled) and
    ``error`` when the build could not be read. Area aggregates only; no
    record of anyone.
    """
    from starlette.responses import JSONResponse

    del request
    if not WARM_DONE.is_set():
        return JSONResponse({"ready": False}, status_code=503)
    return JSONResponse({"ready": True, **WARM_STATE})


def warm_streamlit() -> None:
    """Pay once, before the first user, what Streamlit and folium pay on their first use.

    Profiled on the first script run after a restart (``benchmarks.profile_server``,
    pilot build): the first element of the process calls
    ``streamlit.delta_generator._maybe_print_use_warning``, whose ``inspect.stack()``
    took 0.9 s; ``st.set_page_config`` imports ``streamlit.emojis`` (0.6 s of
    regular expressions); the first folium map compiled its templates' lexer
    (0.5 s). The first is private to Streamlit, so it is skipped if it is gone.
    """
    import folium
    from streamlit import delta_generator

    importlib.import_module("streamlit.emojis")
    first_use = getattr(delta_generator, "_maybe_print_use_warning", None)
    if callable(first_use):
        first_use()  # the runtime is up, so it prints nothing
    square = {"type": "Polygon", "coordinates": [[[100, 15], [101, 15], [101, 16], [100, 15]]]}
    sample = folium.Map(location=[15.5, 100.5], zoom_start=6, tiles=None)
    folium.GeoJson(square, tooltip="warm-up").add_to(sample)
    sample.get_root().render()


threading.Thread(target=_warm_when_running, name="tpmap-warm-up", daemon=True).start()

#: gzip level of the static bundles: 6 gives nearly level 9's bytes at a third of its CPU.
GZIP_LEVEL = 6

app = st.App(
    "app.py",
    routes=[*web.routes(), Route(READY_PATH, ready, methods=["GET"])],
    middleware=[
        Middleware(GZipMiddleware, minimum_size=1024, compresslevel=GZIP_LEVEL),
        *web.middleware(),
        Middleware(MediaGuard),
    ],
)
