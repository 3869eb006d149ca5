"""``ecrfake serve``: the command line (console script ``ecrfake``, also ``python -m ecrfake``).

Importing this module imports nothing heavy; uvicorn and the fake load when ``serve`` runs.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

__all__ = ["exposure_warning", "main"]

_WARNING = (
    "ecrfake: WARNING: listening on {host}, which is not a loopback address: anyone who can reach "
    "this port can read and change the fake's state (the control API has no authentication)."
)


def exposure_warning(host: str) -> str | None:
    """The warning ``--host`` gets when it is not a loopback address, else None."""
    from ecrfake.server.runner import is_loopback

    return None if is_loopback(host) else _WARNING.format(host=host)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ecrfake", description="ecrfake: an in-memory fake of Amazon ECR."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = commands.add_parser(
        "serve",
        help="run the fake as an HTTP server for SDKs and tools in any language",
        description=(
            "Serve ECR's JSON API, Inspector2 and the registry /v2/ API from one in-memory fake, "
            "plus the control API under /_ecrfake/v1/. The first line on standard output is "
            "'ecrfake listening on http://HOST:PORT'."
        ),
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=0, help="port to bind (default: 0, a free port)")
    serve.add_argument(
        "--account", default=None, help="default account id of requests (default: 123456789012)"
    )
    serve.add_argument("--region", default=None, help="default region (default: us-east-1)")
    serve.add_argument(
        "--max-upload-mib",
        type=int,
        default=64,
        help="largest registry (/v2/) request body, in MiB (default: 64)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command != "serve":
        parser.print_help(sys.stderr)
        return 2
    return _serve(args)


def _serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn  # noqa: F401  (only to say what is missing before anything starts)
    except ImportError:
        print(
            "ecrfake serve needs the server extra: pip install 'ecrfake[server]'", file=sys.stderr
        )
        return 2
    from ecrfake.exceptions import EcrFakeError
    from ecrfake.server.limits import MIB, Limits
    from ecrfake.server.runner import Server

    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="%(name)s: %(message)s")
    if args.max_upload_mib < 1:
        print("ecrfake: --max-upload-mib must be at least 1", file=sys.stderr)
        return 2
    try:
        server = Server(
            args.host,
            args.port,
            account_id=args.account,
            region=args.region,
            limits=Limits(registry_api=args.max_upload_mib * MIB),
        )
    except EcrFakeError as error:
        print(f"ecrfake: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"ecrfake: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    stop = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.start()
        warning = exposure_warning(args.host)
        if warning is not None:
            print(warning, file=sys.stderr, flush=True)
        print(f"ecrfake listening on {server.url}", flush=True)
        while not stop.wait(3600):
            pass
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0
