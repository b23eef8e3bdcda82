"""Streamlit widgets and page sections; data only through :mod:`app_data`, texts through :mod:`display`."""
