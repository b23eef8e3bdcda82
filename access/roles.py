"""Roles, their rights and area scope, and the clamp of a requested area to a user's scope.

Source: DOMAIN.md §8 and the pilots' request (seed 004): governors see their
province, district chiefs their district, operations teams work in their
district or subdistrict (and will record in the Logbook), analysts export
lists; names and national IDs are personal data (PDPA), shown and exported
only to roles with that right. Area codes are DOPA codes, so an area lies in
a user's scope exactly when its code starts with the scope's code.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.areas import UnknownAreaError, level_of

PERSONAL_DATA = "personal_data"
EXPORT = "export"
AUDIT_READ = "audit_read"
LOGBOOK_WRITE = "logbook_write"
#: Assign target households' cases to a team with a due date (issue 14: a district
#: chief or the operations team assigns); without the rest of the Logbook right.
CASE_ASSIGN = "case_assign"
#: Seeing where data are stored (database URLs, server paths; never a password).
SYSTEM_INFO = "system_info"
RIGHTS = (PERSONAL_DATA, EXPORT, AUDIT_READ, LOGBOOK_WRITE, CASE_ASSIGN, SYSTEM_INFO)


class AccessDeniedError(PermissionError):
    """A user asked for an area outside their scope, or for a right they lack."""


@dataclass(frozen=True)
class Role:
    """One role: names, the levels its scope may have, and its rights.

    Attributes
    ----------
    scope_levels : tuple of str or None
        Levels a user's scope area may have ("province" …); ``None`` in the
        tuple means the whole country (no area).
    rights : frozenset of str
        Subset of :data:`RIGHTS`.
    """

    code: str
    name_th: str
    name_en: str
    scope_levels: tuple[str | None, ...]
    rights: frozenset[str]


ROLES: dict[str, Role] = {
    role.code: role
    for role in (
        Role(
            "national",
            "ส่วนกลาง (ระดับประเทศ)",
            "National",
            (None,),
            frozenset({PERSONAL_DATA, EXPORT, AUDIT_READ, SYSTEM_INFO}),
        ),
        Role(
            "governor",
            "ผู้ว่าราชการจังหวัด",
            "Provincial governor",
            ("province",),
            frozenset({PERSONAL_DATA, EXPORT}),
        ),
        Role(
            "district_chief",
            "นายอำเภอ",
            "District chief",
            ("district",),
            frozenset({PERSONAL_DATA, EXPORT, CASE_ASSIGN}),
        ),
        Role(
            "ops_team",
            "ทีมปฏิบัติการ",
            "Operations team",
            ("district", "subdistrict"),
            frozenset({PERSONAL_DATA, LOGBOOK_WRITE, CASE_ASSIGN}),
        ),
        Role(
            "analyst",
            "นักวิเคราะห์ข้อมูล",
            "Analyst",
            (None, "province"),
            frozenset({EXPORT}),
        ),
    )
}


def get_role(code: str) -> Role:
    """Return the role with this code.

    Raises
    ------
    ValueError
        For an unknown role; the message lists the known ones.
    """
    try:
        return ROLES[code]
    except KeyError:
        raise ValueError(f"unknown role {code!r}; known roles: {', '.join(ROLES)}") from None


@dataclass(frozen=True)
class User:
    """A signed-in user: username, display name, role code and scope area.

    ``area_code`` is the DOPA code of the user's area (``None`` = the whole
    country, for roles whose scope allows it).

    Raises
    ------
    ValueError
        If the role is unknown or the area's level does not fit the role
        (e.g. a district chief with a province code).
    """

    username: str
    name: str
    role: str
    area_code: str | None = None

    def __post_init__(self) -> None:
        """Check the role and that the area's level fits it."""
        role = get_role(self.role)
        code = self.area_code or None
        object.__setattr__(self, "area_code", code)
        try:
            level = None if code is None else level_of(code)
        except UnknownAreaError as exc:
            raise ValueError(f"user {self.username!r}: {exc}") from None
        if level not in role.scope_levels:
            allowed = ", ".join(lv or "the whole country" for lv in role.scope_levels)
            raise ValueError(
                f"user {self.username!r}: a {role.name_en.lower()}'s area must be "
                f"{allowed}, got {code or 'the whole country'}"
            )

    @property
    def role_info(self) -> Role:
        """The :class:`Role` of this user."""
        return ROLES[self.role]

    def can(self, right: str) -> bool:
        """Return whether the user's role holds ``right`` (one of :data:`RIGHTS`)."""
        if right not in RIGHTS:
            raise ValueError(f"unknown right {right!r}; known: {', '.join(RIGHTS)}")
        return right in self.role_info.rights


def in_scope(user: User, code: str | None) -> bool:
    """Return whether area ``code`` (None = all areas) lies in the user's scope."""
    if user.area_code is None:
        return True
    return code is not None and str(code).startswith(user.area_code)


def allowed_area(user: User, requested_code: str | None) -> str | None:
    """Return the area to show: ``requested_code`` clamped to the user's scope.

    Parameters
    ----------
    user : User
    requested_code : str or None
        The area asked for (from the URL, the picker or the command line);
        None or "" means the top level.

    Returns
    -------
    str or None
        ``requested_code`` when it lies in the scope; otherwise the user's
        own area (None only for a user whose scope is the whole country).
        The caller tells the user when the two differ.
    """
    code = str(requested_code).strip() if requested_code else None
    if code and in_scope(user, code):
        return code
    return user.area_code if user.area_code is not None else code


def check_area(user: User, code: str | None) -> None:
    """Raise unless area ``code`` lies in the user's scope.

    Raises
    ------
    AccessDeniedError
        Naming the user, their scope and the refused area.
    """
    if not in_scope(user, code):
        raise AccessDeniedError(
            f"user {user.username!r} ({user.role_info.name_en.lower()} of area "
            f"{user.area_code}) may not see or export area {code or 'all areas'}"
        )


def require_right(user: User, right: str) -> None:
    """Raise unless the user's role holds ``right``.

    Raises
    ------
    AccessDeniedError
        Naming the user, role and missing right.
    """
    if not user.can(right):
        raise AccessDeniedError(
            f"user {user.username!r} ({user.role_info.name_en.lower()}) does not have "
            f"the {right.replace('_', '-')} right"
        )
