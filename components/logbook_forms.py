"""Logbook forms, the worklist and bulk import.

Forms: survey visit, help, stage, missed household, subsidy step, case
status, assignment (one, or a search's households at once), referral.

Rules (issue 4, issue 14, DOMAIN.md §5, §8): operations-team users record for
their own area only, everyone else reads; with sign-in off the local user
records (single-user mode). Each form keeps a submission id in the session,
used as the record's key: a save retried after the database was unavailable
stores the record once, and the form keeps what was typed
(``clear_on_submit`` is off) until the save succeeds.

Two choices of issue 14:

- **The first click on Save always saves.** The problems found were a
  multiselect: after typing in it, its menu stays open over the Save button,
  so the first click chose the option under the pointer instead of saving
  (reproduced in Chromium, 3 of 3 tries, the click added "การออกกำลังกาย").
  Problems are now toggle pills grouped by dimension: no menu, no overlay,
  nothing between the pointer and Save.
- **Dates in B.E.** ``st.date_input``'s calendar shows C.E. years whatever
  its ``format``; in Thai the forms use three selects (day, month by its
  Thai name, B.E. year), which also suit a phone keyboard; in English
  ``st.date_input`` with ``DD/MM/YYYY``. An impossible day (31 Feb) is
  refused with a sentence naming the field.
"""

from __future__ import annotations

import calendar
import uuid
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from access.roles import EXPORT, User
from app_data import data, logbook_data
from components.downloads import file_download, frame_file, public_template_download
from components.formats import fmt_int, plain
from components.i18n import dimension_name, indicator_name, lang, t
from components.maps import click_map, household_map
from display.formats import BE_OFFSET, THAI_MONTHS, bangkok_time, date_label
from display.labels import record_error
from logbook import store
from logbook.importer import ImportFileError, import_file
from logbook.menu import AGENCIES, HELP_KINDS, STAGE_LABELS, SUBSIDY_STEP_LABELS
from logbook.models import CASE_STATUSES, DECLINED_REASONS, REFERRAL_STATUSES
from logbook.records import EARLIEST_DATE, THAILAND_BOUNDS, RecordError, validate_record
from logbook.sample import sample_rows
from logbook.snap import snap_to_villages
from poverty.indicators import DIMENSION_CODES, INDICATOR_CODES, indicators_of

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


def save(kind: str, raw: dict, user: User, record_kind: str | None = None) -> bool:
    """Validate and store one form record; show the outcome; return True when stored.

    ``kind`` names the form (its submission id); ``record_kind`` the kind
    of record when it differs (a correction made in the case-status form).
    The record key is the form's submission id, renewed only after success,
    so pressing save again after a failure cannot store the record twice.
    """
    if not logbook_data.may_save(user, record_kind or kind):
        st.error(t("lb_no_right"))
        return False
    for column in ("date", "due_date"):
        if isinstance(raw.get(column), BadDate):
            st.error(raw[column].message(t(f"lb_col_{column}")))
            return False
    try:
        engine = logbook_data.engine()
        ctx = logbook_data.context(user)
        row = validate_record(
            record_kind or kind, {**raw, "record_key": _submission_key(kind)}, ctx
        )
        stamp = {"recorded_by": user.username, "recorded_at": store.now(), "source": "form"}
        added = store.add_records(engine, [{**row, **stamp}])
    except RecordError as exc:
        st.error(error_text(exc))
        return False
    except store.StoreError as exc:
        st.error(t("lb_save_failed", reason=logbook_data.reason_for(exc, user)))
        return False
    st.session_state.pop(f"lb_submission_{kind}", None)
    message = t("lb_saved" if added else "lb_saved_before", id=plain(row["household_id"]))
    st.success(message)
    st.session_state[LAST_SAVED_KEY] = message
    return True


#: The last save's message, shown again after a form reruns the page to redraw
#: what the save changed (a household's time line, its referrals).
FLASH_KEY = "_lb_saved_message"
LAST_SAVED_KEY = "_lb_last_saved"


