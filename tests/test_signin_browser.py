"""Sign-in in a real browser (issue 19): an OpenID Connect provider and the password form.

One app server (``serve.py``: the sign-in routes and middleware) and one
OpenID Connect provider started in the test (``oidc-provider-mock``, in a
thread on a free port), with the provider configured for ``st.login``
through a temporary secrets file. The demo users file gets one mapping:
the provider subject ``gov-udon-sub`` is the governor of Udon Thani (41).
Each test signs in, lands on the page and area its link asked for, signs
out, and then shows that a cookie copied before the sign-out opens
nothing. Skipped without Chromium (fails under ``REQUIRE_BROWSER=1``).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from browser_support import (
    PROJECT_ROOT,
    free_port,
    launch_chromium,
    require_browser_or_skip,
    running_app,
    sign_in_through_form,
    wait_for_streamlit,
)

GOVERNOR_SUB = "gov-udon-sub"
STRANGER_SUB = "stranger-sub"
PROVIDER = "testidp"
SIGN_OUT = '[data-testid="stSidebar"] button:has-text("ออกจากระบบ")'
ENDED = "การเข้าสู่ระบบนี้สิ้นสุดแล้ว"


@pytest.fixture(scope="module")
def server(pilot_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    require_browser_or_skip()
    from oidc_provider_mock import User, run_server_in_thread

    folder = tmp_path_factory.mktemp("signin")
    raw = yaml.safe_load((PROJECT_ROOT / "config" / "users.yaml").read_text("utf-8"))
    raw["users"]["governor_udon"]["oidc_subject"] = GOVERNOR_SUB
    users = folder / "users.yaml"
    users.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    port = free_port()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TPMAP_AUTH", "on")
        patch.setenv("TPMAP_USERS_FILE", str(users))
        patch.setenv("TPMAP_AUDIT_DB", str(folder / "audit.sqlite"))
        patch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # plain HTTP on the loopback only
        claims = {"email": "governor@udon.example", "name": "Governor"}
        with run_server_in_thread(
            user_claims=[User(sub=GOVERNOR_SUB, claims=claims), User(sub=STRANGER_SUB)]
        ) as idp:
            secrets_file = folder / "secrets.toml"
            secrets_file.write_text(
                "[auth]\n"
                f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
                f'cookie_secret = "{secrets.token_hex(32)}"\n'
                f"[auth.{PROVIDER}]\n"
                'client_id = "tpmap-test"\n'
                'client_secret = "test-secret"\n'
                f'server_metadata_url = "http://localhost:{idp.server_port}'
                '/.well-known/openid-configuration"\n',
                encoding="utf-8",
            )
            with running_app(
                pilot_build,
                port,
                app_path=PROJECT_ROOT / "serve.py",
                extra_args=("--secrets.files", str(secrets_file)),
            ) as base_url:
                yield {"url": base_url, "audit": folder / "audit.sqlite"}


@pytest.fixture(scope="module")
def browser(server) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def _provider_sign_in(page, base_url: str, path: str, subject: str) -> None:
    page.goto(base_url + path)
    page.wait_for_selector(f"#provider-{PROVIDER}", timeout=30_000)
    page.click(f"#provider-{PROVIDER}")
    page.wait_for_selector(f'button[name="sub"][value="{subject}"]', timeout=30_000)
    page.click(f'button[name="sub"][value="{subject}"]')
    wait_for_streamlit(page)


def _sign_out(page) -> None:
    """Click the sidebar's sign-out and follow whatever the provider asks to confirm."""
    page.click(SIGN_OUT)
    page.wait_for_url(lambda url: "/signin" in url or "end_session" in url, timeout=30_000)
    if "end_session" in page.url:
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/signin" in url, timeout=30_000)


def test_identity_provider_sign_in_lands_on_the_page_asked_for_and_sign_out_holds(server, browser):
    base_url = server["url"]
    context = browser.new_context()
    page = context.new_page()
    _provider_sign_in(page, base_url, "/urgent?area=4101", GOVERNOR_SUB)
    assert urlsplit(page.url).path == "/urgent"
    assert _query(page.url)["area"] == ["4101"]
    page.get_by_text("ผู้ว่าราชการจังหวัดอุดรธานี (สาธิต)").first.wait_for(timeout=30_000)
    # Only its scope: a link to Nakhon Sawan (60) shows Udon Thani (41) with a warning.
    page.goto(base_url + "/urgent?area=60")
    wait_for_streamlit(page)
    page.get_by_text("คุณไม่มีสิทธิ์ดูพื้นที่รหัส 60").first.wait_for(timeout=30_000)
    assert _query(page.url)["area"] == ["41"]
    identity = [c for c in context.cookies() if c["name"].startswith("_streamlit_user")]
    assert identity and all(c["httpOnly"] and c["sameSite"] == "Lax" for c in identity)
    _sign_out(page)
    context.close()
    # A copy of the identity cookie, taken before the sign-out, opens nothing now.
    thief = browser.new_context()
    thief.add_cookies(identity)
    page = thief.new_page()
    page.goto(base_url + "/urgent?area=41")
    wait_for_streamlit(page)
    page.get_by_text(ENDED).first.wait_for(timeout=30_000)
    assert page.get_by_text("ผู้ว่าราชการจังหวัดอุดรธานี (สาธิต)").count() == 0
    assert page.locator('[data-testid="stMetric"]').count() == 0
    thief.close()
    # Signing in again is a new session (the ID token's iat and nonce differ): it works.
    again = browser.new_context()
    page = again.new_page()
    _provider_sign_in(page, base_url, "/overview?area=41", GOVERNOR_SUB)
    page.get_by_text("ผู้ว่าราชการจังหวัดอุดรธานี (สาธิต)").first.wait_for(timeout=30_000)
    assert page.get_by_text(ENDED).count() == 0
    again.close()


