"""Sign-in with streamlit-authenticator, and the signed-in user of the session.

``app.py`` calls :func:`require_user` before it builds the navigation: with
nobody signed in it shows only the sign-in page (no other page is
registered, so no URL reaches one) and stops. Users, roles and bcrypt
password hashes come from ``config/users.yaml`` (:mod:`access.users`); the
role's rights and area scope from :mod:`access.roles`.

streamlit-authenticator 0.4.2 with Streamlit 1.67, and what is done about
its quirks:

- it sleeps 0.7 s before drawing the form on every run without a user:
  ``login_sleep_time=0`` turns that off;
- given a file path it writes back into that file (failed attempts,
  ``logged_in``): it is given a copy of the credentials instead, so the
  committed users file is never rewritten;
- it does not rerun after a successful sign-in or sign-out: done here;
- its re-authentication cookie is a JWT signed with a key: the key is
  ``TPMAP_AUTH_COOKIE_KEY``, or a random key per server process, never a key
  kept in the repository (a committed key would let anyone forge a cookie).

``TPMAP_AUTH=off`` signs in a local national user without a form (one's own
machine, tests); the sidebar says so.
"""

from __future__ import annotations

import copy
import secrets

import streamlit as st

import settings
from access.roles import User
from access.users import UserConfig, UserConfigError, load_users, local_user
from components.i18n import LANGUAGES, area_label, lang, t

USER_KEY = "_user"
#: Session keys kept across sign-out (everything else is cleared). ``logout`` keeps
#: streamlit-authenticator from signing the session in again from the old cookie.
_KEEP_ON_SIGN_OUT = ("lang", "logout")


@st.cache_resource(show_spinner=False)
def _users(path: str, modified: float) -> UserConfig:
    """Return the users file (cached per path and modification time)."""
    return load_users(path)


@st.cache_resource(show_spinner=False)
def _process_cookie_key() -> str:
    """Return a random cookie-signing key, the same for every session of this server."""
    return secrets.token_hex(32)


def users_config() -> UserConfig:
    """Return the users of ``settings.users_file()``.

    Raises
    ------
    access.users.UserConfigError
        If the file is missing or malformed.
    """
    path = settings.users_file()
    try:
        modified = path.stat().st_mtime
    except FileNotFoundError:
        raise UserConfigError(f"{path}: users file not found (set TPMAP_USERS_FILE)") from None
    return _users(str(path), modified)


def _credentials(config: UserConfig) -> dict:
    """Return the credentials in streamlit-authenticator's shape (a fresh copy per run)."""
    return copy.deepcopy(
        {
            "usernames": {
                name: {
                    "name": account.user.name,
                    "password": account.password_hash,
                    "roles": [account.user.role],
                    "email": f"{name}@tpmap.local",
                }
                for name, account in config.accounts.items()
            }
        }
    )


def _authenticator(config: UserConfig):
    """Return the streamlit-authenticator object of this run (draws its cookie component)."""
    import streamlit_authenticator as stauth

    return stauth.Authenticate(
        _credentials(config),
        cookie_name=config.cookie_name,
        cookie_key=settings.auth_cookie_key() or _process_cookie_key(),
        cookie_expiry_days=config.cookie_expiry_days,
        auto_hash=False,
        login_sleep_time=0,
    )


def current_user() -> User | None:
    """Return the signed-in user of this session (the local user when sign-in is off)."""
    if not settings.auth_enabled():
        return local_user()
    return st.session_state.get(USER_KEY)


def _language_radio() -> None:
    st.sidebar.radio(
        t("language"), list(LANGUAGES), key="lang", format_func=LANGUAGES.get, horizontal=True
    )


def _sign_in_page(authenticator) -> None:
    """Draw the sign-in form; rerun once the user is signed in."""
    from streamlit_authenticator.utilities import LoginError

    st.title(t("app_title"))
    st.subheader(t("sign_in_title"))
    st.caption(t("sign_in_caption"))
    try:
        authenticator.login(
            location="main",
            key="sign_in_form",
            fields={
                "Form name": t("sign_in"),
                "Username": t("username"),
                "Password": t("password"),
                "Login": t("sign_in_button"),
            },
        )
    except LoginError as exc:
        st.error(f"{t('sign_in_failed')} ({exc})")
        return
    status = st.session_state.get("authentication_status")
    if status:
        st.rerun()
    elif status is False:
        st.error(t("sign_in_failed"))


def require_user() -> User:
    """Return the signed-in user; with nobody signed in, show the sign-in page and stop.

    The user's role and area come from the users file, never from the
    browser: the session only carries the username that passed the
    password check (or the signed cookie).
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
    with st.sidebar:  # its cookie component draws an empty frame: keep it out of the page
        authenticator = _authenticator(config)
    st.session_state["_authenticator"] = authenticator
    if not st.session_state.get("authentication_status"):
        # A valid signed cookie signs a new session in (a reload, an edited URL), so the
        # page asked for is served; the user's rights still come from the users file.
        token = authenticator.cookie_controller.get_cookie()
        if token:
            authenticator.authentication_controller.login(token=token)
    username = st.session_state.get("username")
    if st.session_state.get("authentication_status") and username in config.accounts:
        user = config.accounts[username].user
        if st.session_state.get(USER_KEY) != user:
            st.session_state[USER_KEY] = user
        _keep_signed_in(authenticator, config)
        return user
    st.session_state.pop(USER_KEY, None)
    _language_radio()
    page = st.navigation(
        [
            st.Page(
                lambda: _sign_in_page(authenticator),
                title=t("sign_in"),
                icon=":material/login:",
                url_path="sign_in",
            )
        ],
        position="hidden",
    )
    page.run()
    st.stop()


def _keep_signed_in(authenticator, config: UserConfig) -> None:
    """Set the sign-in cookie once per session, in a run that is not cut short by a rerun.

    streamlit-authenticator sets it right after the password check, but the
    rerun that follows can remove its component before the browser ran it.
    """
    if config.cookie_expiry_days <= 0 or st.session_state.get("_cookie_set"):
        return
    if config.cookie_name not in st.context.cookies:
        with st.sidebar:
            authenticator.cookie_controller.set_cookie()
    st.session_state["_cookie_set"] = True


def _sign_out() -> None:
    """Forget everything of the session but its language (the next user starts clean)."""
    for key in list(st.session_state.keys()):
        if key not in _KEEP_ON_SIGN_OUT:
            del st.session_state[key]


def render_user_box(user: User) -> None:
    """Draw who is signed in (name, role, area) and the sign-out button in the sidebar."""
    from components import data

    role = user.role_info
    scope = t("all_areas")
    if user.area_code:
        info = data.area(data.build_key(), user.area_code)
        scope = (
            area_label(info["name_th"], info["name_en"], info["level"]) if info else user.area_code
        )
    st.sidebar.divider()
    st.sidebar.markdown(
        f":material/person: **{user.name}**  \n"
        f"{role.name_th if lang() == 'th' else role.name_en} · {scope}"
    )
    if not settings.auth_enabled():
        st.sidebar.caption(t("auth_off"))
        return
    authenticator = st.session_state.get("_authenticator")
    if authenticator is None:
        return
    authenticator.logout(button_name=t("sign_out"), location="sidebar", key="sign_out_button")
    if not st.session_state.get("authentication_status"):
        # Stop here rather than rerun, so the browser gets to run the cookie deletion.
        _sign_out()
        st.success(t("signed_out"))
        st.button(t("sign_in_again"), key="sign_in_again")
        st.stop()