def _show_saved() -> None:
    """Show the message of a save made just before this rerun (see :func:`_rerun_after_save`)."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message)


def _rerun_after_save() -> None:
    """Rerun the page so what is drawn above the form (time line, referrals) shows the save."""
    st.session_state[FLASH_KEY] = st.session_state.pop(LAST_SAVED_KEY, "")
    st.rerun()


def error_text(exc: RecordError) -> str:
    """Return an invalid form entry as whole sentences in the session language, naming the field."""
    values = {k: plain(v, 300) for k, v in exc.values.items()}
    value = exc.value if hasattr(exc.value, "isoformat") else plain(exc.value or "", 100)
    return record_error(exc.key, lang(), value=value, field=t(f"lb_col_{exc.column}"), **values)


class BadDate:
    """A day/month/B.E. year chosen in the form that is not in the calendar (31 Feb)."""

    def __init__(self, day: int, month: int, year_be: int) -> None:
        self.day, self.month, self.year_be = day, month, year_be

    def message(self, field: str) -> str:
        """Return the sentence saying so, naming the field."""
        return t("lb_bad_day", field=field, day=self.day, month=self.month, year=self.year_be)


def date_field(
    key: str, label: str, value: date | None = None, latest: date | None = None
) -> date | BadDate:
    """Draw a date input: day / Thai month / B.E. year selects in Thai, a calendar in English.

    Parameters
    ----------
    key : str
        Widget key (the Thai selects use ``key`` + ``_d``, ``_m``, ``_y``).
    label : str
        Shown above the input.
    value : date, optional
        Initial date (default today).
    latest : date, optional
        Last year offered / latest date of the calendar (default: today;
        due dates pass a later one).

    Returns
    -------
    date or BadDate
        The chosen day, or :class:`BadDate` for a day not in the calendar.
    """
    value = value or date.today()
    latest = latest or date.today()
    if lang() != "th":
        return st.date_input(
            label,
            value=value,
            min_value=EARLIEST_DATE,
            max_value=latest,
            format="DD/MM/YYYY",
            key=key,
        )
    st.markdown(f"<small>{label}</small>", unsafe_allow_html=True)
    day_col, month_col, year_col = st.columns([1, 2, 1])
    day = day_col.selectbox(t("lb_day"), range(1, 32), index=value.day - 1, key=f"{key}_d")
    month = month_col.selectbox(
        t("lb_month"),
        range(1, 13),
        index=value.month - 1,
        key=f"{key}_m",
        format_func=lambda m: THAI_MONTHS[m - 1],
    )
    years = list(range(latest.year + BE_OFFSET, EARLIEST_DATE.year + BE_OFFSET - 1, -1))
    year = year_col.selectbox(
        t("lb_year_be"), years, index=years.index(value.year + BE_OFFSET), key=f"{key}_y"
    )
    if day > calendar.monthrange(year - BE_OFFSET, month)[1]:
        return BadDate(day, month, year)
    return date(year - BE_OFFSET, month, day)


def _date_input(kind: str) -> date | BadDate:
    """Draw a form's date (today by default, never later than today)."""
    return date_field(f"lb_{kind}_date", t("lb_date"))


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


def problem_pills(key: str) -> list[str]:
    """Draw the indicators found failing as toggle pills, one row per dimension; return codes.

    Pills, not a multiselect: a multiselect's menu stays open over the Save
    button after typing, and the first click then picks an option instead of
    saving (module docstring). Keys: ``key`` + ``_`` + dimension code.
    """
    st.markdown(f"**{t('lb_problems')}**")
    chosen: list[str] = []
    for dimension in DIMENSION_CODES:
        chosen += (
            st.pills(
                dimension_name(dimension),
                list(indicators_of(dimension)),
                selection_mode="multi",
                format_func=indicator_name,
                key=f"{key}_{dimension}",
            )
            or []
        )
    return [code for code in INDICATOR_CODES if code in chosen]


def visit_form(code: str | None, user: User) -> None:
    """Draw the survey-visit form: household, date, team, failed indicators found."""
    with st.form("lb_visit_form", clear_on_submit=False):
        household = household_choice(code, "lb_visit_household", user)
        day = _date_input("visit")
        team = st.text_input(t("lb_team"), key="lb_visit_team")
        problems = problem_pills("lb_visit_problems")
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
    help_suggestions(code, user)


