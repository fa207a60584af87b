"""Run the fake LINE server in its own process: ``python -m tests.fake_line --port N``.

Benchmarks use this so that the server does not share a GIL with the load
generator or the product's workers. Control it over HTTP under
``/__fake__/`` on the api port (see README.md).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from line_delivery.line_emulator.config import FakeLineConfig

from .server import FakeLineServer


def build_parser() -> argparse.ArgumentParser:
    """Command-line options."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.fake_line", description=__doc__
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="bind address (loopback only)"
    )
    parser.add_argument(
        "--port", type=int, default=0, help="api.line.me port (0: ephemeral)"
    )
    parser.add_argument(
        "--data-port",
        type=int,
        default=None,
        help="api-data.line.me port (default: --port + 1, or ephemeral when --port is 0)",
    )
    parser.add_argument(
        "--token", default="test-token", help="channel access token to accept"
    )
    parser.add_argument("--followers", type=int, default=0, help="generate N followers")
    parser.add_argument(
        "--seed", type=int, default=None, help="seed for fault randomness"
    )
    parser.add_argument(
        "--no-rate-limits", action="store_true", help="disable LINE's rate limits"
    )
    parser.add_argument(
        "--no-record-bodies",
        action="store_true",
        help="don't keep request bodies in the request log (long soaks)",
    )
    parser.add_argument(
        "--max-request-log",
        type=int,
        default=None,
        help="keep only the last N requests",
    )
    parser.add_argument(
        "--uri-max-length",
        type=int,
        default=None,
        help="relax the 1000-character URI limit",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Start both listeners, print their URLs, serve until SIGINT/SIGTERM."""
    args = build_parser().parse_args(argv)
    config = FakeLineConfig(
        rate_limits_enabled=not args.no_rate_limits,
        record_request_bodies=not args.no_record_bodies,
        max_request_log=args.max_request_log,
    )
    if args.uri_max_length is not None:
        config.uri_max_length = args.uri_max_length
    data_port = args.data_port
    if data_port is None:
        data_port = args.port + 1 if args.port else 0
    server = FakeLineServer(
        args.token,
        host=args.host,
        api_port=args.port,
        data_port=data_port,
        config=config,
        seed=args.seed,
    )
    server.start()
    if args.followers:
        server.add_followers(args.followers)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    sys.stdout.write(f"LINE_API_BASE={server.api_base_url}\n")
    sys.stdout.write(f"LINE_API_DATA_BASE={server.data_api_base_url}\n")
    sys.stdout.flush()
    try:
        stop.wait()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
