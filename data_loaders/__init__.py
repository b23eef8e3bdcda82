"""Household data: reading and validating files, the synthetic generator, the build.

Never imports Streamlit (DESIGN.md); the app reads the build through
:mod:`queries.figures`.
"""
