"""The server entry point: ``streamlit run serve.py`` (what ``make run`` starts).

Streamlit 1.67 runs an app as an ASGI application (``st.App``) when the
script it is given defines one; this file wraps ``app.py`` with the
middleware every deployment needs, so the app is never served without it:

- :class:`access.media_guard.MediaGuard`: a download file (``/media/…``) is
  served only to the browser whose session made it, through the one
  download path (issue 11).

``streamlit run app.py`` still works for development but serves no
downloads (the download path refuses them without the guard).
"""

import streamlit as st
from starlette.middleware import Middleware

from access.media_guard import MediaGuard

app = st.App("app.py", middleware=[Middleware(MediaGuard)])
