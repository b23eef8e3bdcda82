"""Streamlit widgets and page sections: data through :mod:`app_data`, texts from :mod:`display`."""
