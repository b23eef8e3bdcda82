"""Files behind ``/media/`` are served only to the browser whose session made them.

Streamlit serves every ``st.download_button`` file at ``/media/<id>`` to
anyone who holds the URL, signed in or not (issue 11: a governor's list was
fetched with ``curl`` after the browser had closed). :class:`MediaGuard` is
an ASGI middleware (installed by ``serve.py``) that

- gives each browser a random, HttpOnly, SameSite=Strict cookie
  (:data:`COOKIE`) on its first HTTP response; the browser sends it with
  the websocket, so the app reads it from ``st.context.cookies``;
- answers ``403`` to every ``/media/`` request unless that file was
  registered (:func:`register`, called by the one download path,
  ``components.downloads``) for the cookie the request carries, and the
  registration is younger than :data:`TTL_S`.

A file no page registered (a new download that bypasses the gate) cannot be
fetched at all, so the gate cannot be forgotten.
"""

from __future__ import annotations

import secrets
import threading
import time
from http.cookies import SimpleCookie

#: The browser cookie that binds media files to the browser whose session made them.
COOKIE = "tpmap_browser"
#: Seconds a registered file stays fetchable (it is registered again on every rerun that shows it).
TTL_S = 600.0


_lock = threading.Lock()
_files: dict[tuple[str, str], float] = {}
_installed = False


def installed() -> bool:
    """Return whether this process serves the app behind :class:`MediaGuard` (``serve.py``)."""
    return _installed


def register(file_id: str, browser: str, now: float | None = None) -> None:
    """Let the browser with cookie ``browser`` fetch ``/media/<file_id>.*`` for :data:`TTL_S` s."""
    if not file_id or not browser:
        return
    moment = time.monotonic() if now is None else now
    with _lock:
        _files[(file_id, browser)] = moment + TTL_S
        for key in [k for k, until in _files.items() if until < moment]:
            del _files[key]


def allowed(file_id: str, browser: str | None, now: float | None = None) -> bool:
    """Return whether ``browser`` may fetch ``file_id`` now (registered and not expired)."""
    if not browser:
        return False
    moment = time.monotonic() if now is None else now
    with _lock:
        until = _files.get((file_id, browser))
    return until is not None and until >= moment


def media_prefix() -> str:
    """Return the path prefix of Streamlit's media files: ``/media/`` under ``server.baseUrlPath``.

    Only that route is guarded; ``/static/media/`` (Streamlit's own fonts and
    images) is not.
    """
    from streamlit import config

    base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/media/" if base else "/media/"


def _cookies(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for name, value in headers:
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001 - a malformed cookie header is no cookie
                continue
    return {key: morsel.value for key, morsel in jar.items()}


def _is_https(scope: dict) -> bool:
    if scope.get("scheme") == "https":
        return True
    for name, value in scope.get("headers", []):
        if name == b"x-forwarded-proto" and value.decode("latin-1").lower() == "https":
            return True
    return False


class MediaGuard:
    """ASGI middleware: the browser cookie, and ``/media/`` only for the registered browser.

    Parameters
    ----------
    app : ASGI application
        The Streamlit application (Starlette), wrapped.
    """

    def __init__(self, app) -> None:
        global _installed
        self.app = app
        _installed = True

    async def __call__(self, scope, receive, send) -> None:
        """Serve one ASGI connection (HTTP requests are checked; websockets pass)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookies = _cookies(scope.get("headers", []))
        browser = cookies.get(COOKIE)
        path = scope.get("path", "")
        if path.startswith(media_prefix()):
            file_id = path.rsplit("/", 1)[-1].split(".", 1)[0]
            if not allowed(file_id, browser):
                await send(
                    {
                        "type": "http.response.start",
                        "status": 403,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8")],
                    }
                )
                await send(
                    {
                        "type": "http.response.body",
                        "body": b"403: this file belongs to another session (sign in and "
                        b"make it again)\n",
                    }
                )
                return
        if browser:
            await self.app(scope, receive, send)
            return
        token = secrets.token_urlsafe(32)
        attributes = f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
        if _is_https(scope):
            attributes += "; Secure"

        async def send_with_cookie(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"set-cookie", attributes.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cookie)
