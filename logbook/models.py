"""Tables of the Logbook store (SQLAlchemy 2 declarative models).

Every record table shares the columns of :class:`RecordMixin`: the household,
its village (DOPA 8-digit code, so progress can be counted by any area from
the code prefix), who recorded it, when, from where (form, import, synthetic)
and ``record_key``, a unique key that makes inserts idempotent: a form
submission retried after an error, or a file imported twice, adds nothing.

Source of the records: DOMAIN.md §5 (survey of problems, help given with
agency, date, kind and dimension, development stage survival → sufficiency →
sustainability, households added in the field, the five steps of a
welfare-subsidy request, seed 001).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

#: Development stages in order (DOMAIN.md §5).
STAGES = ("survival", "sufficiency", "sustainability")
#: The five steps of a welfare-subsidy request, 1-5 (DOMAIN.md §5, seed 001).
SUBSIDY_STEPS = (1, 2, 3, 4, 5)
#: Where a record came from.
SOURCES = ("form", "import", "synthetic")
#: Case statuses of a target household (issue 14, DOMAIN.md §5): ``open`` (not yet
#: reached) and ``in_progress`` are open; the others close the case.
CASE_STATUSES = (
    "open",
    "in_progress",
    "resolved",
    "solved_by_itself",
    "declined",
    "moved",
    "died",
    "not_found",
    "duplicate",
)
OPEN_STATUSES = ("open", "in_progress")
CLOSED_STATUSES = tuple(s for s in CASE_STATUSES if s not in OPEN_STATUSES)
#: Why a target declined (pilot provinces' reports, DOMAIN.md §5).
DECLINED_REASONS = ("content", "welfare_only", "refuses_contact")
#: Statuses of a referral between agencies; the first two are open.
REFERRAL_STATUSES = ("requested", "accepted", "done", "refused")
OPEN_REFERRAL_STATUSES = ("requested", "accepted")


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so migrations name constraints."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class ImportBatch(Base):
    """One bulk import: the file, its SHA-256, rows read and added, who and when.

    ``status`` is ``loading`` while a SQLite import writes its rows in short
    transactions (they stay hidden from every read, :func:`logbook.store.visible`)
    and ``complete`` once all are written; ``heartbeat_at`` is the time of
    its latest write (an import whose heartbeat stopped long ago died, and
    the next import removes its rows).
    """

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    rows_read: Mapped[int] = mapped_column(Integer)
    rows_added: Mapped[int] = mapped_column(Integer)
    imported_by: Mapped[str] = mapped_column(String(100))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(10), default="complete", server_default="complete")
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class RecordMixin:
    """Columns every Logbook record has (see the module docstring)."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_key: Mapped[str] = mapped_column(String(64), unique=True)
    household_id: Mapped[str] = mapped_column(String(32), index=True)
    village_code: Mapped[str] = mapped_column(String(8), index=True)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    source: Mapped[str] = mapped_column(String(10))

    @declared_attr
    def batch_id(cls) -> Mapped[int | None]:  # noqa: N805 - SQLAlchemy declared_attr
        """Return the column of the import batch that added the record (``None`` for forms)."""
        return mapped_column(ForeignKey("import_batches.id"), nullable=True)


class SurveyVisit(RecordMixin, Base):
    """A survey visit (สำรวจปัญหา): date, team and the indicators found failing.

    ``problems`` is a list of indicator codes (poverty.indicators); the
    dimensions follow from them.
    """

    __tablename__ = "survey_visits"

    visit_date: Mapped[date] = mapped_column(Date, index=True)
    team: Mapped[str] = mapped_column(String(200))
    problems: Mapped[list] = mapped_column(JSON)


class HelpGiven(RecordMixin, Base):
    """Help given (ได้รับความช่วยเหลือ): agency, date, kind, dimension, amount in baht."""

    __tablename__ = "help_given"
    __table_args__ = (CheckConstraint("amount_baht >= 0", name="amount_not_negative"),)

    help_date: Mapped[date] = mapped_column(Date, index=True)
    agency: Mapped[str] = mapped_column(String(200))
    help_kind: Mapped[str] = mapped_column(String(40))
    dimension: Mapped[str] = mapped_column(String(20))
    amount_baht: Mapped[float] = mapped_column(Numeric(14, 2))


