"""The open data service: a FastAPI app following OGC API – Features core (issue 16).

Routes (all under ``/api``):

- ``/api/`` landing page, ``/api/conformance``, ``/api/collections``,
  ``/api/collections/{id}``, ``/api/collections/{id}/items`` (GeoJSON,
  ``limit``/``offset``/``bbox``, ``next`` links) and
  ``/api/collections/{id}/items/{code}``: the provinces, districts,
  subdistricts and villages of the build with their figures, for QGIS,
  ArcGIS or GDAL (OGC API – Features – Part 1: Core, GeoJSON).
- ``/api/areas/{code}``: the area statistics as JSON, CSV or GeoJSON;
  ``/api/options``: the sidebar's options.
- ``/api/households``, ``/api/persons``: the agency tier (token).
- ``/api/docs``: the interactive OpenAPI documentation (served from here,
  no CDN); ``/api/openapi.json``.

Public responses carry the data's source, build time and synthetic flag
(body and ``X-Data-*`` headers), an ``ETag`` and ``Cache-Control``; a
request whose ``If-None-Match`` matches gets ``304``. Errors are JSON
naming the bad parameter (:func:`error_body`).
"""

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from access.downloads import frame_to_csv
from access.roles import AccessDeniedError
from api import agency
from api.service import (
    AREA_COLUMNS,
    AreaNotFoundError,
    DataService,
    OptionError,
    Options,
    plain,
)
from api.suppression import DERIVED, PARTITIONS
from display.labels import dimension_name, indicator_name, label
from geo.areas import LEVELS
from poverty.indicators import DIMENSION_CODES, INDICATORS, weights
from poverty.measures import WELFARE_CARD_FILTERS, union_k
from queries.search import SearchSpec, SearchSpecError

PREFIX = "/api"
#: Collections: id → level.
COLLECTIONS = {
    "provinces": "province",
    "districts": "district",
    "subdistricts": "subdistrict",
    "villages": "village",
}
#: English names of the collections (the Thai name is the level's label, display/labels.py).
COLLECTION_TITLES = {
    "provinces": "Provinces",
    "districts": "Districts",
    "subdistricts": "Subdistricts",
    "villages": "Villages (points)",
}
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
]  # not oas30: FastAPI writes OpenAPI 3.1
#: Public responses may be kept this long by clients and proxies (seconds).
PUBLIC_MAX_AGE = 60
ITEMS_DEFAULT, ITEMS_MAX = 100, 1000
GEOJSON = "application/geo+json"
SUPPRESSION_NOTE = (
    "counts from 1 to {m} are withheld (null), with a second cell where the first could be "
    "recovered from the parent's total; shares from a withheld count are withheld too"
)


Opt = Annotated[str | None, Query(description="cut-off k in (0, 1]; default TPMAP's union rule")]
Dims = Annotated[
    list[str] | None,
    Query(description=f"dimensions that count (default all): {', '.join(DIMENSION_CODES)}"),
]
Card = Annotated[str | None, Query(description=f"{' / '.join(WELFARE_CARD_FILTERS)}")]
Year = Annotated[str | None, Query(description="survey round, B.E. (default: the latest)")]
List = Annotated[list[str], Query()]


