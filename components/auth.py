"""The signed-in user of a session: the gate every script run passes.

``app.py`` calls :func:`require_user` before it builds the navigation: with
nobody signed in it shows only a sign-in notice (no other page is
registered, so no URL reaches one) and stops. Two ways in (issue 19):

- **Password** (the default; a laptop, the demo): the HTML form at
  ``/signin`` (:mod:`server.web`) checks the password and sets an HttpOnly
  session cookie; here the cookie's token is looked up in the server-side
  session store (:mod:`access.sessions`) on every run, so a session ended
  by sign-out or expired is refused at once, even in an open tab.
- **Identity provider** (OpenID Connect: Keycloak, Microsoft Entra ID,
  ThaID …): Streamlit's ``st.login``/``st.user``, configured in
  ``.streamlit/secrets.toml``. The identity maps to a user of
  ``config/users.yaml`` by ``oidc_subject`` or ``email``; an identity
  with no mapping sees "ask your administrator" and no data. Streamlit's
  identity cookie is stateless, so each sign-in is registered as a
  server-side session too and sign-out ends it: a copied cookie is refused.

A user's role and area always come from the users file, never from the
browser. A cookie the server does not accept (forged, garbled, signed out,
expired) or a user removed from the file sends the browser to ``/signin``
with a short message; nothing raises. ``TPMAP_AUTH=off`` signs in a local
national user without a form (one's own machine, tests); the sidebar says so.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import NoReturn, ParamSpec
from urllib.parse import urlencode, urlsplit

import streamlit as st

import settings
from access import sessions, signin_log
from access.roles import User
from access.users import (
    UserConfig,
    UserConfigError,
    current_users,
    local_user,
    user_for_identity,
)
from components.i18n import LANGUAGES, area_label, lang, t
from server.web import SIGNOUT_PATH, signin_url

USER_KEY = "_user"
#: ``(method, secret)`` of this session's sign-in: what sign-out ends.
SIGNIN_KEY = "_signin"
#: Session keys kept across sign-out (everything else is cleared).
_KEEP_ON_SIGN_OUT = ("lang",)
_P = ParamSpec("_P")


def users_config() -> UserConfig:
    """Return the users of ``settings.users_file()`` (read again when the file changes).

    Raises
    ------
    access.users.UserConfigError
        If the file is missing or malformed.
    """
    return current_users(settings.users_file())


def request_cookies() -> Mapping[str, str]:
    """Return the cookies the browser sent when it opened this session.

    HttpOnly cookies are among them: the browser sends them with the
    WebSocket request, though page scripts cannot read them.
    """
    return st.context.cookies


def current_user() -> User | None:
    """Return the signed-in user of this session (the local user when sign-in is off)."""
    if not settings.auth_enabled():
        return local_user()
    return st.session_state.get(USER_KEY)


def _redirect(url: str) -> None:
    """Send the browser to ``url`` (a path of this site), as ``st.login`` does.

    Uses the ``auth_redirect`` message of Streamlit's protocol, which the
    frontend follows with ``window.location.href = url``; outside a server
    (AppTest) nothing is sent.
    """
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    message = ForwardMsg()
    message.auth_redirect.url = url
    ctx.enqueue(message)


def _requested_page() -> str:
    """Return the path and query of the page this run serves (for ``next``), ``/`` if unknown."""
    url = st.context.url
    path = urlsplit(url).path if url else "/"
    query = urlencode({key: st.query_params.get(key) for key in st.query_params})
    return path + (f"?{query}" if query else "")


def _client_ip() -> str | None:
    """Return the browser's IP address, or None where there is none (AppTest)."""
    address = st.context.ip_address
    return address if isinstance(address, str) else None


def _log_once(flag: str, username: str, event: str, method: str, detail: str | None) -> None:
    """Write a sign-in event once per browser session (reruns do not repeat it)."""
    if st.session_state.get(flag):
        return
    st.session_state[flag] = True
    signin_log.record_event(
        settings.audit_db(),
        username,
        event,
        method,
        client=_client_ip(),
        detail=detail,
    )


def _language_radio() -> None:
    st.sidebar.radio(
        t("language"), list(LANGUAGES), key="lang", format_func=LANGUAGES.get, horizontal=True
    )


