"""What the app, the reports, the exports and the Logbook screens present (issue 18).

:mod:`display.labels` is the one table of Thai and English text,
:mod:`display.formats` the number, share, B.E. date, month and Bangkok-time
formats, :mod:`display.colours` the palette and map classes. No Streamlit
import: the layer sits below ``components/`` and beside ``reports/``.
"""
