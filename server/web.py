"""The sign-in and sign-out web routes, and the middleware that returns a provider sign-in.

Served by ``serve.py`` (``st.App(..., routes=server.web.routes(),
middleware=server.web.middleware())``), next to Streamlit's own routes.

``GET /signin?next=/urgent?area=41``
    A plain HTML form (Thai, with English under each label) and, when an
    identity provider is configured in ``.streamlit/secrets.toml``, one
    button per provider. ``reason=`` adds a short message (session ended,
    account removed …).
``POST /signin``
    Checks the password with :func:`access.signin.sign_in` (lockout, equal
    timing, sign-in log), opens a server-side session
    (:mod:`access.sessions`) and sets its random token as an ``HttpOnly;
    SameSite=Lax; Path=/`` cookie, ``Secure`` when the request came over
    HTTPS (``TPMAP_COOKIE_SECURE``), then redirects to ``next`` (a path of
    this site only). A forged cross-site post is refused by a double-submit
    token (a ``SameSite=Strict`` cookie that must match a hidden field).
``GET /signout``
    Ends the cookie's session on the server, deletes the cookie, and
    redirects to ``/signin``.
``GET /signin/provider?name=keycloak&next=...``
    Remembers ``next`` in a short-lived HttpOnly cookie and hands over to
    Streamlit's ``/auth/login`` (``st.login``). Streamlit's callback always
    redirects to ``/``; :class:`ReturnToPageMiddleware` turns that redirect
    into one to ``next``, so a link to a page and area lands there after the
    provider's sign-in.
"""

from __future__ import annotations

import datetime as dt
import html
import secrets
from urllib.parse import quote, urlsplit

import settings
from access import sessions, signin_log
from access.signin import LOCKED, SIGNED_IN, sign_in
from access.users import UserConfigError, current_users
from display.formats import to_bangkok
from display.labels import label
from server import prefetch

SIGNIN_PATH = "/signin"
SIGNOUT_PATH = "/signout"
PROVIDER_PATH = "/signin/provider"
CSRF_COOKIE = "tpmap_signin_form"
NEXT_COOKIE = "tpmap_next"
#: Streamlit's OpenID Connect callback route (``st.login``).
CALLBACK_PATH = "/oauth2callback"

#: Messages of the sign-in page, Thai then English: ``reason=`` codes and outcomes.
#: Message code of the sign-in page -> its label key in :mod:`display.labels`.
MESSAGES: dict[str, str] = {
    "wrong": "signin_wrong",
    "locked": "signin_locked",
    "signed_out": "signed_out",
    "ended": "signin_reason_ended",
    "invalid": "signin_reason_invalid",
    "removed": "signin_reason_removed",
    "form": "signin_form_expired",
    "users_file": "users_file_error",
    "no_provider": "signin_no_provider",
}


def safe_next(value: str | None) -> str:
    """Return ``value`` when it is a path of this site, else ``/``.

    Refuses what a browser could read as another site: a scheme or host
    (``https://evil``, ``//evil``, a backslash), control characters, and
    anything not starting with ``/``.
    """
    value = (value or "").strip()
    if (
        not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or any(ord(c) < 32 for c in value)
    ):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return "/"
    return value


def signin_url(next_path: str = "/", reason: str | None = None) -> str:
    """Return the URL of the sign-in page for a page (``next_path``) and a message code."""
    url = f"{SIGNIN_PATH}?next={quote(safe_next(next_path), safe='')}"
    return f"{url}&reason={quote(reason)}" if reason else url


def providers() -> list[str]:
    """Return the identity providers of ``[auth]`` in ``.streamlit/secrets.toml``.

    ``default`` when the section itself names a client (``client_id``), and
    each sub-section (``[auth.keycloak]`` …) that does; empty without an
    ``[auth]`` section.
    """
    try:
        from streamlit.auth_util import get_secrets_auth_section

        section = get_secrets_auth_section()
    except Exception:  # no secrets file, or one that does not parse: no provider
        return []
    names = ["default"] if section.get("client_id") else []
    for key in section:
        value = section.get(key)
        if hasattr(value, "get") and value.get("client_id"):
            names.append(str(key))
    return names


