"""Logbook forms (record a visit, help, stage, missed household, subsidy step) and bulk import.

Rules (issue 4, DOMAIN.md §5, §8): operations-team users record for their
own area only, everyone else reads; with sign-in off the local user records
(single-user mode). Each form keeps a submission id in the session, used as
the record's key: a save retried after the database was unavailable stores
the record once, and the form keeps what was typed (``clear_on_submit`` is
off) until the save succeeds.
"""

from __future__ import annotations

import uuid
from datetime import date

import pandas as pd
import streamlit as st

from access.roles import EXPORT, User
from app_data import data, logbook_data
from components.downloads import file_download, frame_file, public_template_download
from components.formats import fmt_int, plain
from components.i18n import dimension_name, indicator_name, lang, t
from components.maps import click_map
from display.formats import bangkok_time, date_label
from logbook import store
from logbook.importer import ImportFileError, household_lookup, import_file
from logbook.menu import AGENCIES, HELP_KINDS, STAGE_LABELS, SUBSIDY_STEP_LABELS
from logbook.records import THAILAND_BOUNDS, Context, RecordError, validate_record
from logbook.sample import sample_rows
from logbook.snap import snap_to_villages
from poverty.indicators import DIMENSION_CODES, INDICATOR_CODES

#: Most target households offered in a form's household list.
HOUSEHOLD_OPTIONS = 3000


def _label(pair: tuple[str, str]) -> str:
    return pair[0] if lang() == "th" else pair[1]


def help_kind_name(kind: str) -> str:
    """Return "ซ่อมแซม/สร้างบ้าน (ความเป็นอยู่)": a help kind and the dimension it addresses."""
    dimension, *names = HELP_KINDS[kind]
    return f"{_label(tuple(names))} ({dimension_name(dimension)})"


def _submission_key(kind: str) -> str:
    key = f"lb_submission_{kind}"
    if key not in st.session_state:
        st.session_state[key] = f"form-{uuid.uuid4().hex}"
    return st.session_state[key]


def save(kind: str, raw: dict, user: User) -> bool:
    """Validate and store one form record; show the outcome; return True when stored.

    The record key is the form's submission id, renewed only after success,
    so pressing save again after a failure cannot store the record twice.
    """
    try:
        engine = logbook_data.engine()
        ctx = Context(
            lambda ids: household_lookup(data.cursor(), engine, ids),
            user.area_code,
            date.today(),
        )
        row = validate_record(kind, {**raw, "record_key": _submission_key(kind)}, ctx)
        stamp = {"recorded_by": user.username, "recorded_at": store.now(), "source": "form"}
        added = store.add_records(engine, [{**row, **stamp}])
    except RecordError as exc:
        st.error(t("lb_invalid", column=t(f"lb_col_{exc.column}"), message=plain(exc.message, 300)))
        return False
    except store.StoreError as exc:
        st.error(t("lb_save_failed", reason=logbook_data.reason_for(exc, user)))
        return False
    st.session_state.pop(f"lb_submission_{kind}", None)
    st.success(t("lb_saved" if added else "lb_saved_before", id=plain(row["household_id"])))
    return True


def _date_input(kind: str) -> date:
    """Draw a form's date (today by default, never later than today)."""
    return st.date_input(
        t("lb_date"), value=date.today(), max_value=date.today(), key=f"lb_{kind}_date"
    )


def household_choice(code: str | None, key: str, user: User) -> str | None:
    """Draw a household picker: targets of the area, or any household ID typed in."""
    options: list[str] = []
    labels: dict[str, str] = {}
    if code and len(code) >= 4:
        targets = data.target_households(data.build_key(), code, user, HOUSEHOLD_OPTIONS)
        options = targets["household_id"].tolist()
        labels = {
            r.household_id: f"{r.household_id} · {r.head_name} · {r.house_no} {r.village_th or ''}"
            for r in targets.itertuples()
        }
    return st.selectbox(
        t("lb_household"),
        options,
        index=None,
        key=key,
        format_func=lambda v: labels.get(v, v),
        placeholder=t("lb_household_placeholder"),
        accept_new_options=True,
        help=t("lb_household_help"),
    )


