"""Roles, scope clamping, masking, the users file and the append-only audit log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import settings
from access import audit
from access.masking import format_national_id, mask_name, mask_national_id
from access.roles import (
    AUDIT_READ,
    EXPORT,
    PERSONAL_DATA,
    AccessDeniedError,
    User,
    allowed_area,
    check_area,
    in_scope,
    require_right,
)
from access.users import (
    UserConfigError,
    authenticate,
    hash_password,
    load_users,
    user_for_identity,
    user_for_os_account,
)

CHIEF = User("chief", "Chief", "district_chief", "4101")
NATIONAL = User("nat", "National", "national", None)


def test_mask_national_id_keeps_first_five_and_check_digit():
    assert mask_national_id("1234567890123") == "1-2345-xxxxx-xx-3"
    assert mask_national_id("1-2345-67890-12-3") == "1-2345-xxxxx-xx-3"
    assert mask_national_id("12345") == "x-xxxx-xxxxx-xx-x"  # malformed: no digit leaks
    assert mask_national_id(None) == "x-xxxx-xxxxx-xx-x"
    assert format_national_id("1234567890123") == "1-2345-67890-12-3"


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("นายสมชาย ใจดี", "นาย ส. จ."),
        ("นางสาวเสาวลักษณ์ แก้วมณี", "นางสาว ส. ก."),  # the leading vowel is skipped
        ("เด็กหญิงเนติลักษณ์ ถนอมพลกรัง", "เด็กหญิง น. ถ."),
        ("Mr. John Smith", "Mr. J. S."),
        ("สมศรี", "ส."),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_name_keeps_title_and_initials(name, masked):
    assert mask_name(name) == masked


def test_the_gate_masks_only_without_the_right():
    import pandas as pd

    from access.personal import protect
    from access.roles import User

    analyst = User("a", "a", "analyst")
    national = User("n", "n", "national")
    frame = pd.DataFrame({"name": ["นายสมชาย ใจดี"], "national_id": ["1234567890123"]})
    assert protect(frame, analyst).iloc[0].tolist() == ["นาย ส. จ.", "1-2345-xxxxx-xx-3"]
    full = protect(frame, national).iloc[0].tolist()
    assert [full[0], format_national_id(full[1])] == ["นายสมชาย ใจดี", "1-2345-67890-12-3"]
    assert frame.iloc[0, 0] == "นายสมชาย ใจดี"  # the input is not changed


def test_allowed_area_clamps_to_the_scope():
    assert allowed_area(CHIEF, "4101") == "4101"
    assert allowed_area(CHIEF, "410101") == "410101"  # deeper inside the district
    assert allowed_area(CHIEF, "4102") == "4101"  # another district
    assert allowed_area(CHIEF, "41") == "4101"  # the province above
    assert allowed_area(CHIEF, "60") == "4101"
    assert allowed_area(CHIEF, None) == "4101"
    assert allowed_area(CHIEF, "") == "4101"
    assert allowed_area(NATIONAL, None) is None
    assert allowed_area(NATIONAL, "6001") == "6001"
    assert in_scope(CHIEF, "41010101") and not in_scope(CHIEF, "41020101")
    assert not in_scope(CHIEF, None)


def test_rights_by_role():
    analyst = User("a", "Analyst", "analyst", None)
    ops = User("o", "Ops", "ops_team", "410101")
    assert NATIONAL.can(AUDIT_READ) and NATIONAL.can(PERSONAL_DATA)
    assert analyst.can(EXPORT) and not analyst.can(PERSONAL_DATA) and not analyst.can(AUDIT_READ)
    assert ops.can(PERSONAL_DATA) and not ops.can(EXPORT)
    assert CHIEF.can(EXPORT) and not CHIEF.can(AUDIT_READ)
    with pytest.raises(AccessDeniedError, match="export"):
        require_right(ops, EXPORT)
    with pytest.raises(AccessDeniedError, match="4102"):
        check_area(CHIEF, "4102")
    check_area(CHIEF, "41010101")


def test_user_area_must_fit_the_role():
    with pytest.raises(ValueError, match="district"):
        User("x", "X", "district_chief", "41")
    with pytest.raises(ValueError, match="unknown role"):
        User("x", "X", "mayor", "41")
    with pytest.raises(ValueError, match="DOPA"):
        User("x", "X", "governor", "4x")


def test_demo_users_file_signs_in_every_role():
    config = load_users(settings.PROJECT_ROOT / "config" / "users.yaml")
    roles = {a.user.role for a in config.accounts.values()}
    assert roles == {"national", "governor", "district_chief", "ops_team", "analyst"}
    chief = authenticate(config, "chief_mueang_udon", "chief_mueang_udon")
    assert chief == User("chief_mueang_udon", chief.name, "district_chief", "4101")
    assert authenticate(config, "chief_mueang_udon", "wrong") is None
    assert authenticate(config, "nobody", "nobody") is None
    assert authenticate(config, "governor_udon", "governor_udon").area_code == "41"


def test_users_file_refuses_plain_passwords_and_bad_roles(tmp_path: Path):
    path = tmp_path / "users.yaml"
    path.write_text("users:\n  bob:\n    name: Bob\n    role: national\n    password_hash: bob\n")
    with pytest.raises(UserConfigError, match="bcrypt"):
        load_users(path)
    hashed = hash_password("pw")
    path.write_text(
        f"users:\n  bob:\n    name: Bob\n    role: governor\n    area: '4101'\n"
        f"    password_hash: '{hashed}'\n"
    )
    with pytest.raises(UserConfigError, match="province"):
        load_users(path)
    with pytest.raises(UserConfigError, match="not found"):
        load_users(tmp_path / "missing.yaml")
    path.write_text("users:\n  bob:\n    name: Bob\n    role: national\n")
    with pytest.raises(UserConfigError, match="no way to sign in"):
        load_users(path)
    path.write_text(
        "users:\n  bob:\n    name: Bob\n    role: national\n    email: B@x.th\n"
        "  ann:\n    name: Ann\n    role: analyst\n    email: b@X.th\n"
    )
    with pytest.raises(UserConfigError, match="belongs to user 'bob'"):
        load_users(path)


def test_identities_map_to_users_by_subject_then_verified_email(tmp_path: Path):
    path = tmp_path / "users.yaml"
    path.write_text(
        "users:\n"
        "  gov:\n    name: Gov\n    role: governor\n    area: '41'\n    oidc_subject: s-41\n"
        "  ana:\n    name: Ana\n    role: analyst\n    email: Ana@Example.go.th\n"
        "  cli:\n    name: Cli\n    role: national\n    os_account: somchai\n"
    )
    config = load_users(path)
    assert user_for_identity(config, {"sub": "s-41"}).area_code == "41"
    assert user_for_identity(config, {"sub": "x", "email": "ana@example.go.th"}).username == "ana"
    unverified = {"sub": "x", "email": "ana@example.go.th", "email_verified": False}
    assert user_for_identity(config, unverified) is None
    assert user_for_identity(config, {"sub": "nobody", "email": "no@x.th"}) is None
    assert user_for_identity(config, {}) is None
    assert user_for_os_account(config, "somchai").username == "cli"
    assert user_for_os_account(config, "root") is None
    # Users without a password hash never pass a password check, even an empty one.
    assert authenticate(config, "ana", "") is None and authenticate(config, "ana", "x") is None


def test_audit_log_appends_and_refuses_changes(tmp_path: Path):
    path = tmp_path / "audit.sqlite"
    assert audit.read_exports(path).empty and not path.exists()  # reading creates nothing
    for rows in (10, 20):
        audit.record_export(
            path,
            CHIEF,
            area_code="4101",
            filters={"min_dimensions": 3, "note": "ไทย"},
            level="household",
            fmt="csv",
            rows=rows,
            personal_data=True,
            source="app",
        )
    log = audit.read_exports(path)
    assert log["rows"].tolist() == [20, 10]  # newest first
    assert log.iloc[0]["username"] == "chief" and log.iloc[0]["role"] == "district_chief"
    assert '"note": "ไทย"' in log.iloc[0]["filters"]
    with sqlite3.connect(path) as con:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute("UPDATE exports SET rows = 0")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute("DELETE FROM exports")
    assert len(audit.read_exports(path)) == 2