def help_suggestions(code: str | None, user: User) -> None:
    """Draw the help suggested for a household chosen here (issue 17), beside the help form.

    Outside the form: a form's widgets send their values only on save, so
    the suggestions follow a picker of their own.
    """
    from components.suggestions import household_suggestions

    with st.expander(t("sg_title")):
        household_id = household_choice(code, "lb_help_suggest_household", user)
        if not household_id:
            st.caption(t("sg_pick_household"))
            return
        record = data.household(data.build_key(), str(household_id), user, code)
        if record is None:
            st.caption(t("sg_household_unknown", id=plain(household_id)))
            return
        household_suggestions(record, user, code)


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
    lat, lon = st.session_state.get("lb_missed_lat"), st.session_state.get("lb_missed_lon")
    clicked = click_map(
        outline,
        key=f"lb_missed_map_{code}",
        point=(lat, lon) if lat is not None and lon is not None else None,
        code=code,
        title=t("lb_map_title"),
    )
    if clicked and clicked != st.session_state.get("lb_missed_applied"):
        st.session_state["lb_missed_applied"] = clicked
        lat, lon = float(clicked["lat"]), float(clicked["lng"])
        lat_min, lat_max, lon_min, lon_max = THAILAND_BOUNDS
        if lat_min <= lat <= lat_max and lon_min <= lon <= lon_max:
            st.session_state["lb_missed_lat"] = round(lat, 6)
            st.session_state["lb_missed_lon"] = round(lon, 6)
            st.rerun()  # the map then shows the place chosen
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
        st.error(plain(t(f"lb_file_{exc.key}", **exc.label_values), 500))
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
        errors = import_errors_table(report)
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
        "status": "lb_tab_case",
        "assign": "lb_tab_assign",
        "referral": "lb_tab_referral",
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
    menu codes (help, agency, stage, step, indicators) and villages by their names; the
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
        "status": lambda v: t(f"case_status_{v}") if v in CASE_STATUSES else v,
        "referral_status": lambda v: t(f"referral_status_{v}") if v in REFERRAL_STATUSES else v,
        "from_agency": lambda v: AGENCIES.get(v, (v, v))[pick],
        "to_agency": lambda v: AGENCIES.get(v, (v, v))[pick],
        "void": lambda v: t("yes") if v else "",
        "replaces_id": lambda v: str(int(v)),  # a record number, typed back in imports
        "village_code": lambda v: (data.area(data.build_key(), v) or {}).get(f"name_{language}", v),
    }
    reasons = rows["status"] if "status" in rows else None
    out = {}
    for column in rows.columns:
        if column in ("record_key", "batch_id", "lon"):
            continue
        values = rows[column]
        if column == "id":
            out[t("lb_col_id")] = [str(int(v)) for v in values]
        elif column == "reason" and reasons is not None:
            out[t("lb_col_reason")] = [
                t(f"declined_{v}") if s == "declined" and v in DECLINED_REASONS else v
                for s, v in zip(reasons, values, strict=True)
            ]
        elif column == "due_date":
            out[t("lb_col_due_date")] = [date_label(v, language) for v in values]
        elif column.endswith("_date"):
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


def import_errors_table(report) -> pd.DataFrame:
    """Return an import's errors as shown and downloaded: row, column, sentence, value.

    The sentence is whole, in the session language, and names the row and
    column ("แถว 12 คอลัมน์ household_id: ไม่พบครัวเรือนรหัส … ในพื้นที่ของคุณ").
    """
    language = lang()
    return pd.DataFrame(
        {
            t("lb_col_row"): [e.row for e in report.errors],
            t("lb_col_column"): [e.column for e in report.errors],
            t("lb_col_message"): [
                record_error(e.key, language, value=e.value, row=e.row, column=e.column, **e.values)
                for e in report.errors
            ],
            t("lb_col_value"): [e.value for e in report.errors],
        }
    )