def _cookie_secure(request) -> bool:
    mode = settings.cookie_secure()
    if mode != "auto":
        return mode == "always"
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def _client(request) -> str | None:
    return request.client.host if request.client else None


def _message(code: str, **values: object) -> str:
    th, en = (label(MESSAGES[code], lang, **values) for lang in ("th", "en"))
    return (
        f'<p class="msg"><span lang="th">{html.escape(th)}</span>'
        f'<br><span lang="en">{html.escape(en)}</span></p>'
    )


_STYLE = """
body{font-family:"Noto Sans Thai","Sarabun",sans-serif;background:#F2F5F9;color:#1F2A37;margin:0}
main{max-width:26rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:.5rem;
box-shadow:0 1px 4px rgba(0,0,0,.1)}
h1{font-size:1.3rem;margin:0 0 .2rem}
h2{font-size:1rem;font-weight:normal;color:#555;margin:0 0 1rem}
label{display:block;margin:.8rem 0 .2rem}small{color:#666}
input[type=text],input[type=password]{width:100%;padding:.5rem;box-sizing:border-box;
border:1px solid #bbb;border-radius:.3rem;font-size:1rem}
button,a.button{display:block;width:100%;margin-top:1.2rem;padding:.6rem;border:0;
border-radius:.3rem;background:#2E6DB4;color:#fff;font-size:1rem;text-align:center;
text-decoration:none;box-sizing:border-box;cursor:pointer}
a.button{background:#1F2A37}button small,a.button small{color:#E6EEF8}
.msg{background:#FDECEA;border-left:4px solid #C0392B;padding:.6rem}
"""


def _page(next_path: str, csrf: str, username: str = "", message: str = "") -> str:
    """Return the sign-in page's HTML (every dynamic value escaped)."""
    nxt = html.escape(next_path, quote=True)
    buttons = "".join(
        f'<a class="button" id="provider-{html.escape(name)}" '
        f'href="{PROVIDER_PATH}?name={quote(name)}&amp;next={quote(next_path, safe="")}">'
        f"เข้าสู่ระบบด้วย {html.escape(name)} <small>/ Sign in with "
        f"{html.escape(name)}</small></a>"
        for name in providers()
    )
    if buttons:
        buttons = (
            "<hr><p>บัญชีของหน่วยงาน <small>/ Organisation account</small></p>" + buttons + "<hr>"
        )
    return f"""<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>เข้าสู่ระบบ · TPMAP</title><style>{_STYLE}</style>{prefetch.links()}</head>
<body><main>
<h1>ระบบชี้เป้าความยากจน (TPMAP)</h1>
<h2>เข้าสู่ระบบเพื่อใช้งาน <small>/ Sign in to continue</small></h2>
{message}{buttons}
<form method="post" action="{SIGNIN_PATH}">
<input type="hidden" name="csrf" value="{html.escape(csrf, quote=True)}">
<input type="hidden" name="next" value="{nxt}">
<label for="username">ชื่อผู้ใช้ <small>/ User name</small></label>
<input type="text" id="username" name="username" value="{html.escape(username, quote=True)}"
 autocomplete="username" required autofocus>
<label for="password">รหัสผ่าน <small>/ Password</small></label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit" id="signin">เข้าสู่ระบบ <small>/ Sign in</small></button>
</form>
<p><small>ลืมรหัสผ่านหรือไม่มีบัญชี: ติดต่อผู้ดูแลระบบ /
Forgot your password or have no account: ask your administrator</small></p>
</main></body></html>"""


def _form_response(
    request, next_path: str, *, username: str = "", message: str = "", status: int = 200
):
    """Return the sign-in page with a fresh double-submit token cookie."""
    from starlette.responses import HTMLResponse

    csrf = secrets.token_urlsafe(24)
    response = HTMLResponse(_page(next_path, csrf, username, message), status_code=status)
    response.headers["Cache-Control"] = "no-store"
    # Not inside another site's frame (clickjacking the form).
    response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
    response.headers["X-Frame-Options"] = "DENY"
    response.set_cookie(
        CSRF_COOKIE,
        csrf,
        httponly=True,
        samesite="strict",
        secure=_cookie_secure(request),
        path=SIGNIN_PATH,
        max_age=3600,
    )
    return response


def _delete_session_cookie(response, request, cookie_name: str) -> None:
    response.delete_cookie(
        cookie_name, path="/", httponly=True, samesite="lax", secure=_cookie_secure(request)
    )


