"""``python -m api [--host 127.0.0.1] [--port 8502] [--build-dir DIR]``: serve the data service.

Runs the app of :mod:`api.app` with uvicorn, one process (the rate limit
per token is counted in it). Exit code 2 with a one-line message when the
build is missing or a setting is bad.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Run the server until stopped; return the exit code (0 stopped, 2 cannot start)."""
    parser = argparse.ArgumentParser(prog="python -m api", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8502, help="port (default 8502)")
    parser.add_argument("--build-dir", type=Path, default=None, help="build folder")
    parser.add_argument(
        "--proxy",
        action="store_true",
        help="trust X-Forwarded-* headers from 127.0.0.1 (behind the nginx of deploy/)",
    )
    args = parser.parse_args(argv)

    import uvicorn

    from api.app import create_app
    from api.service import DataService
    from queries.figures import BuildMissingError

    try:
        service = DataService(args.build_dir)
        service.warm()
        app = create_app(service)
    except (BuildMissingError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"data service on http://{args.host}:{args.port}/api/ (docs: /api/docs)", file=sys.stderr)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        proxy_headers=args.proxy,
        forwarded_allow_ips="127.0.0.1" if args.proxy else None,
        log_level="warning",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
