"""The app's cached data access: Streamlit caches over the query layer, keyed by build.

``data`` (build queries, shared read-only DuckDB connection), ``logbook_data``
(the Logbook store, keyed by its version) and ``potential_data`` (area
potential). Components and pages read data only through these functions.
"""
