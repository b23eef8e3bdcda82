"""The open data service (issue 16): area statistics for everyone, lists for agencies.

A FastAPI app (:mod:`api.app`) following OGC API – Features core, over the
same build, Logbook, users, rights and audit log as the dashboard. Start it
with ``python -m api --port 8502`` or ``make api``; the README's section
*Data service* documents it.
"""
