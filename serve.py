"""The server entry point: ``streamlit run serve.py`` (what ``make run`` starts).

Streamlit 1.67 runs an app as an ASGI application (``st.App``) when the
script it is given defines one; this file wraps ``app.py`` with the routes
and middleware every deployment needs, so the app is never served without
them:

- :mod:`access.web`: the sign-in form (``/signin``), sign-out
  (``/signout``), the hand-over to an identity provider, and the middleware
  that sends a browser without a session to the sign-in page (issue 19).

``streamlit run app.py`` still works for development with ``TPMAP_AUTH=off``;
with sign-in on it has no sign-in form.
"""

import streamlit as st

from access import web

app = st.App("app.py", routes=web.routes(), middleware=web.middleware())
