"""The web server around the Streamlit app: sign-in routes, middleware, media guard.

``serve.py`` mounts them on ``st.App``; the rules they apply live in
:mod:`access` (sessions, sign-in, users), the texts in :mod:`display`.
"""
