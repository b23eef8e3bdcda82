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

``streamlit run app.py`` still works for development with ``TPMAP_AUTH=off``,
but serves no downloads (the download path refuses them without the guard)
and, with sign-in on, has no sign-in form.
"""

import streamlit as st
from starlette.middleware import Middleware

from server import web
from server.media_guard import MediaGuard

app = st.App("app.py", routes=web.routes(), middleware=[*web.middleware(), Middleware(MediaGuard)])