def visit_form(code: str | None, user: User) -> None:
    """Draw the survey-visit form: household, date, team, failed indicators found."""
    with st.form("lb_visit_form", clear_on_submit=False):
        household = household_choice(code, "lb_visit_household", user)
        day = _date_input("visit")
        team = st.text_input(t("lb_team"), key="lb_visit_team")
        problems = st.multiselect(
            t("lb_problems"),
            INDICATOR_CODES,
            key="lb_visit_problems",
            format_func=indicator_name,
            placeholder=t("lb_choose"),
        )
        if st.form_submit_button(t("lb_save"), type="primary", key="lb_visit_save"):
            save(
                "visit",
                {
                    "household_id": household,
                    "date": day,
                    "team": team,
                    "problems": ";".join(problems),
                },
                user,
            )


def help_form(code: str | None, user: User) -> None:
    """Draw the help form: household, date, kind from the menu, agency, dimension, amount."""
    with st.form("lb_help_form", clear_on_submit=False):
        household = household_choice(code, "lb_help_household", user)
        day = _date_input("help")
        kind = st.selectbox(
            t("lb_help_kind"),
            list(HELP_KINDS),
            key="lb_help_kind",
            format_func=help_kind_name,
        )
        agency = st.selectbox(
            t("agency"),
            list(AGENCIES),
            key="lb_help_agency",
            format_func=lambda a: _label(AGENCIES[a]),
        )
        dimension = st.selectbox(
            t("lb_dimension"),
            [""] + list(DIMENSION_CODES),
            key="lb_help_dimension",
            format_func=lambda d: dimension_name(d) if d else t("lb_dimension_default"),
        )
        amount = st.number_input(t("amount_baht"), min_value=0.0, step=100.0, key="lb_help_amount")
        if st.form_submit_button(t("lb_save"), type="primary", key="lb_help_save"):
            save(
                "help",
                {
                    "household_id": household,
                    "date": day,
                    "help_kind": kind,
                    "agency": agency,
                    "dimension": dimension,
                    "amount_baht": amount,
                },
                user,
            )


def stage_form(code: str | None, user: User) -> None:
    """Draw the development-stage form: household, stage reached, date."""
    with st.form("lb_stage_form", clear_on_submit=False):
        household = household_choice(code, "lb_stage_household", user)
        stage = st.radio(
            t("stage"),
            list(STAGE_LABELS),
            key="lb_stage_stage",
            horizontal=True,
            format_func=lambda s: _label(STAGE_LABELS[s]),
        )
        day = _date_input("stage")
        if st.form_submit_button(t("lb_save"), type="primary", key="lb_stage_save"):
            save("stage", {"household_id": household, "date": day, "stage": stage}, user)


def subsidy_form(code: str | None, user: User) -> None:
    """Draw the welfare-subsidy form: household, step 1-5 reached, date, note."""
    with st.form("lb_subsidy_form", clear_on_submit=False):
        household = household_choice(code, "lb_subsidy_household", user)
        step = st.radio(
            t("lb_step"),
            list(SUBSIDY_STEP_LABELS),
            key="lb_subsidy_step",
            format_func=lambda s: f"{s}. {_label(SUBSIDY_STEP_LABELS[s])}",
        )
        day = _date_input("subsidy")
        note = st.text_input(t("lb_note"), key="lb_subsidy_note")
        if st.form_submit_button(t("lb_save"), type="primary", key="lb_subsidy_save"):
            save(
                "subsidy",
                {"household_id": household, "date": day, "step": step, "note": note},
                user,
            )


def _location_map(code: str | None) -> None:
    """Draw a map of the area; a click fills the missed household's coordinates."""
    build = data.build_key()
    outline = data.outline(build, code[:6]) if code and len(code) >= 6 else None
    st.caption(t("lb_map_hint"))
    clicked = click_map(outline, key=f"lb_missed_map_{code}")
    if clicked and clicked != st.session_state.get("lb_missed_applied"):
        st.session_state["lb_missed_applied"] = clicked
        lat, lon = float(clicked["lat"]), float(clicked["lng"])
        lat_min, lat_max, lon_min, lon_max = THAILAND_BOUNDS
        if lat_min <= lat <= lat_max and lon_min <= lon <= lon_max:
            st.session_state["lb_missed_lat"] = round(lat, 6)
            st.session_state["lb_missed_lon"] = round(lon, 6)
        else:
            st.warning(t("lb_click_outside"))