def test_an_identity_without_a_mapping_is_told_to_ask_the_administrator(server, browser):
    context = browser.new_context()
    page = context.new_page()
    _provider_sign_in(page, server["url"], "/overview?area=41", STRANGER_SUB)
    page.get_by_text("กรุณาติดต่อผู้ดูแลระบบ").first.wait_for(timeout=30_000)
    assert page.locator('[data-testid="stMetric"]').count() == 0
    assert page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').count() == 0
    context.close()


def test_password_sign_in_sets_an_httponly_cookie_and_sign_out_ends_it(server, browser):
    base_url = server["url"]
    context = browser.new_context()
    page = context.new_page()
    sign_in_through_form(
        page, base_url, "chief_mueang_udon", "chief_mueang_udon", "/households?area=410101"
    )
    assert urlsplit(page.url).path == "/households"
    assert _query(page.url)["area"] == ["410101"]
    page.get_by_text("นายอำเภอเมืองอุดรธานี (สาธิต)").first.wait_for(timeout=30_000)
    (cookie,) = [c for c in context.cookies() if c["name"] == "tpmap_session"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
    assert page.evaluate("document.cookie").find("tpmap_session") == -1  # scripts cannot read it
    _sign_out(page)
    page.get_by_text("ออกจากระบบแล้ว").first.wait_for(timeout=30_000)
    assert not [c for c in context.cookies() if c["name"] == "tpmap_session"]
    context.close()
    thief = browser.new_context()
    thief.add_cookies([cookie])
    page = thief.new_page()
    page.goto(base_url + "/households?area=4101")
    page.wait_for_selector("form[action='/signin']", timeout=30_000)
    assert _query(page.url)["reason"] == ["ended"]
    page.get_by_text(ENDED).first.wait_for(timeout=10_000)
    thief.close()


def test_the_sign_in_page_fetches_the_apps_files_and_the_app_takes_them_from_the_cache(
    server, browser
):
    """A first visit: the files the sign-in page prefetched come from the cache after it."""
    import time

    from benchmarks.page_time import _PREFETCH_LEFT_JS
    from server import prefetch

    base_url = server["url"]
    listed = {*prefetch.streamlit_paths(), *prefetch.component_paths()}
    context = browser.new_context()  # an empty cache
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    responses: list[tuple[str, bool]] = []
    cdp.on(
        "Network.responseReceived",
        lambda event: responses.append(
            (
                event["response"]["url"],
                bool(
                    event["response"].get("fromDiskCache")
                    or event["response"].get("fromPrefetchCache")
                ),
            )
        ),
    )
    hosts: list[str] = []
    page.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
    page.goto(base_url + "/overview?area=41")
    page.wait_for_selector("form[action='/signin'] #username", timeout=30_000)
    deadline = time.monotonic() + 60
    while page.evaluate(_PREFETCH_LEFT_JS) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert page.evaluate(_PREFETCH_LEFT_JS) == 0  # every listed file came in
    fetched = {urlsplit(url).path for url, _cached in responses}
    assert listed <= fetched
    responses.clear()
    page.fill("#username", "governor_udon")
    page.fill("#password", "governor_udon")
    page.click("#signin")
    wait_for_streamlit(page)
    page.locator(
        '[data-testid="stVegaLiteChart"] svg, [data-testid="stVegaLiteChart"] canvas'
    ).first.wait_for(timeout=30_000)
    used = [(urlsplit(url).path, cached) for url, cached in responses]
    from_list = [(path, cached) for path, cached in used if path in listed]
    # The app's page loads most of the list, and every file of it from the cache.
    assert len(from_list) >= 100
    assert [path for path, cached in from_list if not cached] == []
    assert set(hosts) == {urlsplit(base_url).netloc}  # nothing from another host
    context.close()


def test_a_fragment_rerun_after_the_session_ended_shows_the_form_not_the_household(server, browser):
    """A row of the results opens a household by rerunning a fragment only, not app.py.

    With the session ended on the server meanwhile (sign-out in another tab,
    an administrator), the next row must not open: the fragment looks the
    sign-in up again and the browser goes to the form.
    """
    from access import sessions

    base_url = server["url"]
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_in_through_form(
            page, base_url, "chief_mueang_udon", "chief_mueang_udon", "/households?area=410101"
        )
        page.locator(".st-key-hs_submit button").click()
        grid = page.locator('.st-key-hs_table [data-testid="stDataFrame"]')
        grid.wait_for(timeout=120_000)
        wait_for_streamlit(page)
        grid.scroll_into_view_if_needed()

        def choose_row(row: int) -> None:
            box = grid.bounding_box()
            # The selection column at the left; below the header, rows 35 px high.
            page.mouse.click(box["x"] + 12, box["y"] + 35 + 17 + 35 * row)

        choose_row(0)  # while the session holds, the row opens its household
        heading = page.locator("#household")
        heading.wait_for(timeout=60_000)
        first = heading.inner_text()
        wait_for_streamlit(page)
        (cookie,) = [c for c in context.cookies() if c["name"] == "tpmap_session"]
        assert sessions.end(server["audit"], cookie["value"]) is not None
        choose_row(1)
        page.wait_for_url(lambda url: "/signin" in url, timeout=60_000)
        assert _query(page.url)["reason"] == ["ended"]
        assert "410101" in _query(page.url)["next"][0]  # back to the page after signing in
        assert page.locator("#household").count() == 0
        assert page.get_by_text(first).count() == 0
    finally:
        context.close()