def _stop_with_page(title: str, draw) -> NoReturn:
    """Register one hidden page that runs ``draw``, run it and stop the script."""
    _language_radio()
    page = st.navigation(
        [st.Page(draw, title=title, url_path="sign_in")],
        position="hidden",
    )
    page.run()
    st.stop()


def _sign_in_notice(reason: str | None) -> NoReturn:
    """Stop with a pointer to the sign-in form (and send the browser there)."""
    st.session_state.pop(USER_KEY, None)
    target = signin_url(_requested_page(), reason)

    def draw() -> None:
        st.title(t("app_title"))
        st.subheader(t("sign_in_title"))
        if reason:
            st.warning(t(f"signin_reason_{reason}"))
        st.caption(t("sign_in_caption"))
        st.markdown(f"[{t('sign_in')}]({target})")

    _redirect(target)
    _stop_with_page(t("sign_in"), draw)


def _password_user(config: UserConfig, token: str) -> tuple[sessions.SessionState, User | None]:
    """Return the password session of ``token`` and its user, None unless signed in.

    Signed in: the session is valid and its account is in the users file
    (``config``). The one rule of :func:`require_user` and :func:`_user_now`.
    """
    state = sessions.look_up(settings.audit_db(), token)
    account = config.accounts.get(state.username or "")
    if state.status == sessions.VALID and account is not None:
        return state, account.user
    return state, None


def _identity_session(claims: dict) -> tuple[str, sessions.SessionState]:
    """Return the server-side session key of an identity provider's sign-in and its state."""
    key = sessions.identity_key(claims)
    return key, sessions.look_up(settings.audit_db(), key)


def _identity_claims() -> dict | None:
    """Return ``st.user``'s claims when an identity provider signed this browser in."""
    claims = st.user.to_dict()
    return claims if claims.get("is_logged_in") else None


def _identity_user(config: UserConfig, claims: dict) -> User:
    """Return the user an identity maps to, or stop with the page that says why not."""
    user = user_for_identity(config, claims)
    who = str(claims.get("email") or claims.get("sub") or "?")
    if user is None:
        _log_once("_logged_no_mapping", who, "no_mapping", "oidc", claims.get("iss"))

        def draw() -> None:
            st.title(t("app_title"))
            st.error(t("signin_no_mapping"))
            st.caption(t("signin_identity", who=who, sub=claims.get("sub", "?")))
            if st.button(t("sign_out"), key="identity_sign_out"):
                st.logout()

        _stop_with_page(t("sign_in"), draw)
    key, state = _identity_session(claims)
    if state.status == sessions.UNKNOWN:
        sessions.start(
            settings.audit_db(), user.username, "oidc", settings.session_hours(), secret=key
        )
        _log_once("_logged_signed_in", user.username, "signed_in", "oidc", claims.get("iss"))
    elif state.status != sessions.VALID:
        _log_once("_logged_refused", user.username, "session_refused", "oidc", state.status)

        def draw() -> None:
            st.title(t("app_title"))
            st.warning(t("signin_reason_ended"))
            if st.button(t("sign_in_again"), key="identity_sign_in_again"):
                st.logout()

        _stop_with_page(t("sign_in"), draw)
    st.session_state[SIGNIN_KEY] = ("oidc", key)
    return user


def require_user() -> User:
    """Return the signed-in user; otherwise show why and where to sign in, and stop.

    Every run looks the session up on the server: a password session by
    the token of its cookie, an identity-provider sign-in by its claims.
    The user's role and area come from the users file.
    """
    if not settings.auth_enabled():
        user = local_user()
        st.session_state[USER_KEY] = user
        return user
    try:
        config = users_config()
    except UserConfigError as exc:
        st.error(f"{t('users_file_error')}: {exc}")
        st.stop()
    token = request_cookies().get(config.cookie_name)
    reason = None
    if token:
        state, signed_in = _password_user(config, token)
        if signed_in is not None:
            st.session_state[USER_KEY] = signed_in
            st.session_state[SIGNIN_KEY] = ("password", token)
            return signed_in
        if state.status == sessions.VALID:
            reason = "removed"
        else:
            reason = "invalid" if state.status == sessions.UNKNOWN else "ended"
        _log_once("_logged_refused", state.username or "?", "session_refused", "password", reason)
    claims = _identity_claims()
    if claims is not None:
        user = _identity_user(config, claims)
        st.session_state[USER_KEY] = user
        return user
    _sign_in_notice(reason)