def missed_form(code: str | None, user: User) -> None:
    """Draw the missed-household form: location (typed or clicked), head, members, date."""
    _location_map(code)
    with st.form("lb_missed_form", clear_on_submit=False):
        left, right = st.columns(2)
        lat = left.number_input(
            t("lb_lat"),
            min_value=THAILAND_BOUNDS[0],
            max_value=THAILAND_BOUNDS[1],
            value=None,
            format="%.6f",
            key="lb_missed_lat",
        )
        lon = right.number_input(
            t("lb_lon"),
            min_value=THAILAND_BOUNDS[2],
            max_value=THAILAND_BOUNDS[3],
            value=None,
            format="%.6f",
            key="lb_missed_lon",
        )
        head = st.text_input(t("head_name"), key="lb_missed_head")
        members = st.number_input(
            t("lb_members"), min_value=1, max_value=30, value=1, key="lb_missed_members"
        )
        day = _date_input("missed")
        note = st.text_input(t("lb_note"), key="lb_missed_note")
        if st.form_submit_button(t("lb_save"), type="primary", key="lb_missed_save"):
            village = None
            if lat is not None and lon is not None:
                village = snap_to_villages([lat], [lon], data.build_key())[0]
            if village:
                st.caption(t("lb_snapped", village=village))
            save(
                "missed",
                {
                    "lat": lat,
                    "lon": lon,
                    "head_name": head,
                    "n_members": members,
                    "date": day,
                    "note": note,
                    "village_code": village,
                },
                user,
            )


def _example_file(code: str | None, user: User) -> None:
    """Offer an example import file: the area's own rows (export right) or the blank template.

    Rows drawn from the build name real target households, so they leave
    through :func:`components.downloads.file_download` (export right, audit
    row); everyone else gets the committed template, which holds no data of
    the build.
    """
    if code and len(code) >= 4 and user.can(EXPORT):
        file_download(
            user,
            key="lb_template",
            what="logbook_template",
            area_code=code,
            filters={"rows": 20},
            level="household",
            fmt="csv",
            file_name=f"logbook_import_example_{code}.csv",
            personal_data=False,
            make=lambda: frame_file(
                sample_rows(data.cursor(), code, 20, 1, date.today()), "csv", sheet="logbook"
            ),
            make_label=t("lb_template"),
        )
    else:
        public_template_download(
            "logbook/logbook_import.csv", label=t("lb_template"), key="lb_template_public"
        )


def import_panel(code: str | None, user: User) -> None:
    """Draw the bulk import: example file, upload, validation report or progress and result.

    The outcome of the last import is kept in the session (per file), so the
    error report's download survives the reruns its buttons cause.
    """
    st.markdown(t("lb_import_intro"))
    _example_file(code, user)
    upload = st.file_uploader(t("lb_upload"), type=["csv", "xlsx"], key="lb_upload")
    if upload is None:
        return
    upload_key = (upload.name, upload.size, getattr(upload, "file_id", ""))
    if st.button(t("lb_import"), type="primary", key="lb_import_go"):
        st.session_state["_lb_import"] = (upload_key, _run_import(upload, user))
    kept = st.session_state.get("_lb_import")
    if not kept or kept[0] != upload_key or kept[1] is None:
        return
    _import_outcome(code, user, upload.name, kept[1])


def _run_import(upload, user: User):
    """Validate and store one uploaded file with a progress bar; return its report (or None)."""
    bar = st.progress(0.0, text=t("lb_import_checking"))

    def progress(done: int, total: int) -> None:
        bar.progress(
            done / max(total, 1), text=t("lb_import_writing", done=f"{done:,}", total=f"{total:,}")
        )

    try:
        report = import_file(
            upload.getvalue(),
            upload.name,
            user=user.username,
            scope=user.area_code,
            engine=logbook_data.engine(),
            con=data.cursor(),
            build_dir=data.build_key(),
            progress=progress,
        )
    except ImportFileError as exc:
        st.error(plain(exc, 500))
        return None
    except store.StoreError as exc:
        st.error(t("lb_save_failed", reason=logbook_data.reason_for(exc, user)))
        return None
    finally:
        bar.empty()
    return report


