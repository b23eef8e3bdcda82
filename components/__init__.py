"""Streamlit widgets and display helpers: the only package that imports Streamlit besides pages."""
