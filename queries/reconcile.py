"""Which Overview card an export of a household search should match, and how.

One definition per label (DOMAIN.md §3-§4, :data:`poverty.labels.MEASURE_DEFINITIONS`):
TPMAP target poor are *persons* holding the state welfare card in MPI-poor
households; "MPI-poor without card" are persons not holding it in any
MPI-poor household. The welfare-card filter selects households with /
without a card holder for household counts, and persons holding / not
holding the card for person counts. A search (:mod:`queries.search`)
selects *households*; a person-level export lists every member of them. So
a person-level export of a set equals a card only through its ``welfare_card``
column: :func:`reconciliation_rows` says which card, which rows, and the
count to match, for the XLSX first sheet and the CSV header comment.
"""

from __future__ import annotations

import duckdb

import settings
from poverty.labels import MEASURE_DEFINITIONS, MEASURE_LABELS
from poverty.measures import validate_k
from queries.figures import area_summary, fetch_row, poor_sql, score_sql
from queries.search import SearchSpec, households_sql, where_sql

_CARD_FILTER = {
    "all": "ตัวกรองบัตร: ทั้งหมด (card filter: all)",
    "with": "ตัวกรองบัตร: มีบัตร (card filter: with card)",
    "without": "ตัวกรองบัตร: ไม่มีบัตร (card filter: without card)",
}


def set_counts(con: duckdb.DuckDBPyConnection, spec: SearchSpec) -> dict[str, int]:
    """Return the counts of the households a search matches and of their members.

    Returns
    -------
    dict of int
        ``households``, ``persons`` (members), ``holders`` (members holding
        the card), ``poor_households``, ``poor_persons``, ``target_poor``
        (holders in MPI-poor households), ``poor_not_holding`` (non-holders
        in MPI-poor households); MPI-poor under ``TPMAP_K`` (default TPMAP's
        union rule) with all five dimensions, as the search counts it.
    """
    source, source_params = households_sql(spec)
    where, params = where_sql(spec)
    k = validate_k(settings.default_k())
    row = fetch_row(
        con,
        f"""
        SELECT count(*), sum(n_members), sum(welfare_card_holders),
               count_if(poor), sum(n_members) FILTER (WHERE poor),
               sum(welfare_card_holders) FILTER (WHERE poor)
        FROM (SELECT n_members, welfare_card_holders,
                     {poor_sql(score_sql())} AND mask <> 0 AS poor
              FROM {source} WHERE {where})
        """,
        [k, *source_params, *params],
    )
    households, persons, holders, poor_h, poor_p, target = (int(v or 0) for v in row)
    return {
        "households": households,
        "persons": persons,
        "holders": holders,
        "poor_households": poor_h,
        "poor_persons": poor_p,
        "target_poor": target,
        "poor_not_holding": poor_p - target,
    }


def _label(key: str) -> str:
    th, en = MEASURE_LABELS[key]
    return f"'{th}' ('{en}')"


def _only_sets(spec: SearchSpec) -> bool:
    """Return True when the search has no condition but the area, the card filter, the sets."""
    return (
        not spec.dimensions
        and not spec.indicators
        and not spec.vulnerability
        and (spec.min_dimensions, spec.max_dimensions) == (0, 5)
    )


