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
  frontend bundles (``/static/…``, 9.6 MB for a first visit of the
  Overview, 4.7 MB of it Plotly) uncompressed, leaving that to a proxy;
  ``make run`` has none, so they are gzipped here (level 6: about a
  quarter of the bytes). The bundles are content-hashed and cached by the
  browser for a year (Streamlit's ``Cache-Control: immutable``), so each
  browser pays the compression once. Responses Streamlit compressed
  already are passed through. The websocket is compressed by
  ``server.enableWebsocketCompression`` (``.streamlit/config.toml``).

The map classes' library (``mapclassify``, which imports SciPy: 1.5 s) is
imported lazily by :func:`display.colours.classify`; here it is imported
in a background thread as the server starts, so the first map after a
restart does not wait for it (the first user is still signing in).

``streamlit run app.py`` still works for development with ``TPMAP_AUTH=off``,
but serves no downloads (the download path refuses them without the guard)
and, with sign-in on, has no sign-in form.
"""

import importlib
import threading

import streamlit as st
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware

from server import web
from server.media_guard import MediaGuard

threading.Thread(target=importlib.import_module, args=("mapclassify",), daemon=True).start()

#: gzip level of the static bundles: 6 gives nearly level 9's bytes at a third of its CPU.
GZIP_LEVEL = 6

app = st.App(
    "app.py",
    routes=web.routes(),
    middleware=[
        Middleware(GZipMiddleware, minimum_size=1024, compresslevel=GZIP_LEVEL),
        *web.middleware(),
        Middleware(MediaGuard),
    ],
)