def timeline_table(line: pd.DataFrame) -> pd.DataFrame:
    """Return a household's time line as shown: Thai (or English) columns and names for codes.

    One row per record, corrections and the records they replace both
    listed (column "มีผล" says which count).
    """
    language = lang()
    pick = 0 if language == "th" else 1

    def details(kind: str, what: dict) -> str:
        if kind == "status":
            reason = what.get("reason") or ""
            if what.get("status") == "declined" and reason in DECLINED_REASONS:
                reason = t(f"declined_{reason}")
            return " · ".join(x for x in (t(f"case_status_{what['status']}"), reason) if x)
        if kind == "assign":
            due = date_label(what.get("due_date"), language)
            return f"{what.get('team', '')} · {t('lb_due_date')} {due}"
        if kind == "referral":
            return (
                f"{t('referral_status_' + what['referral_status'])} · "
                f"{AGENCIES.get(what['from_agency'], ('', ''))[pick]} → "
                f"{AGENCIES.get(what['to_agency'], ('', ''))[pick]}"
            )
        if kind == "help":
            kind_name = HELP_KINDS.get(what["help_kind"], ("", "", ""))[1 + pick]
            return f"{kind_name} · {fmt_int(float(what['amount_baht']))} ฿"
        if kind == "visit":
            return ", ".join(indicator_name(c) for c in (what.get("problems") or []))
        if kind == "stage":
            return STAGE_LABELS.get(what["stage"], ("", ""))[pick]
        if kind == "subsidy":
            return SUBSIDY_STEP_LABELS.get(int(what["step"]), ("", ""))[pick]
        return what.get("head_name", "")

    return pd.DataFrame(
        {
            t("lb_col_date"): [date_label(v, language) for v in line["date"]],
            t("lb_col_kind"): [t(f"lb_kind_{k}") for k in line["kind"]],
            t("lb_col_what"): [
                details(k, w) for k, w in zip(line["kind"], line["what"], strict=True)
            ],
            t("lb_col_id"): [str(int(v)) for v in line["id"]],
            t("lb_col_replaces_id"): [
                "" if pd.isna(v) else str(int(v)) for v in line["replaces_id"]
            ],
            t("lb_col_why"): list(line["why"].fillna("")),
            t("lb_col_in_effect"): [t("yes") if v else t("lb_replaced") for v in line["in_effect"]],
            t("lb_col_recorded_by"): list(line["recorded_by"]),
            t("lb_col_recorded_at"): [
                bangkok_time(pd.Timestamp(v).to_pydatetime(), language) for v in line["recorded_at"]
            ],
        }
    )


def _timeline(household: str, user: User) -> pd.DataFrame:
    """Draw a household's time line; return its rows (empty when none)."""
    st.markdown(f"**{t('lb_timeline')}**")
    line = logbook_data.timeline(household, user)
    if line.empty:
        st.caption(t("lb_timeline_none"))
    else:
        st.dataframe(timeline_table(line), hide_index=True, use_container_width=True)
    return line


def case_form(code: str | None, user: User) -> None:
    """Draw the case-status form: status, reason, date, note; or a correction or void.

    Closing statuses need a reason (declined: one of three), and a date;
    picking an earlier status record makes the entry a correction of it
    (with why), or its void. The household's time line shows every record.
    """
    _show_saved()
    household = household_choice(code, "lb_case_household", user)  # outside the form
    replaceable: dict[int, str] = {}
    if household:
        try:
            line = _timeline(household, user)
        except store.StoreError as exc:
            st.error(t("logbook_unavailable", reason=logbook_data.reason_for(exc, user)))
            return
        for row in line[(line["kind"] == "status") & line["in_effect"]].itertuples():
            replaceable[int(row.id)] = (
                f"{int(row.id)} · {t('case_status_' + row.what['status'])} · "
                f"{date_label(row.date, lang())}"
            )
    with st.form("lb_case_form", clear_on_submit=False):
        status = st.selectbox(
            t("lb_status"),
            list(CASE_STATUSES),
            key="lb_case_status",
            format_func=lambda s: t(f"case_status_{s}"),
        )
        declined = st.selectbox(
            t("lb_declined_reason"),
            list(DECLINED_REASONS),
            key="lb_case_declined",
            format_func=lambda r: t(f"declined_{r}"),
        )
        reason = st.text_input(t("lb_reason"), key="lb_case_reason", help=t("lb_reason_help"))
        day = _date_input("case")
        note = st.text_area(t("lb_note"), key="lb_case_note", height=68)
        replaces = st.selectbox(
            t("lb_corrects"),
            [None, *replaceable],
            key="lb_case_replaces",
            format_func=lambda r: t("lb_corrects_none") if r is None else replaceable.get(r, r),
        )
        why = st.text_input(t("lb_why"), key="lb_case_why")
        void = st.checkbox(t("lb_void"), key="lb_case_void")
        if st.form_submit_button(t("lb_save"), type="primary", key="lb_case_save"):
            raw = {
                "household_id": household,
                "date": day,
                "status": status,
                "reason": declined if status == "declined" else reason,
                "note": note,
            }
            if replaces is not None:
                raw.update(corrects="status", replaces_id=replaces, why=why)
                raw["void"] = "yes" if void else ""
            if save("status", raw, user, None if replaces is None else "correction"):
                _rerun_after_save()


