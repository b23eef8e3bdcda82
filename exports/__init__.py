"""Audited exports of household and person lists (CSV, XLSX), ``python -m exports``."""
