"""Measure the fake LINE server's multicast throughput.

Usage (from the repository root)::

    python -m tests.fake_line.measure                      # max throughput
    python -m tests.fake_line.measure --rate 200 --seconds 10   # sustained rate

The server runs in its own process (``python -m tests.fake_line``), like in
the benchmarks; load comes from ``--clients`` processes, each with
``--connections`` keep-alive HTTP connections. Every request is a
500-recipient multicast with an ``X-Line-Retry-Key``; the recipients cycle
through ``--recipients`` distinct user IDs. At the end the server's own
counters are read back to check that every accepted recipient got exactly
one delivery per request.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
from pathlib import Path
import statistics
import subprocess
import sys
import threading
import time
from typing import Any
import uuid


TOKEN = "measure-token"


def _user_ids(count: int) -> list[str]:
    return [f"U{index:032x}" for index in range(count)]


def _bodies(first: int, count: int, size: int, recipients: int) -> list[bytes]:
    """Pre-encoded multicast bodies (the client must not be the bottleneck)."""
    ids = _user_ids(recipients)
    bodies = []
    for number in range(first, first + count):
        start = (number * size) % recipients
        chunk = [ids[(start + i) % recipients] for i in range(size)]
        body = {
            "to": chunk,
            "messages": [
                {
                    "type": "text",
                    "text": f"防災情報: 避難所を開設しました #{number}",
                },
                {
                    "type": "flex",
                    "altText": "避難所のご案内",
                    "contents": {
                        "type": "bubble",
                        "body": {
                            "type": "box",
                            "layout": "vertical",
                            "contents": [
                                {
                                    "type": "text",
                                    "text": "大竹市役所",
                                    "weight": "bold",
                                },
                                {
                                    "type": "button",
                                    "action": {
                                        "type": "uri",
                                        "label": "詳しく見る",
                                        "uri": "https://example.jp/news/123?utm_source=line",
                                    },
                                },
                            ],
                        },
                    },
                },
            ],
            "notificationDisabled": False,
        }
        bodies.append(json.dumps(body, ensure_ascii=False).encode("utf-8"))
    return bodies


def _worker(args: tuple[str, int, int, list[bytes], float, float]) -> dict[str, Any]:
    """One client process: ``connections`` threads sharing its body list."""
    host, port, connections, bodies, rate, deadline = args
    lock = threading.Lock()
    cursor = [0]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    interval = connections / rate if rate else 0.0

    def run() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        next_at = time.perf_counter()
        while True:
            with lock:
                if cursor[0] >= len(bodies) or time.time() > deadline:
                    break
                body = bodies[cursor[0]]
                cursor[0] += 1
            if interval:
                pause = next_at - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
                next_at += interval
            headers = {
                "Authorization": f"Bearer {TOKEN}",
                "Content-Type": "application/json",
                "X-Line-Retry-Key": str(uuid.uuid4()),
            }
            started = time.perf_counter()
            conn.request(
                "POST", "/v2/bot/message/multicast", body=body, headers=headers
            )
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses[response.status] = statuses.get(response.status, 0) + 1
        conn.close()

    threads = [threading.Thread(target=run) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"latencies": latencies, "statuses": statuses}


def _start_server(extra: list[str]) -> tuple[subprocess.Popen[str], str]:
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root))
    command = [
        sys.executable,
        "-m",
        "tests.fake_line",
        "--token",
        TOKEN,
        "--no-record-bodies",
        "--max-request-log",
        "10000",
        *extra,
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, env=env, cwd=root
    )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if not line.startswith("LINE_API_BASE="):
        process.kill()
        raise RuntimeError(f"server did not start: {line!r}")
    return process, line.split("=", 1)[1]


def _control(base_url: str, method: str, name: str, payload: Any = None) -> Any:
    host, port = base_url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    body = json.dumps(payload).encode() if payload is not None else None
    conn.request(method, f"/__fake__/{name}", body=body)
    data = json.loads(conn.getresponse().read())
    conn.close()
    return data


def main(argv: list[str] | None = None) -> int:
    """Run the measurement and print a JSON summary."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument(
        "--batch", type=int, default=500, help="recipients per multicast"
    )
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    parser.add_argument(
        "--connections", type=int, default=4, help="connections per client"
    )
    parser.add_argument(
        "--rate", type=float, default=0.0, help="target total req/s (0: max)"
    )
    parser.add_argument(
        "--seconds", type=float, default=0.0, help="stop after N seconds"
    )
    parser.add_argument(
        "--rate-limits",
        action="store_true",
        help="keep LINE's rate limits on (multicast: 200 req/s token bucket)",
    )
    parser.add_argument(
        "--server", default=None, help="use a running server (base URL)"
    )
    args = parser.parse_args(argv)

    process = None
    if args.server:
        base_url = args.server
    else:
        extra = [] if args.rate_limits else ["--no-rate-limits"]
        process, base_url = _start_server(extra)
    try:
        _control(base_url, "POST", "reset")
        if not args.rate_limits:
            _control(base_url, "POST", "config", {"rate_limits_enabled": False})
        total = args.requests
        if args.rate and args.seconds:
            total = int(args.rate * args.seconds)
        per_client = [
            total // args.clients + (1 if i < total % args.clients else 0)
            for i in range(args.clients)
        ]
        host, port = base_url.removeprefix("http://").split(":")
        deadline = time.time() + (args.seconds * 1.5 + 30 if args.seconds else 3600)
        jobs = []
        first = 0
        for count in per_client:
            bodies = _bodies(first, count, args.batch, args.recipients)
            first += count
            rate = args.rate / args.clients if args.rate else 0.0
            jobs.append((host, int(port), args.connections, bodies, rate, deadline))
        started = time.perf_counter()
        with mp.get_context("spawn").Pool(args.clients) as pool:
            results = pool.map(_worker, jobs)
        elapsed = time.perf_counter() - started
        latencies = sorted(x for r in results for x in r["latencies"])
        statuses: dict[int, int] = {}
        for result in results:
            for status, count in result["statuses"].items():
                statuses[status] = statuses.get(status, 0) + count
        stats = _control(base_url, "GET", "stats")
        done = len(latencies)
        summary = {
            "requests": done,
            "seconds": round(elapsed, 3),
            "requests_per_second": round(done / elapsed, 1),
            "recipients_per_second": round(done * args.batch / elapsed),
            "latency_ms_p50": round(statistics.median(latencies) * 1000, 2)
            if latencies
            else None,
            "latency_ms_p99": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2)
            if latencies
            else None,
            "statuses": statuses,
            "server_stats": stats,
            "cpu_count": os.cpu_count(),
        }
        sys.stdout.write(json.dumps(summary, indent=2) + "\n")
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
