"""Area potential and readiness (DOMAIN.md §6 panel 2, display part 05).

What an area has to solve poverty with: public-service locations (schools,
health facilities), the poverty-solving centres (ศจพ.) with their partner
agencies and staff, funded projects (eMENSCR-style), the provincial economy,
village basic data (กชช.2ค) and OTOP products; and the distance of poor
households to the nearest health facility and school.

- :mod:`potential.schema`: the file schema of each kind and its validated loader;
- :mod:`potential.synthetic`: the synthetic default on the real geography;
- :mod:`potential.distance`: nearest-facility distances in UTM, shares by area;
- :mod:`potential.store`: read or generate every kind for the build, write them;
- :mod:`potential.queries`: the queries the app runs over the built store.

No Streamlit here (DESIGN.md): the build and the tests use it as plain Python.
"""