def reconciliation_rows(
    con: duckdb.DuckDBPyConnection, spec: SearchSpec, level: str
) -> list[tuple[str, str]]:
    """Return (label, value) rows telling an analyst how an export reconciles with the cards.

    Parameters
    ----------
    con : DuckDB connection or cursor on the build
    spec : SearchSpec
        The search exported; its area must be in the build.
    level : {"household", "person"}

    Returns
    -------
    list of (str, str)
        Definitions, the counts in the file (rows, holders, target poor,
        MPI-poor not holding the card), and "count to match": the Overview
        card of the same area and filter this file equals, with its value and
        the rows of the file that make it (or why no card matches a search
        with further conditions). Labels and values in Thai, then English.
    """
    counts = set_counts(con, spec)
    person = level == "person"
    rows_in_file = counts["persons"] if person else counts["households"]
    card = "with" if spec.tpmap_poor else spec.welfare_card
    defs = MEASURE_DEFINITIONS
    out = [
        (
            "นิยาม: คนจนเป้าหมาย TPMAP (Definition: TPMAP target poor)",
            f"{defs['target_poor_persons'][0]} ({defs['target_poor_persons'][1]})",
        ),
        (
            "นิยาม: คนตก MPI ที่ไม่ถือบัตร (Definition: MPI-poor not holding a card)",
            f"{defs['poor_persons_without_card'][0]} ({defs['poor_persons_without_card'][1]})",
        ),
        (
            "ในไฟล์นี้ (In this file)",
            (
                f"{rows_in_file:,} แถว = สมาชิกทุกคนของ {counts['households']:,} ครัวเรือนที่ตรงเงื่อนไข "
                f"(rows = every member of the matching households)"
                if person
                else f"{rows_in_file:,} แถว = ครัวเรือนที่ตรงเงื่อนไข (rows = matching households), "
                f"สมาชิก {counts['persons']:,} คน (members)"
            )
            + f" · ถือบัตร {counts['holders']:,} คน (holding the card)"
            f" · คนจนเป้าหมาย TPMAP {counts['target_poor']:,} คน (target poor)"
            f" · คนตก MPI ที่ไม่ถือบัตร {counts['poor_not_holding']:,} คน (MPI-poor not holding)",
        ),
    ]
    if not _only_sets(spec):
        out.append(
            (
                "ตัวเลขที่ต้องตรงกัน (Count to match)",
                f"{rows_in_file:,} = จำนวนที่หน้าครัวเรือนและบุคคลแสดงสำหรับการค้นหานี้ "
                "(the count the Households page shows for this search); การค้นหามีเงื่อนไขมิติ "
                "ตัวชี้วัด หรือความเปราะบาง จึงไม่มีการ์ดภาพรวมที่ตรงกัน (the search has "
                "dimension, indicator or vulnerability conditions: no Overview card matches)",
            )
        )
        return out
    area = spec.area_code
    k = settings.default_k()
    poor_set = spec.failing_mpi or spec.tpmap_poor
    summary = area_summary(con, area, k, None, card)
    overall = area_summary(con, area, k, None, "all") if person else summary
    where = f"{_CARD_FILTER[card]}, {'พื้นที่ ' + area if area else 'ทุกพื้นที่'}"
    if not person:
        key = "poor_households" if poor_set else "households"
        text = f"{rows_in_file:,} แถว = การ์ด {_label(key)} = {summary[key]:,} ({where})" + (
            " = ครัวเรือนกลุ่ม 1.1 (group 1.1 households)" if spec.tpmap_poor else ""
        )
        return [*out, ("ตัวเลขที่ต้องตรงกัน (Count to match)", text)]
    if spec.tpmap_poor or (poor_set and card == "with"):
        key, value = "target_poor_persons", overall["target_poor_persons"]
        text = (
            f"การ์ด {_label(key)} = {value:,}: แถวที่ 'ถือบัตรสวัสดิการ' = TRUE "
            f"{counts['target_poor']:,} แถว (the rows with 'Welfare card' TRUE); แถวอื่นเป็นสมาชิก"
            "ที่ไม่ถือบัตรของครัวเรือนกลุ่ม 1.1 (the other rows are members of group 1.1 "
            "households not holding the card)"
        )
    elif poor_set and card == "all":
        text = (
            f"{rows_in_file:,} แถว = การ์ด {_label('poor_persons')} = {overall['poor_persons']:,}; "
            f"'ถือบัตรสวัสดิการ' = TRUE → การ์ด {_label('target_poor_persons')} = "
            f"{overall['target_poor_persons']:,}; = FALSE → การ์ด "
            f"{_label('poor_persons_without_card')} = {overall['poor_persons_without_card']:,}"
        )
    elif poor_set:  # without a card holder: group 1.2 households
        missing = overall["poor_persons_without_card"] - counts["poor_not_holding"]
        text = (
            f"{rows_in_file:,} แถว = สมาชิกของครัวเรือนกลุ่ม 1.2 (members of group 1.2 households); "
            f"การ์ด {_label('poor_persons_without_card')} = "
            f"{overall['poor_persons_without_card']:,} นับเพิ่มอีก {missing:,} คนที่ไม่ถือบัตรใน"
            f"ครัวเรือนกลุ่ม 1.1 ซึ่งไม่อยู่ในไฟล์นี้ (also counts {missing:,} non-holders in "
            "group 1.1 households, not in this file)"
        )
    elif card == "all":
        text = f"{rows_in_file:,} แถว = การ์ด {_label('persons')} = {summary['persons']:,} ({where})"
    elif card == "with":
        text = (
            f"การ์ด {_label('persons')} ({where}) = {summary['persons']:,} = แถวที่ "
            f"'ถือบัตรสวัสดิการ' = TRUE {counts['holders']:,} แถว (the rows with 'Welfare card' "
            "TRUE)"
        )
    else:
        missing = summary["persons"] - rows_in_file
        text = (
            f"{rows_in_file:,} แถว = สมาชิกของครัวเรือนที่ไม่มีผู้ถือบัตร (members of households "
            f"without a holder); การ์ด {_label('persons')} ({where}) = {summary['persons']:,} "
            f"นับเพิ่มอีก {missing:,} คนที่ไม่ถือบัตรในครัวเรือนที่มีผู้ถือบัตร (also counts "
            f"{missing:,} non-holders in households with a holder)"
        )
    return [*out, ("ตัวเลขที่ต้องตรงกัน (Count to match)", text)]


def csv_header_comment(rows: list[tuple[str, str]], total: int) -> bytes:
    """Return the reconciliation rows as ``# label: value`` lines for the top of a CSV.

    The first line gives the data rows; read the file with ``comment="#"``
    (pandas) or skip the lines starting with ``#``. UTF-8, newline-terminated.
    """
    lines = [f"# จำนวนแถวข้อมูล (Data rows): {total:,}"]
    lines += [f"# {label}: {value}" for label, value in rows]
    return "".join(line.replace("\n", " ") + "\n" for line in lines).encode("utf-8")