async def signin_page(request):
    """``GET /signin``: the form; a ``reason`` shows its message and drops a stale cookie."""
    next_path = safe_next(request.query_params.get("next"))
    reason = request.query_params.get("reason")
    message = _message(reason) if reason in MESSAGES else ""
    response = _form_response(request, next_path, message=message)
    if reason in ("ended", "invalid", "removed", "signed_out"):
        try:
            cookie_name = current_users(settings.users_file()).cookie_name
        except UserConfigError:
            cookie_name = None
        if cookie_name:
            _delete_session_cookie(response, request, cookie_name)
    return response


async def signin_submit(request):
    """``POST /signin``: check the password, open a session, set the cookie, redirect."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import RedirectResponse

    form = await request.form()
    next_path = safe_next(str(form.get("next") or "/"))
    username = str(form.get("username") or "")[:100]
    password = str(form.get("password") or "")
    expected = request.cookies.get(CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, str(form.get("csrf") or "")):
        return _form_response(
            request, next_path, username=username, message=_message("form"), status=400
        )
    try:
        config = current_users(settings.users_file())
    except UserConfigError:
        return _form_response(request, next_path, message=_message("users_file"), status=500)
    result = await run_in_threadpool(
        sign_in, config, username, password, method="password", client=_client(request)
    )
    if result.outcome == SIGNED_IN:
        token = sessions.start(
            settings.audit_db(), result.user.username, "password", settings.session_hours()
        )
        response = RedirectResponse(next_path, status_code=303)
        response.set_cookie(
            config.cookie_name,
            token,
            httponly=True,
            samesite="lax",
            secure=_cookie_secure(request),
            path="/",
            max_age=int(settings.session_hours() * 3600),
        )
        response.delete_cookie(CSRF_COOKIE, path=SIGNIN_PATH)
        return response
    if result.outcome == LOCKED or result.locked_until is not None:
        until = f"{to_bangkok(result.locked_until):%H:%M}"
        message = _message(
            "locked",
            n=settings.signin_max_failures(),
            m=f"{settings.signin_lockout_minutes():g}",
            until=until,
        )
        response = _form_response(
            request, next_path, username=username, message=message, status=429
        )
        seconds = (result.locked_until - dt.datetime.now(dt.UTC)).total_seconds()
        response.headers["Retry-After"] = str(max(1, int(seconds)))
        return response
    return _form_response(
        request, next_path, username=username, message=_message("wrong"), status=401
    )


async def signout(request):
    """``GET /signout``: end the cookie's session on the server, drop the cookie, go to /signin."""
    from starlette.responses import RedirectResponse

    try:
        cookie_name = current_users(settings.users_file()).cookie_name
    except UserConfigError:
        cookie_name = "tpmap_session"
    token = request.cookies.get(cookie_name)
    if token:
        username = sessions.end(settings.audit_db(), token)
        if username:
            signin_log.record_event(
                settings.audit_db(),
                username,
                "signed_out",
                "password",
                client=_client(request),
            )
    response = RedirectResponse(signin_url("/", "signed_out"), status_code=303)
    _delete_session_cookie(response, request, cookie_name)
    return response


async def provider_signin(request):
    """``GET /signin/provider``: remember the page asked for, hand over to ``st.login``'s route."""
    from starlette.responses import RedirectResponse

    name = request.query_params.get("name", "")
    next_path = safe_next(request.query_params.get("next"))
    if name not in providers():
        return _form_response(request, next_path, message=_message("no_provider"), status=404)
    from streamlit.user_info import generate_login_redirect_url

    response = RedirectResponse(generate_login_redirect_url(name), status_code=303)
    response.set_cookie(
        NEXT_COOKIE,
        next_path,
        httponly=True,
        samesite="lax",
        secure=_cookie_secure(request),
        path="/",
        max_age=900,
    )
    return response


def routes() -> list:
    """Return the Starlette routes of sign-in and sign-out (for ``st.App(routes=...)``)."""
    from starlette.routing import Route

    return [
        Route(SIGNIN_PATH, signin_page, methods=["GET"]),
        Route(SIGNIN_PATH, signin_submit, methods=["POST"]),
        Route(SIGNOUT_PATH, signout, methods=["GET"]),
        Route(PROVIDER_PATH, provider_signin, methods=["GET"]),
    ]


