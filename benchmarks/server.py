"""Requests per second over HTTP: ``ecrfake serve`` against ``moto_server``, the mix's operations.

Both servers run as subprocesses on loopback, in the same run, on the same machine, answering the
same client: one ``http.client`` connection (kept alive where the server allows it; moto's werkzeug
server closes every connection, so the client reconnects), sending requests that botocore
serialised and SigV4-signed before the clock starts. Only the round trip is timed, so the figure
is the server's rate (plus one fixed client cost) rather than botocore's client overhead. Each
operation's set-up (state reset, the push before a scan...) goes through boto3 and is not timed.

Rounds alternate the servers (AB, BA, ...) so drift on a shared machine hits both alike.

    python -m benchmarks.server            # ~1 minute; prints the table and the ratio
    python -m benchmarks.server --calls 20 --rounds 2   # quicker
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import socket
import subprocess
import sys
import time
from typing import Any
from urllib.parse import urlsplit

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.serialize import create_serializer

from benchmarks.mix import OPS, Op

CREDENTIALS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "not-a-secret"}
REGION = "us-east-1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Contender:
    name = ""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.url = ""

    def start(self) -> None:
        raise NotImplementedError

    def reset(self) -> None:
        raise NotImplementedError

    def handle(self) -> Any:
        return None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def client(self) -> Any:
        return boto3.client("ecr", endpoint_url=self.url, region_name=REGION, **CREDENTIALS)

    def wait_ready(self) -> None:
        parts = urlsplit(self.url)
        for _ in range(600):  # bounded: 30 s
            try:
                with socket.create_connection((parts.hostname, parts.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not start at {self.url}")


class EcrFakeServer(Contender):
    name = "ecrfake serve"

    def start(self) -> None:
        from ecrfake.remote import RemoteFake

        self.process = subprocess.Popen(
            [sys.executable, "-m", "ecrfake", "serve"], stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().split()[-1]
        self.remote = RemoteFake(self.url)

    def reset(self) -> None:
        self.remote.reset()

    def handle(self) -> Any:
        return self.remote


class MotoServer(Contender):
    name = "moto_server"

    def start(self) -> None:
        port = _free_port()
        self.process = subprocess.Popen(
            ["moto_server", "-p", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.url = f"http://127.0.0.1:{port}"
        self.wait_ready()

    def reset(self) -> None:
        parts = urlsplit(self.url)
        conn = http.client.HTTPConnection(parts.hostname or "", parts.port)
        conn.request("POST", "/moto-api/reset")
        conn.getresponse().read()
        conn.close()


def _signed(
    op_name: str, params: dict[str, Any], model: Any, url: str
) -> tuple[bytes, dict[str, str]]:
    request_dict = create_serializer("json").serialize_to_request(
        params, model.operation_model(op_name)
    )
    request = AWSRequest(
        method="POST", url=url + "/", data=request_dict["body"], headers=request_dict["headers"]
    )
    request.context["timestamp"] = datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y%m%dT%H%M%SZ"
    )
    SigV4Auth(Credentials("AKIDEXAMPLE", "not-a-secret"), "ecr", REGION).add_auth(request)
    body = request.body if isinstance(request.body, bytes) else request.body.encode()
    return body, dict(request.headers.items())


def _measure(contender: Contender, op: Op, calls: int) -> tuple[float, int, str | None]:
    """Timed seconds for ``calls`` requests of ``op``, the number answered 2xx, and an error."""
    contender.reset()
    ecr = contender.client()
    try:
        op.prepare(ecr, contender.handle())
    except Exception as failure:  # the server lacks an operation the set-up needs
        return 0.0, 0, f"set-up failed: {type(failure).__name__}"
    op_name = ecr.meta.method_to_api_mapping[op.method]
    model = ecr.meta.service_model
    parts = urlsplit(contender.url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=60)
    total = 0.0
    ok = 0
    error: str | None = None
    for i in [calls + 10_000, *range(calls)]:  # the first is a warm-up, not timed
        try:
            op.before(ecr, i)
        except Exception as failure:
            return total, ok, f"set-up failed: {type(failure).__name__}"
        body, headers = _signed(op_name, op.params(i), model, contender.url)
        start = time.perf_counter()
        conn.request("POST", "/", body=body, headers=headers)
        response = conn.getresponse()
        payload = response.read()
        if i >= calls:
            continue
        total += time.perf_counter() - start
        if 200 <= response.status < 300:
            ok += 1
        elif error is None:
            try:
                error = f"{response.status} {json.loads(payload).get('__type', '')}"
            except ValueError:
                error = f"{response.status}"
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
    conn.close()
    return total, ok, error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # At most 50: ECR allows 50 pull-through cache rules per registry, and the mix creates one a call.
    parser.add_argument("--calls", type=int, default=40, help="timed calls per operation per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    contenders: list[Contender] = [EcrFakeServer(), MotoServer()]
    for contender in contenders:
        contender.start()
    seconds = {c.name: {op.method: 0.0 for op in OPS} for c in contenders}
    answered = {c.name: {op.method: 0 for op in OPS} for c in contenders}
    errors: dict[str, dict[str, str]] = {c.name: {} for c in contenders}
    try:
        for round_number in range(args.rounds):
            order = contenders if round_number % 2 == 0 else list(reversed(contenders))
            for op in OPS:
                for contender in order:
                    spent, ok, error = _measure(contender, op, args.calls)
                    seconds[contender.name][op.method] += spent
                    answered[contender.name][op.method] += ok
                    if error is not None:
                        errors[contender.name].setdefault(op.method, error)
    finally:
        for contender in contenders:
            contender.stop()
    total_calls = args.calls * args.rounds
    both = [
        op.method
        for op in OPS
        if all(answered[c.name][op.method] == total_calls for c in contenders)
    ]
    print(f"requests per second, {total_calls} timed calls per operation and server")
    print(f"| operation | {' | '.join(c.name for c in contenders)} | ratio |")
    print("|---|" + "---:|" * (len(contenders) + 1))
    for op in OPS:
        cells = []
        for c in contenders:
            if answered[c.name][op.method] < total_calls:
                cells.append(f"n/a ({errors[c.name].get(op.method, 'errors')})")
            else:
                cells.append(f"{total_calls / seconds[c.name][op.method]:,.0f}")
        ratio = (
            f"{seconds['moto_server'][op.method] / seconds['ecrfake serve'][op.method]:.2f} x"
            if op.method in both
            else "n/a"
        )
        print(f"| {op.method} | {' | '.join(cells)} | {ratio} |")
    rates = {
        c.name: len(both) * total_calls / sum(seconds[c.name][m] for m in both) for c in contenders
    }
    print(
        f"\nmix of the {len(both)} operations both servers answer: "
        f"ecrfake serve {rates['ecrfake serve']:,.0f} req/s, moto_server "
        f"{rates['moto_server']:,.0f} req/s: {rates['ecrfake serve'] / rates['moto_server']:.2f} x "
        "(target >= 2 x)"
    )
    all_ops = [op.method for op in OPS if answered["ecrfake serve"][op.method] == total_calls]
    ecrfake_all = len(all_ops) * total_calls / sum(seconds["ecrfake serve"][m] for m in all_ops)
    print(f"ecrfake serve over all {len(all_ops)} operations of the mix: {ecrfake_all:,.0f} req/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