def assign_form(code: str | None, user: User) -> None:
    """Draw the assignment of one case, and the bulk assignment of a household search's result."""
    st.markdown(f"**{t('lb_assign_one')}**")
    with st.form("lb_assign_form", clear_on_submit=False):
        household = household_choice(code, "lb_assign_household", user)
        team = st.text_input(t("lb_team_assigned"), key="lb_assign_team")
        due = date_field(
            "lb_assign_due",
            t("lb_due_date"),
            value=date.today() + timedelta(days=30),
            latest=date.today() + timedelta(days=3 * 365),
        )
        note = st.text_input(t("lb_note"), key="lb_assign_note")
        if st.form_submit_button(t("lb_save"), type="primary", key="lb_assign_save"):
            save(
                "assign",
                {
                    "household_id": household,
                    "date": date.today(),
                    "team": team,
                    "due_date": due,
                    "note": note,
                },
                user,
            )
    bulk_assign(code, user)


def bulk_assign(code: str | None, user: User) -> None:
    """Draw the assignment of every household of the latest search (Households page) at once.

    The search's conditions are kept in the session (``hs_conditions``); here
    they are applied to this page's area. At most
    :data:`app_data.logbook_data.BULK_LIMIT` households, in one transaction.
    """
    from components.household_search import CONDITIONS_KEY, spec_error_text
    from queries.search import SearchSpecError

    if not logbook_data.can_assign(user):
        return

    st.markdown(f"**{t('lb_assign_bulk')}**")
    conditions = st.session_state.get(CONDITIONS_KEY)
    if not conditions:
        st.info(t("lb_assign_bulk_none"))
        return
    try:
        spec = logbook_data.search_spec(code, conditions, user)
        count = data.search_count(data.build_key(), spec)
    except SearchSpecError as exc:
        st.error(spec_error_text(exc))
        return
    except store.StoreError as exc:
        st.error(t("logbook_unavailable", reason=logbook_data.reason_for(exc, user)))
        return
    limit = logbook_data.BULK_LIMIT
    if count > limit:
        st.warning(t("lb_assign_bulk_too_many", n=fmt_int(count), limit=fmt_int(limit)))
        return
    st.caption(t("lb_assign_bulk_intro", n=fmt_int(count), limit=fmt_int(limit)))
    with st.form("lb_bulk_form", clear_on_submit=False):
        team = st.text_input(t("lb_team_assigned"), key="lb_bulk_team")
        due = date_field(
            "lb_bulk_due",
            t("lb_due_date"),
            value=date.today() + timedelta(days=30),
            latest=date.today() + timedelta(days=3 * 365),
        )
        note = st.text_input(t("lb_note"), key="lb_bulk_note")
        if st.form_submit_button(
            t("lb_assign_bulk_button", n=fmt_int(count)), type="primary", key="lb_bulk_save"
        ):
            if isinstance(due, BadDate):
                st.error(due.message(t("lb_due_date")))
                return
            try:
                added = logbook_data.assign_search(
                    spec,
                    team=team,
                    due=due,
                    note=note,
                    user=user,
                    submission=_submission_key("bulk"),
                )
            except RecordError as exc:
                st.error(error_text(exc))
                return
            except store.StoreError as exc:
                st.error(t("lb_save_failed", reason=logbook_data.reason_for(exc, user)))
                return
            st.session_state.pop("lb_submission_bulk", None)
            st.success(t("lb_assigned", n=fmt_int(added), team=plain(team)))


def referral_form(code: str | None, user: User) -> None:
    """Draw a household's referrals and the form to request one or record its next step."""
    _show_saved()
    household = household_choice(code, "lb_ref_household", user)  # outside the form
    known = pd.DataFrame()
    if household:
        try:
            known = logbook_data.referrals_of(household, user)
        except store.StoreError as exc:
            st.error(t("logbook_unavailable", reason=logbook_data.reason_for(exc, user)))
            return
        if known.empty:
            st.caption(t("lb_referral_none"))
        else:
            st.dataframe(referrals_table(known), hide_index=True, use_container_width=True)
    mode = st.radio(
        t("lb_referral"),
        ["new", "update"],
        key="lb_ref_mode",
        horizontal=True,
        format_func=lambda m: t("lb_referral_new" if m == "new" else "lb_referral_update"),
    )
    with st.form("lb_ref_form", clear_on_submit=False):
        raw: dict = {"household_id": household}
        if mode == "new":
            raw["referral_status"] = "requested"
            raw["from_agency"] = st.selectbox(
                t("lb_from_agency"), list(AGENCIES), key="lb_ref_from", format_func=agency_label
            )
            raw["to_agency"] = st.selectbox(
                t("lb_to_agency"), list(AGENCIES), key="lb_ref_to", format_func=agency_label
            )
            raw["help_kind"] = st.selectbox(
                t("lb_help_kind"), list(HELP_KINDS), key="lb_ref_kind", format_func=help_kind_name
            )
        else:
            options = [] if known.empty else known["referral_id"].tolist()
            raw["referral_id"] = st.selectbox(
                t("lb_col_referral_id"), options, key="lb_ref_id", index=None
            )
            raw["referral_status"] = st.selectbox(
                t("lb_referral_status"),
                list(REFERRAL_STATUSES[1:]),
                key="lb_ref_status",
                format_func=lambda s: t(f"referral_status_{s}"),
            )
        raw["date"] = _date_input("ref")
        raw["note"] = st.text_input(t("lb_note"), key="lb_ref_note")
        if st.form_submit_button(t("lb_save"), type="primary", key="lb_ref_save"):
            if save("referral", raw, user):
                _rerun_after_save()