def _import_outcome(code: str | None, user: User, name: str, report) -> None:
    """Draw the result of an import: its errors (table and report file) or what was added."""
    if not report.ok:
        st.error(t("lb_import_invalid", n=f"{len(report.errors):,}"))
        errors = report.errors_frame()
        st.dataframe(errors, hide_index=True, use_container_width=True)
        file_download(
            user,
            key="lb_errors",
            what="logbook_errors",
            area_code=code or user.area_code,
            filters={"file": name},
            level="row",
            fmt="csv",
            file_name=f"errors_{name}.csv",
            personal_data=True,
            make=lambda: frame_file(errors, "csv", sheet="errors"),
            make_label=t("lb_error_report"),
        )
        return
    rate = report.rows_read / report.seconds if report.seconds else 0
    st.success(
        t(
            "lb_import_done",
            read=f"{report.rows_read:,}",
            added=f"{report.rows_added:,}",
            skipped=f"{report.rows_skipped:,}",
            seconds=f"{report.seconds:.1f}",
            rate=f"{rate:,.0f}",
        )
    )


def recent_panel(code: str | None, user: User) -> None:
    """Draw the latest records of each kind in the area (who recorded what and when).

    Rows come masked for ``user`` from :func:`logbook.stats.recent_records`
    (names, coordinates and notes hidden without the personal-data right).
    """
    kinds = {
        "visit": "lb_tab_visit",
        "help": "lb_tab_help",
        "stage": "lb_tab_stage",
        "missed": "lb_tab_missed",
        "subsidy": "lb_tab_subsidy",
    }
    kind = st.radio(
        t("lb_kind"),
        list(kinds),
        format_func=lambda k: t(kinds[k]),
        horizontal=True,
        key="lb_recent_kind",
    )
    try:
        rows = logbook_data.recent(code, kind, user)
    except store.StoreError as exc:
        st.error(t("logbook_unavailable", reason=logbook_data.reason_for(exc, user)))
        return
    if rows.empty:
        st.info(t("lb_none_yet"))
        return
    st.dataframe(recent_table(rows), hide_index=True, use_container_width=True)


def recent_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Return Logbook records as shown: Thai (or English) column names, names for codes.

    Dates in the Buddhist Era in Thai, the time of recording in Asia/Bangkok,
    menu codes (help, agency, stage, step, indicators) by their names; the
    store's own keys (id, record key, import batch) are left out. ``rows``
    come masked from the query layer.
    """
    language = lang()
    pick = 0 if language == "th" else 1
    names = {
        "team": str,
        "problems": lambda v: ", ".join(indicator_name(c) for c in (v or [])),
        "agency": lambda v: AGENCIES.get(v, (v, v))[pick],
        "help_kind": lambda v: HELP_KINDS[v][1 + pick] if v in HELP_KINDS else v,
        "dimension": lambda v: dimension_name(v) if v in DIMENSION_CODES else v,
        "amount_baht": fmt_int,
        "stage": lambda v: STAGE_LABELS.get(v, (v, v))[pick],
        "step": lambda v: SUBSIDY_STEP_LABELS.get(int(v), (v, v))[pick],
        "recorded_at": lambda v: bangkok_time(pd.Timestamp(v).to_pydatetime(), language),
        "source": lambda v: t(f"source_{v}") if v in ("form", "import", "synthetic") else v,
    }
    out = {}
    for column in rows.columns:
        if column in ("id", "record_key", "batch_id", "lon"):
            continue
        values = rows[column]
        if column.endswith("_date"):
            out[t("lb_col_date")] = [date_label(v, language) for v in values]
        elif column == "lat":
            out[t("lb_col_lat")] = [
                "" if pd.isna(a) else f"{a}, {o}" for a, o in zip(values, rows["lon"], strict=True)
            ]
        else:
            convert = names.get(column, lambda v: v)
            out[t(f"lb_col_{column}")] = [
                "" if v is None or (not isinstance(v, list) and pd.isna(v)) else convert(v)
                for v in values
            ]
    return pd.DataFrame(out)