class DevelopmentStage(RecordMixin, Base):
    """The development stage a household reached, with its date (latest date counts)."""

    __tablename__ = "development_stages"
    __table_args__ = (
        CheckConstraint("stage IN ('survival', 'sufficiency', 'sustainability')", name="stage"),
    )

    stage: Mapped[str] = mapped_column(String(20))
    stage_date: Mapped[date] = mapped_column(Date, index=True)


class MissedHousehold(RecordMixin, Base):
    """A household missed by the system (exclusion error), added in the field.

    ``household_id`` is a new id starting with ``N`` followed by the village
    code (imports and forms: then 8 hex digits of the record key; the
    synthetic history: a 4-digit number);
    ``lat``/``lon`` (WGS 84 degrees) as entered or clicked, ``village_code``
    the village it was snapped to. It counts as a target household.
    """

    __tablename__ = "missed_households"

    found_date: Mapped[date] = mapped_column(Date)
    head_name: Mapped[str] = mapped_column(String(200))
    n_members: Mapped[int] = mapped_column(Integer)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(String(500), default="")


class SubsidyStep(RecordMixin, Base):
    """One step reached by a welfare-subsidy request (1-5, DOMAIN.md §5), with its date."""

    __tablename__ = "subsidy_steps"
    __table_args__ = (CheckConstraint("step BETWEEN 1 AND 5", name="step"),)

    step: Mapped[int] = mapped_column(Integer)
    step_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(500), default="")


class CorrectableMixin:
    """Columns of the case records that can be corrected or voided (append-only).

    A correction is a new record whose ``replaces_id`` names the record it
    replaces and ``why`` says why; a void is such a record with ``void`` set
    (its other values copy the voided one's). The replaced record stays: the
    household's time line shows both. A record is *in effect* when no other
    record replaces it and it is not a void.
    """

    replaces_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    why: Mapped[str] = mapped_column(String(500), default="")
    void: Mapped[bool] = mapped_column(Boolean, default=False)


class CaseStatus(CorrectableMixin, RecordMixin, Base):
    """A case status of a target household with its date (issue 14).

    ``status`` is one of :data:`CASE_STATUSES`. Closing statuses need a
    ``reason``: for ``declined`` one of :data:`DECLINED_REASONS`, otherwise
    text. The current status is the one in effect with the latest
    (``status_date``, ``recorded_at``, ``id``): of two teams changing one case
    at once, both records stay and the later wins.
    """

    __tablename__ = "case_statuses"
    __table_args__ = (
        CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in CASE_STATUSES) + ")", name="status"
        ),
    )

    status: Mapped[str] = mapped_column(String(20))
    status_date: Mapped[date] = mapped_column(Date, index=True)
    reason: Mapped[str] = mapped_column(String(500), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class CaseAssignment(CorrectableMixin, RecordMixin, Base):
    """A case assigned to a team with a due date; the latest assignment in effect counts."""

    __tablename__ = "case_assignments"

    team: Mapped[str] = mapped_column(String(200), index=True)
    assigned_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    note: Mapped[str] = mapped_column(String(500), default="")


class Referral(CorrectableMixin, RecordMixin, Base):
    """One step of a referral between agencies: requested, accepted, done or refused.

    ``referral_id`` ties the steps of one referral together (made when it is
    requested); its status is that of its latest step in effect. A referral
    still requested or accepted more than ``TPMAP_REFERRAL_OVERDUE_DAYS``
    after its request is overdue (:mod:`logbook.cases`).
    """

    __tablename__ = "referrals"
    __table_args__ = (
        CheckConstraint(
            "referral_status IN (" + ", ".join(f"'{s}'" for s in REFERRAL_STATUSES) + ")",
            name="referral_status",
        ),
    )

    referral_id: Mapped[str] = mapped_column(String(32), index=True)
    referral_status: Mapped[str] = mapped_column(String(20))
    referral_date: Mapped[date] = mapped_column(Date)
    from_agency: Mapped[str] = mapped_column(String(40))
    to_agency: Mapped[str] = mapped_column(String(40))
    help_kind: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(String(500), default="")


#: Record kind -> model; the kind is the ``record_type`` column of import files.
RECORD_MODELS = {
    "visit": SurveyVisit,
    "help": HelpGiven,
    "stage": DevelopmentStage,
    "missed": MissedHousehold,
    "subsidy": SubsidyStep,
    "status": CaseStatus,
    "assign": CaseAssignment,
    "referral": Referral,
}
#: The kinds a ``correction`` record can correct or void.
CORRECTABLE = ("status", "assign", "referral")