def _user_now() -> User | None:
    """Return the user the server gives this browser now, or None: :func:`require_user`'s rules.

    The same lookups as :func:`require_user`, without what it does besides
    (no notice drawn, nothing logged, no session started): the password
    session of the cookie with its account in the users file, else an
    identity provider's claims mapped to a user with their session still
    valid. Used between full runs (:func:`session_holds`).
    """
    if not settings.auth_enabled():
        return local_user()
    try:
        config = users_config()
    except UserConfigError:
        return None
    token = request_cookies().get(config.cookie_name)
    if token:
        _state, signed_in = _password_user(config, token)
        if signed_in is not None:
            return signed_in
    claims = _identity_claims()
    if claims is None:
        return None
    user = user_for_identity(config, claims)
    if user is None:
        return None
    _key, state = _identity_session(claims)
    return user if state.status == sessions.VALID else None


def session_holds() -> bool:
    """Return whether this browser is still signed in as the user this session's pages use.

    Looks the sign-in up again (:func:`_user_now`): signed out, expired,
    ended elsewhere, removed from the users file, no longer mapped from the
    identity provider, or given another role or area there (the user
    differs from :data:`USER_KEY`, which the last full run set) is False.
    True with sign-in off.
    """
    if not settings.auth_enabled():
        return True
    user = _user_now()
    return user is not None and user == st.session_state.get(USER_KEY)


def _in_fragment_run() -> bool:
    """Return whether this script run reruns fragments only (not ``app.py``)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def fragment(func: Callable[_P, None]) -> Callable[_P, None]:
    """Return ``st.fragment(func)`` whose every rerun first looks the sign-in up again.

    A fragment's rerun (a click on a map, a row of a table) runs only its
    function, not ``app.py``, so not :func:`require_user`: a session ended
    meanwhile (sign-out in another tab, expiry, removal, a changed role or
    area) would still be served with the user of the last full run. Each
    fragment rerun of the returned function checks :func:`session_holds`
    first and, when it no longer holds, reruns the whole app instead, whose
    :func:`require_user` then decides (the sign-in notice, or the page with
    the user as the users file now has it). In a full run the gate has just
    run and nothing is checked again (so the two can never loop). The only
    way the app makes a fragment (a test checks the source for others).
    """

    @functools.wraps(func)
    def checked(*args: _P.args, **kwargs: _P.kwargs) -> None:
        if _in_fragment_run() and not session_holds():
            st.rerun(scope="app")
            return  # st.rerun raises in a script run; never the fragment without the check
        func(*args, **kwargs)

    # functools.wraps leaves the unchecked function at __wrapped__, which Streamlit
    # copies onto the fragment: nothing is to reach it around the check.
    del checked.__wrapped__
    return st.fragment(checked)


def _sign_out(user: User) -> None:
    """End this session's sign-in on the server, forget the session's state, leave."""
    method, secret = st.session_state.get(SIGNIN_KEY, (None, None))
    if secret:
        sessions.end(settings.audit_db(), secret)
        signin_log.record_event(
            settings.audit_db(),
            user.username,
            "signed_out",
            method,
            client=_client_ip(),
        )
    for key in list(st.session_state.keys()):
        if key not in _KEEP_ON_SIGN_OUT:
            del st.session_state[key]
    st.success(t("signed_out"))
    if method == "oidc":
        st.logout()  # drops Streamlit's identity cookie, then the provider's sign-out
    else:
        _redirect(SIGNOUT_PATH)  # drops the HttpOnly cookie (scripts cannot)
    st.stop()


def render_user_box(user: User) -> None:
    """Draw who is signed in (name, role, area) and the sign-out button in the sidebar."""
    from app_data import data

    role = user.role_info
    scope = t("all_areas")
    if user.area_code:
        info = data.area(data.build_key(), user.area_code)
        scope = (
            area_label(info["name_th"], info["name_en"], info["level"]) if info else user.area_code
        )
    st.sidebar.divider()
    st.sidebar.markdown(
        f"**{user.name}**  \n{role.name_th if lang() == 'th' else role.name_en} · {scope}"
    )
    if not settings.auth_enabled():
        st.sidebar.caption(t("auth_off"))
        return
    if st.sidebar.button(t("sign_out"), key="sign_out_button"):
        _sign_out(user)