def agency_label(code: str) -> str:
    """Return an agency's name in the session language."""
    return _label(AGENCIES[code])


def referrals_table(known: pd.DataFrame) -> pd.DataFrame:
    """Return referrals as shown: number, status, agencies, kind of help, dates, overdue."""
    language = lang()
    return pd.DataFrame(
        {
            t("lb_col_referral_id"): known["referral_id"],
            t("lb_col_referral_status"): [
                t(f"referral_status_{s}") for s in known["referral_status"]
            ],
            t("lb_col_from_agency"): [agency_label(a) for a in known["from_agency"]],
            t("lb_col_to_agency"): [agency_label(a) for a in known["to_agency"]],
            t("lb_col_help_kind"): [help_kind_name(k) for k in known["help_kind"]],
            t("lb_col_date"): [date_label(d, language) for d in known["requested"]],
            t("lb_col_overdue"): [t("yes") if v else "" for v in known["overdue"]],
        }
    )


def worklist_panel(code: str | None, user: User) -> None:
    """Draw "my worklist": a team's open cases, overdue first, failed indicators, a map.

    The team is chosen among the teams with open cases assigned in the area
    (the operations team picks its own); the choice is kept in the session.
    """
    try:
        teams = logbook_data.teams(code)
    except store.StoreError as exc:
        st.error(t("logbook_unavailable", reason=logbook_data.reason_for(exc, user)))
        return
    if not teams:
        st.info(t("lb_worklist_no_team"))
        return
    if st.session_state.get("lb_worklist_team") not in teams:
        st.session_state["lb_worklist_team"] = teams[0]
    team = st.selectbox(t("lb_worklist_team"), teams, key="lb_worklist_team")
    rows = logbook_data.worklist(code, team, user)
    if rows.empty:
        st.success(t("lb_worklist_empty"))
        return
    st.caption(
        t(
            "lb_worklist_count",
            n=fmt_int(len(rows)),
            overdue=fmt_int(int(rows["case_overdue"].sum())),
        )
    )
    st.dataframe(worklist_table(rows), hide_index=True, use_container_width=True)
    st.markdown(f"**{t('lb_worklist_map')}**")
    points = rows.dropna(subset=["lat", "lon"])
    outline = data.outline(data.build_key(), code) if code else None
    if not points.empty:
        household_map(
            points[["household_id", "head_name", "lon", "lat", "dimensions_failed"]],
            outline,
            key="lb_worklist_map",
            code=code,
        )


def worklist_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Return worklist rows as shown: household, head, address, status, due date, failures."""
    language = lang()
    from poverty.measures import indicator_bits

    bits = indicator_bits(rows["mask"].to_numpy(dtype="int64")).astype(bool)
    failed = [
        ", ".join(indicator_name(c) for c, f in zip(INDICATOR_CODES, row, strict=True) if f)
        for row in bits
    ]
    return pd.DataFrame(
        {
            t("household_id"): rows["household_id"],
            t("head_name"): rows["head_name"],
            t("village"): (
                rows["house_no"].fillna("").astype(str)
                + " "
                + rows["village_th" if language == "th" else "village_en"].fillna("")
            ).str.strip(),
            t("lb_col_status"): [t(f"case_status_{s}") for s in rows["case_status"]],
            t("lb_col_due_date"): [date_label(d, language) for d in rows["due_date"]],
            t("lb_col_overdue"): [t("yes") if v else "" for v in rows["case_overdue"]],
            t("lb_col_opened"): [date_label(d, language) for d in rows["opened"]],
            t("lb_col_failed"): failed,
        }
    )
