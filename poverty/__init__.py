"""The poverty measure: indicators, Alkire-Foster measures, target groups.

Pure Python/pandas; never imports Streamlit (DESIGN.md).
"""
