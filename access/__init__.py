"""Access rights: roles and their area scope, users, personal-data masking, the export audit log.

Never imports Streamlit (DESIGN.md): the app (``components/auth.py``,
``components/state.py``) and the export command line use the same rules.
Source of the rules: DOMAIN.md §8 (people and rights, Thailand's PDPA).
"""
