"""What ``make run`` serves (issue 13): compressed static bundles cached by the browser.

Starts ``serve.py`` with the settings of ``.streamlit/config.toml`` (as
``make run`` does) on the pilot build and asks for Streamlit's main
frontend bundle as a browser would.
"""

from __future__ import annotations

import gzip
import re
import urllib.request
from pathlib import Path

import pytest

from browser_support import running_app


def _get(url: str, encoding: str | None) -> tuple[dict, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return {k.lower(): v for k, v in response.headers.items()}, response.read()


@pytest.fixture(scope="module")
def served(pilot_build: Path):
    with running_app(pilot_build) as base_url:
        yield base_url


def test_static_bundle_is_gzipped_and_cached_for_a_year(served: str):
    _headers, page = _get(served + "/", None)
    bundle = re.search(rb"/static/js/index\.[\w-]+\.js", page)
    assert bundle, "the page names no main bundle"
    url = served + bundle.group().decode()
    plain_headers, plain = _get(url, None)
    headers, body = _get(url, "gzip")
    assert "content-encoding" not in plain_headers  # a client that cannot unzip gets it plain
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == plain
    assert len(body) < len(plain) / 2  # JavaScript shrinks to about a third
    assert headers["cache-control"] == "public, immutable, max-age=31536000"
    assert "accept-encoding" in headers.get("vary", "").lower()


def test_websocket_is_compressed(served: str):
    import asyncio

    import websockets

    async def handshake() -> str:
        async with websockets.connect(
            served.replace("http://", "ws://") + "/_stcore/stream",
            subprotocols=["streamlit"],
            origin=served,
            compression="deflate",
        ) as socket:
            return socket.response.headers.get("Sec-WebSocket-Extensions", "")

    assert asyncio.run(handshake()).startswith("permessage-deflate")