class ReturnToPageMiddleware:
    """Send the browser back to the page it asked for after an identity provider's sign-in.

    Pure ASGI middleware. On a response of Streamlit's ``/oauth2callback``
    that redirects to ``/``, when the request carries the ``tpmap_next``
    cookie set by ``/signin/provider``, the redirect goes to that path
    (checked again with :func:`safe_next`) and the cookie is deleted.
    Everything else passes through unchanged.
    """

    def __init__(self, app) -> None:
        """Wrap the ASGI application ``app``."""
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        """Handle one ASGI connection."""
        if scope["type"] != "http" or not scope.get("path", "").endswith(CALLBACK_PATH):
            await self.app(scope, receive, send)
            return
        from starlette.requests import Request

        target = Request(scope).cookies.get(NEXT_COOKIE)
        if not target:
            await self.app(scope, receive, send)
            return
        target = safe_next(target)

        async def send_back(message) -> None:
            if message["type"] == "http.response.start" and message["status"] in (302, 303, 307):
                headers = []
                for key, value in message.get("headers", []):
                    if key.lower() == b"location" and value == b"/":
                        value = quote(target, safe="/?&=%:+,;@!$'()*~-._").encode("ascii")
                    headers.append((key, value))
                headers.append(
                    (b"set-cookie", f"{NEXT_COOKIE}=; Max-Age=0; Path=/; HttpOnly".encode())
                )
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_back)


#: Paths a browser may load without a session (sign-in itself, Streamlit's assets and
#: endpoints; each of those checks what it serves on its own).
OPEN_PREFIXES = (
    SIGNIN_PATH,
    SIGNOUT_PATH,
    "/_stcore/",
    "/static/",
    "/media/",
    "/component/",
    "/app/static/",
    "/auth/",
    CALLBACK_PATH,
    "/favicon",
    "/robots.txt",
    "/manifest",
)
#: Streamlit's identity cookie (``st.login``), single or split into chunks.
IDENTITY_COOKIE = "_streamlit_user"


class SignInRequiredMiddleware:
    """Send a browser that opens a page without a session to ``/signin?next=<that page>``.

    Pure ASGI middleware, for ``GET`` requests that ask for HTML outside
    :data:`OPEN_PREFIXES`. Without a session cookie or Streamlit's identity
    cookie the browser goes to the sign-in page, which keeps the page and
    area asked for (``next``); with a session cookie that the server no
    longer accepts (signed out, expired, forged) it goes there with the
    reason. This is the convenience in front of the real gate:
    :func:`components.auth.require_user` checks the session on every script
    run. Does nothing when ``TPMAP_AUTH=off``.
    """

    def __init__(self, app) -> None:
        """Wrap the ASGI application ``app``."""
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        """Handle one ASGI connection."""
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or not settings.auth_enabled()
            or path.startswith(OPEN_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        from starlette.requests import Request
        from starlette.responses import RedirectResponse

        request = Request(scope)
        if "text/html" not in request.headers.get("accept", ""):
            await self.app(scope, receive, send)
            return
        reason = self._reason(request)
        if reason is None:
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        target = path + (f"?{query}" if query else "")
        response = RedirectResponse(signin_url(target, reason or None), status_code=303)
        await response(scope, receive, send)

    @staticmethod
    def _reason(request) -> str | None:
        """Return None to let the request through, "" to sign in, or a message code."""
        if any(name.startswith(IDENTITY_COOKIE) for name in request.cookies):
            return None  # the script checks the identity and its session
        try:
            cookie_name = current_users(settings.users_file()).cookie_name
        except UserConfigError:
            return None  # the script says what is wrong with the users file
        token = request.cookies.get(cookie_name)
        if not token:
            return ""
        status = sessions.look_up(settings.audit_db(), token).status
        if status == sessions.VALID:
            return None
        return "invalid" if status == sessions.UNKNOWN else "ended"


def middleware() -> list:
    """Return the middleware of sign-in (for ``st.App(middleware=...)``)."""
    from starlette.middleware import Middleware

    return [Middleware(ReturnToPageMiddleware), Middleware(SignInRequiredMiddleware)]