class ApiError(Exception):
    """An error answered as JSON: HTTP status, the parameter at fault, the message."""

    def __init__(
        self, status: int, parameter: str | None, message: str, headers: dict | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.parameter = parameter
        self.message = message
        self.headers = headers or {}


def parse_bbox(bbox: str | None) -> tuple[float, float, float, float] | None:
    """Return the ``bbox`` parameter as (min lon, min lat, max lon, max lat), or None.

    Raises
    ------
    ApiError
        422 naming ``bbox`` unless it is four numbers, minimum before maximum.
    """
    if not bbox:
        return None
    try:
        values = [float(v) for v in bbox.split(",")]
    except ValueError:
        values = []
    if len(values) != 4 or values[0] > values[2] or values[1] > values[3]:
        raise ApiError(422, "bbox", f"bbox must be minlon,minlat,maxlon,maxlat; got {bbox!r}")
    return values[0], values[1], values[2], values[3]


def error_body(status: int, parameter: str | None, message: str, meta: dict) -> dict:
    """Return the JSON of an error: ``{"error": {status, parameter, message}, "meta": …}``."""
    return {"error": {"status": status, "parameter": parameter, "message": message}, "meta": meta}


def create_app(
    service: DataService | None = None,
    *,
    rate_limiter: agency.RateLimiter | None = None,
    audit_path: Path | None = None,
    users_path: Path | None = None,
) -> FastAPI:
    """Return the data service's ASGI app over one build.

    Parameters
    ----------
    service : DataService, optional
        The build and its tables (default: ``settings.build_dir()``).
    rate_limiter : agency.RateLimiter, optional
        Requests per token per minute (default ``TPMAP_API_RATE_LIMIT``).
    audit_path, users_path : Path, optional
        The audit file (tokens, audit rows) and the users file (default
        from :mod:`settings`).

    Raises
    ------
    queries.figures.BuildMissingError
        If the build has no database.
    """
    data = service or DataService()
    limiter = rate_limiter or agency.RateLimiter()
    app = FastAPIOffline(
        title="TPMAP open data service",
        version="1",
        description=(
            "Area statistics of the multidimensional poverty index (Alkire–Foster, BMN/จปฐ.) "
            "and the Logbook's progress for anyone; household and person lists for agencies "
            "with a token. Small cells: " + SUPPRESSION_NOTE.format(m=data.min_cell) + "."
        ),
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
        openapi_url=f"{PREFIX}/openapi.json",
        static_url=f"{PREFIX}/static-docs",
    )
    app.state.data = data

    def meta() -> dict:
        return data.meta()

    def data_headers() -> dict[str, str]:
        """Return the headers every response carries: synthetic or not, and the build time."""
        info = meta()
        return {
            "X-Data-Synthetic": "true" if info["synthetic"] else "false",
            "X-Data-Built-At": info["built_at"],
        }

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(
            error_body(exc.status, exc.parameter, exc.message, meta()),
            status_code=exc.status,
            headers={**exc.headers, **data_headers(), "Cache-Control": "no-store"},
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = [str(p) for p in first.get("loc", ()) if p not in ("query", "path", "header")]
        parameter = ".".join(where) or None
        message = f"{parameter}: {first.get('msg', 'invalid value')}"
        return JSONResponse(
            error_body(422, parameter, message, meta()), status_code=422, headers=data_headers()
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = str(exc.detail)
        if exc.status_code == 404:
            message = f"no such resource: {request.url.path} (see {PREFIX}/)"
        return JSONResponse(
            error_body(exc.status_code, None, message, meta()),
            status_code=exc.status_code,
            headers=data_headers(),
        )

    # -- helpers -------------------------------------------------------------------
    def public(request: Request, body: bytes, media_type: str, filename: str | None = None):
        """Answer a public body with ETag and Cache-Control; 304 when the client has it."""
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        headers = {
            "ETag": etag,
            "Cache-Control": f"public, max-age={PUBLIC_MAX_AGE}",
            **data_headers(),
        }
        if filename:
            headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        sent = [t.strip() for t in request.headers.get("if-none-match", "").split(",")]
        if etag in sent or f"W/{etag}" in sent or "*" in sent:
            return Response(status_code=304, headers=headers)
        return Response(body, media_type=media_type, headers=headers)

    def as_json(value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False, default=plain, allow_nan=False).encode()

    def options_of(
        k: str | None, dimensions: list[str] | None, welfare_card: str | None, year: str | None
    ) -> Options:
        try:
            survey_round = data.round_of(year)
        except AreaNotFoundError as exc:
            raise ApiError(404, "year", str(exc)) from None
        try:
            return replace(Options.parse(k, dimensions, welfare_card), year=survey_round)
        except OptionError as exc:
            raise ApiError(422, exc.parameter, str(exc)) from None

    def csv_of(frame: pd.DataFrame, title: str, options: Options) -> bytes:
        """Return figures as CSV (UTF-8 with BOM) after ``#`` lines: what, source, options, rule."""
        info = meta()
        lines = [
            title,
            f"source: {info['source']}",
            f"built at: {info['built_at']}; synthetic: {str(info['synthetic']).lower()}",
            "options: " + json.dumps(options.as_dict(), ensure_ascii=False),
            "suppression: " + SUPPRESSION_NOTE.format(m=data.min_cell),
        ]
        note = data.progress_note()
        if note:
            lines.append(f"progress: {note}")
        return frame_to_csv(frame, comment=lines)

    def properties(row: dict, flags: dict[str, str]) -> dict:
        return {**row, "suppressed": ",".join(flags) or None}

    def link(request: Request, path: str, rel: str, media: str, title: str, **query) -> dict:
        url = request.url.replace(path=path, query="")
        if query:
            url = url.include_query_params(**{k: v for k, v in query.items() if v is not None})
        return {"href": str(url), "rel": rel, "type": media, "title": title}

    def collection_info(request: Request, cid: str) -> dict:
        level = COLLECTIONS[cid]
        th, en = label(level, "th"), COLLECTION_TITLES[cid]
        path = f"{PREFIX}/collections/{cid}"
        return {
            "id": cid,
            "title": f"{th} ({en})",
            "description": (
                f"{en} of the build with the poverty figures and the Logbook's progress; "
                + SUPPRESSION_NOTE.format(m=data.min_cell)
                + (". Geometry: the village's point." if level == "village" else ".")
            ),
            "itemType": "feature",
            "crs": [CRS84],
            "extent": {"spatial": {"bbox": [data.extent(level)], "crs": CRS84}},
            "links": [
                link(request, path, "self", "application/json", en),
                link(request, f"{path}/items", "items", GEOJSON, f"{en} (GeoJSON)"),
            ],
        }

    # -- OGC API – Features --------------------------------------------------------
    @app.get(f"{PREFIX}/", tags=["OGC API – Features"], summary="Landing page")
    def landing(request: Request) -> Response:
        body = {
            "title": "TPMAP open data service",
            "description": (
                "Poverty figures (MPI, Alkire–Foster) of Thai provinces, districts, "
                "subdistricts and villages, and the Logbook's progress."
            ),
            "links": [
                link(request, f"{PREFIX}/", "self", "application/json", "this document"),
                link(
                    request,
                    f"{PREFIX}/openapi.json",
                    "service-desc",
                    "application/vnd.oai.openapi+json;version=3.1",
                    "OpenAPI definition",
                ),
                link(request, f"{PREFIX}/docs", "service-doc", "text/html", "API documentation"),
                link(request, f"{PREFIX}/conformance", "conformance", "application/json", "conf"),
                link(request, f"{PREFIX}/collections", "data", "application/json", "collections"),
            ],
            "meta": meta(),
        }
        return public(request, as_json(body), "application/json")

    @app.get(f"{PREFIX}/conformance", tags=["OGC API – Features"], summary="Conformance classes")
    def conformance(request: Request) -> Response:
        return public(request, as_json({"conformsTo": CONFORMANCE}), "application/json")

    @app.get(f"{PREFIX}/collections", tags=["OGC API – Features"], summary="The area layers")
    def collections(request: Request) -> Response:
        body = {
            "links": [
                link(request, f"{PREFIX}/collections", "self", "application/json", "collections")
            ],
            "collections": [collection_info(request, cid) for cid in COLLECTIONS],
            "meta": meta(),
        }
        return public(request, as_json(body), "application/json")

    def collection_level(cid: str) -> str:
        if cid not in COLLECTIONS:
            raise ApiError(
                404, "collectionId", f"no collection {cid!r}; known: {', '.join(COLLECTIONS)}"
            )
        return COLLECTIONS[cid]

    @app.get(f"{PREFIX}/collections/{{cid}}", tags=["OGC API – Features"], summary="One layer")
    def collection(request: Request, cid: str) -> Response:
        collection_level(cid)
        return public(request, as_json(collection_info(request, cid)), "application/json")

    @app.get(
        f"{PREFIX}/collections/{{cid}}/items",
        tags=["OGC API – Features"],
        summary="Areas of a layer with their figures (GeoJSON)",
    )
    def items(
        request: Request,
        cid: str,
        limit: Annotated[int, Query(ge=1, le=ITEMS_MAX)] = ITEMS_DEFAULT,
        offset: Annotated[int, Query(ge=0)] = 0,
        bbox: Annotated[str | None, Query(description="min lon,min lat,max lon,max lat")] = None,
        parent: Annotated[str | None, Query(description="code of an area above")] = None,
        k: Opt = None,
        dimensions: Dims = None,
        welfare_card: Card = None,
        year: Year = None,
        f: Annotated[
            str, Query(pattern="^(json|geojson|csv)$", description="GeoJSON (default) or CSV")
        ] = "geojson",
    ) -> Response:
        level = collection_level(cid)
        options = options_of(k, dimensions, welfare_card, year)
        figures, codes, geometry = data.features(level, options, parse_bbox(bbox), parent)
        chosen = slice(offset, offset + limit)
        if f == "csv":
            rows = [properties(*figures.records[code]) for code in codes[chosen]]
            title = f"{COLLECTION_TITLES[cid]} rows {offset + 1}-{offset + len(rows)}"
            return public(
                request,
                csv_of(pd.DataFrame(rows), f"{title} of {len(codes)}", options),
                "text/csv; charset=utf-8",
                filename=f"tpmap-{cid}-{offset + 1}.csv",
            )
        features = [
            feature_of(*figures.records[code], geom)
            for code, geom in zip(codes[chosen], geometry.iloc[chosen], strict=True)
        ]
        query = dict(request.query_params)
        path = f"{PREFIX}/collections/{cid}/items"
        links = [link(request, path, "self", GEOJSON, "this page", **query)]
        if offset + limit < len(codes):
            links.append(
                link(
                    request,
                    path,
                    "next",
                    GEOJSON,
                    "next page",
                    **{**query, "offset": offset + limit},
                )
            )
        if offset > 0:
            links.append(
                link(
                    request,
                    path,
                    "prev",
                    GEOJSON,
                    "previous page",
                    **{**query, "offset": max(0, offset - limit)},
                )
            )
        body = {
            "type": "FeatureCollection",
            "features": features,
            "numberMatched": len(codes),
            "numberReturned": len(features),
            "timeStamp": data.meta()["built_at"],
            "links": links,
            "options": options.as_dict(),
            "meta": meta(),
        }
        return public(request, as_json(body), GEOJSON)

    @app.get(
        f"{PREFIX}/collections/{{cid}}/items/{{fid}}",
        tags=["OGC API – Features"],
        summary="One area with its figures (GeoJSON)",
    )
    def item(
        request: Request,
        cid: str,
        fid: str,
        k: Opt = None,
        dimensions: Dims = None,
        welfare_card: Card = None,
        year: Year = None,
    ) -> Response:
        level = collection_level(cid)
        options = options_of(k, dimensions, welfare_card, year)
        figures, codes, geometry = data.features(level, options)
        if fid not in figures.records:
            raise ApiError(404, "featureId", f"no area {fid!r} with households in {cid}")
        body = feature_of(*figures.records[fid], geometry.iloc[codes.index(fid)])
        body["links"] = [
            link(request, f"{PREFIX}/collections/{cid}/items/{fid}", "self", GEOJSON, fid),
            link(request, f"{PREFIX}/collections/{cid}", "collection", "application/json", cid),
        ]
        body["options"] = options.as_dict()
        body["meta"] = meta()
        return public(request, as_json(body), GEOJSON)

    def feature_of(row: dict, flagged: dict[str, str], geom) -> dict:
        return {
            "type": "Feature",
            "id": row["code"],
            "geometry": None if geom is None else geom.__geo_interface__,
            "properties": properties(row, flagged),
        }

    # -- area statistics -------------------------------------------------------------
    @app.get(
        f"{PREFIX}/areas/{{code}}",
        tags=["Area statistics"],
        summary="The figures of one area as JSON, CSV or GeoJSON",
    )
    def area_statistics(
        request: Request,
        code: str,
        format: Annotated[str, Query(pattern="^(json|csv|geojson)$")] = "json",
        k: Opt = None,
        dimensions: Dims = None,
        welfare_card: Card = None,
        year: Year = None,
    ) -> Response:
        options = options_of(k, dimensions, welfare_card, year)
        try:
            row, flagged = data.area_figures(code.strip(), options)
        except AreaNotFoundError as exc:
            raise ApiError(404, "code", str(exc)) from None
        info = meta()
        note = data.progress_note()
        if format == "csv":
            title = f"area {row['code']} {row['name_th']} ({row['name_en']}, {row['level']})"
            return public(
                request,
                csv_of(pd.DataFrame([properties(row, flagged)]), title, options),
                "text/csv; charset=utf-8",
                filename=f"tpmap-area-{row['code']}.csv",
            )
        if format == "geojson":
            level = row["level"]
            shapes = data.boundaries(level)
            match = shapes[shapes["code"] == row["code"]]
            geom = None if match.empty else match.geometry.iloc[0]
            body = feature_of(row, flagged, geom)
            body.update({"options": options.as_dict(), "meta": info})
            return public(request, as_json(body), GEOJSON)
        body = {
            "area": {c: plain(row.get(c)) for c in AREA_COLUMNS},
            "options": options.as_dict(),
            "figures": {key: plain(value) for key, value in row.items() if key not in AREA_COLUMNS},
            "suppressed": flagged,
            "progress_note": note,
            "meta": info,
        }
        return public(request, as_json(body), "application/json")

    @app.get(
        f"{PREFIX}/options",
        tags=["Area statistics"],
        summary="The sidebar's options and what the figures mean",
    )
    def options(request: Request) -> Response:
        w = weights()
        body = {
            "k": [
                {
                    "value": None,
                    "k": union_k(),
                    "th": label("cutoff_union", "th"),
                    "en": label("cutoff_union", "en"),
                },
                {
                    "value": round(1 / 3, 6),
                    "k": 1 / 3,
                    "th": label("cutoff_third", "th"),
                    "en": label("cutoff_third", "en"),
                },
            ],
            "dimensions": [
                {"code": d, "th": dimension_name(d, "th"), "en": dimension_name(d, "en")}
                for d in DIMENSION_CODES
            ],
            "indicators": [
                {
                    "code": i.code,
                    "dimension": i.dimension,
                    "weight": float(w[i.code]),
                    "th": indicator_name(i.code, "th"),
                    "en": indicator_name(i.code, "en"),
                }
                for i in INDICATORS
            ],
            "welfare_card": [
                {"value": c, "th": label(f"card_{c}", "th"), "en": label(f"card_{c}", "en")}
                for c in WELFARE_CARD_FILTERS
            ],
            "levels": list(LEVELS),
            "suppression": {
                "min_cell": data.min_cell,
                "rule": SUPPRESSION_NOTE.format(m=data.min_cell),
                "partitions": {total: list(parts) for total, parts in PARTITIONS},
                "derived": {name: list(needs) for name, needs in DERIVED.items()},
            },
            "meta": meta(),
        }
        return public(request, as_json(body), "application/json")

    # -- agency tier -------------------------------------------------------------------
    def caller_of(
        authorization: Annotated[
            str | None, Header(description="Bearer <token> (python -m access create-token)")
        ] = None,
    ) -> agency.Caller:
        try:
            caller = agency.authenticate(authorization, audit_path, users_path)
        except agency.TokenRefusedError as exc:
            raise ApiError(401, "Authorization", str(exc), {"WWW-Authenticate": "Bearer"}) from None
        try:
            limiter.hit(caller.token_id)
        except agency.RateLimitedError as exc:
            raise ApiError(
                429, "Authorization", str(exc), {"Retry-After": str(exc.retry_after)}
            ) from None
        return caller

    def listing(
        request: Request,
        level: str,
        caller: agency.Caller,
        area: str,
        dimension: list[str],
        indicator: list[str],
        match: str,
        welfare_card: str,
        min_dimensions: int,
        max_dimensions: int,
        vulnerability: list[int],
        poor_only: bool,
        tpmap_poor: bool,
        format: str,
        limit: int,
        cursor: str | None,
        lang: str,
    ) -> Response:
        try:
            spec = SearchSpec(
                area_code=area,
                dimensions=tuple(dimension),
                indicators=tuple(indicator),
                match=match,
                welfare_card=welfare_card,
                min_dimensions=min_dimensions,
                max_dimensions=max_dimensions,
                vulnerability=tuple(vulnerability),
                failing_mpi=poor_only,
                tpmap_poor=tpmap_poor,
            )
        except SearchSpecError as exc:
            raise ApiError(422, agency.SPEC_PARAMETERS.get(exc.key), str(exc)) from None
        con = data.con.cursor()
        try:
            try:
                agency.authorise(caller, spec, con)
            except AccessDeniedError as exc:
                raise ApiError(403, "area", str(exc)) from None
            except SearchSpecError as exc:
                raise ApiError(404, "area", str(exc)) from None
            info = meta()
            headers = {"Cache-Control": "private, no-store", **data_headers()}
            if format == "csv":
                lines = [
                    f"{level} list of area {spec.area_code}, for {caller.user.username} "
                    f"({caller.user.role}), token {caller.token_id}",
                    f"source: {info['source']}",
                    f"built at: {info['built_at']}; synthetic: {str(info['synthetic']).lower()}",
                    "conditions: " + json.dumps(spec.to_dict(), ensure_ascii=False),
                ]
                rows, pieces = agency.stream_csv(
                    data.con, caller, spec, level, lines, lang, audit_path
                )
                headers["Content-Disposition"] = (
                    f'attachment; filename="tpmap-{level}s-{spec.area_code}.csv"'
                )
                headers["X-Total-Rows"] = str(rows)
                return StreamingResponse(
                    pieces, media_type="text/csv; charset=utf-8", headers=headers
                )
            try:
                offset, size = agency.decode_cursor(cursor, spec, level) if cursor else (0, limit)
            except agency.CursorError as exc:
                raise ApiError(422, "cursor", str(exc)) from None
            total, frame = agency.page(con, caller, spec, level, offset, size, lang, audit_path)
        finally:
            con.close()
        next_cursor = (
            agency.encode_cursor(spec, level, size, offset + size)
            if offset + size < total
            else None
        )
        path = request.url.path
        links = []
        if next_cursor:
            query = {**dict(request.query_params), "cursor": next_cursor}
            links.append(link(request, path, "next", "application/json", "next page", **query))
        body = {
            "level": level,
            "conditions": spec.to_dict(),
            "count": total,
            "offset": offset,
            "returned": len(frame),
            "next_cursor": next_cursor,
            "links": links,
            "personal_data": caller.user.can("personal_data"),
            "items": [
                {key: plain(value) for key, value in record.items()}
                for record in frame.to_dict("records")
            ],
            "meta": info,
        }
        return Response(as_json(body), media_type="application/json", headers=headers)

    def list_route(level: str):
        def route(
            request: Request,
            caller: Annotated[agency.Caller, Depends(caller_of)],
            area: Annotated[str, Query(description="DOPA code of a province, district …")],
            dimension: List = [],  # noqa: B006 (FastAPI copies defaults)
            indicator: List = [],  # noqa: B006
            match: Annotated[str, Query(pattern="^(all|any)$")] = "all",
            welfare_card: Annotated[str, Query(description="all / with / without")] = "all",
            min_dimensions: Annotated[int, Query()] = 0,
            max_dimensions: Annotated[int, Query()] = 5,
            vulnerability: Annotated[list[int], Query()] = [],  # noqa: B006
            poor_only: bool = False,
            tpmap_poor: bool = False,
            format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
            limit: Annotated[int, Query(ge=1, le=agency.PAGE_MAX)] = agency.PAGE_DEFAULT,
            cursor: str | None = None,
            lang: Annotated[str, Query(pattern="^(th|en)$")] = "th",
        ) -> Response:
            return listing(
                request,
                level,
                caller,
                area,
                dimension,
                indicator,
                match,
                welfare_card,
                min_dimensions,
                max_dimensions,
                vulnerability,
                poor_only,
                tpmap_poor,
                format,
                limit,
                cursor,
                lang,
            )

        return route

    app.get(
        f"{PREFIX}/households",
        tags=["Agency tier (token)"],
        summary="Households matching the export's conditions (JSON pages or a streamed CSV)",
    )(list_route("household"))
    app.get(
        f"{PREFIX}/persons",
        tags=["Agency tier (token)"],
        summary="Members of the households matching the conditions (JSON pages or CSV)",
    )(list_route("person"))
    return app
