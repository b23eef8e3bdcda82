"""Read-side queries of a build: area figures, search, reconciliation, quality, area issues.

Streamlit-free; every query that returns households or persons takes the
viewing user and returns its frame through :func:`access.personal.protect`.
"""
