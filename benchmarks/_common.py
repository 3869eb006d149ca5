"""Shared pieces: timing statistics, figures, the canned-response floor, clients and manifests."""

from __future__ import annotations

import hashlib
import io
import json
import math
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

REGION = "us-east-1"
ACCOUNT = "123456789012"
#: Explicit keys for every benchmark client, so signing costs the same whoever answers.
CREDENTIALS = {"aws_access_key_id": "AKIABENCH00000000000", "aws_secret_access_key": "bench-secret"}

now_ns = time.perf_counter_ns


# -- statistics ------------------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else math.nan


def geomean(values: Sequence[float]) -> float:
    values = [v for v in values if v > 0 and not math.isnan(v)]
    if not values:
        return math.nan
    return math.exp(sum(math.log(v) for v in values) / len(values))


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0 or math.isnan(a) or math.isnan(b):
        return None
    return a / b


def rotated(items: Sequence[Any], n: int) -> list[Any]:
    """``items`` rotated by ``n``: round ``n`` of an ABAB... interleaving starts with item ``n``."""
    k = n % len(items)
    return list(items[k:]) + list(items[:k])


# -- figures -----------------------------------------------------------------------------------------


@dataclass
class Target:
    """One target of an issue: ``figure <= limit``."""

    name: str
    figure: float | None
    limit: float
    unit: str = "x"
    note: str = ""

    @property
    def met(self) -> bool | None:
        if self.figure is None or math.isnan(self.figure):
            return None
        return self.figure <= self.limit

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "figure": self.figure,
            "limit": self.limit,
            "unit": self.unit,
            "met": self.met,
            "note": self.note,
        }


@dataclass
class Section:
    """A titled table of rows (dicts with the same keys) plus the targets it measured."""

    title: str
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "rows": self.rows,
            "targets": [t.to_json() for t in self.targets],
            "notes": self.notes,
            "seconds": round(self.seconds, 2),
        }


def fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        if math.isnan(value):
            return "n/a"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}"
    return str(value)


def render(section: Section) -> str:
    lines = [f"== {section.title} ({section.seconds:.1f} s)"]
    if section.rows:
        cells = [[fmt(row.get(c)) for c in section.columns] for row in section.rows]
        widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(section.columns)]
        lines.append("  ".join(c.ljust(w) for c, w in zip(section.columns, widths, strict=True)))
        lines.append("  ".join("-" * w for w in widths))
        for r in cells:
            lines.append("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)))
    for t in section.targets:
        verdict = {True: "met", False: "MISSED", None: "n/a"}[t.met]
        lines.append(
            f"  target {t.name}: {fmt(t.figure)} {t.unit} (<= {fmt(t.limit)} {t.unit}) {verdict}"
            + (f"  [{t.note}]" if t.note else "")
        )
    lines.extend(f"  note: {n}" for n in section.notes)
    return "\n".join(lines)


# -- clients and the wire floor ----------------------------------------------------------------------


def client(**kwargs: Any) -> Any:
    """A botocore ECR client with explicit fake keys (signing works with or without a fake)."""
    import boto3

    ecr = boto3.client("ecr", region_name=REGION, **CREDENTIALS, **kwargs)
    _drop_moto_handler(ecr)
    return ecr


def _drop_moto_handler(ecr: Any) -> None:
    # moto appends its before-send handler to every client created after it is imported; a floor
    # client must not pay for it (botocore runs every before-send handler, not just the first).
    models = sys.modules.get("moto.core.models")
    if models is not None:
        ecr.meta.events.unregister("before-send", models.botocore_stubber)


def moto_client() -> Any:
    """A client that moto's ``mock_aws`` answers (created after moto is imported)."""
    import boto3.session
    import moto.core.models  # noqa: F401  (registers moto's before-send handler for new sessions)

    # A new session: sessions copy botocore's built-in handlers (moto's among them) when created.
    return boto3.session.Session().client("ecr", region_name=REGION, **CREDENTIALS)


class _CannedRaw(io.BytesIO):
    def stream(self, **kwargs: Any) -> Iterator[bytes]:
        data = self.read()
        if data:
            yield data


@dataclass
class Recorded:
    """One response as it crossed the wire: what the floor replays."""

    status: int
    headers: dict[str, str]
    body: bytes


class Recorder:
    """Records the raw response of every call a client makes (``before-parse``)."""

    def __init__(self, ecr: Any) -> None:
        self._ecr = ecr
        self.last: dict[str, Recorded] = {}
        #: Every response of each operation, in call order.
        self.all: dict[str, list[Recorded]] = {}

    def _record(self, operation_model: Any, response_dict: dict[str, Any], **_: Any) -> None:
        recorded = Recorded(
            response_dict["status_code"], dict(response_dict["headers"]), response_dict["body"]
        )
        self.last[operation_model.name] = recorded
        self.all.setdefault(operation_model.name, []).append(recorded)

    def __enter__(self) -> Recorder:
        self._ecr.meta.events.register("before-parse.ecr", self._record, "bench-recorder")
        return self

    def __exit__(self, *exc: object) -> None:
        self._ecr.meta.events.unregister("before-parse.ecr", unique_id="bench-recorder")


def _original_do_get_response() -> Any:
    import botocore.endpoint

    func = botocore.endpoint.Endpoint.__dict__["_do_get_response"]
    if func.__module__ != "botocore.endpoint":
        raise RuntimeError("import benchmarks._common while no fake is active")
    return func


# Taken when this module is imported, before any benchmark starts a fake.
_ORIGINAL_DO_GET_RESPONSE = _original_do_get_response()


class Floor:
    """Answers a client's requests at ``before-send`` with recorded bytes: serialise, sign, parse.

    No backend runs, so this is the least any HTTP-layer fake can cost per call. The client's
    endpoint keeps botocore's own ``_do_get_response`` even while ecrfake (which patches the
    ``Endpoint`` class) is active, so the floor can run side by side with a live fake.

    ``canned`` holds one response per operation; ``sequences`` (which wins) holds the responses of
    one round of calls, replayed in order from :meth:`rewind` on (the last one repeats), for
    operations whose answer changes from call to call as the fake's state grows.
    """

    def __init__(self, ecr: Any) -> None:
        endpoint = ecr._endpoint
        endpoint.__class__ = type(
            "FloorEndpoint", (type(endpoint),), {"_do_get_response": _ORIGINAL_DO_GET_RESPONSE}
        )
        self.client = ecr
        self.canned: dict[str, Recorded] = {}
        self.sequences: dict[str, list[Recorded]] = {}
        self._position: dict[str, int] = {}
        self.calls = 0
        ecr.meta.events.register("before-send.ecr", self._answer, "bench-floor")

    def rewind(self) -> None:
        """Replay every sequence from its first response again (a new round)."""
        self._position.clear()

    def _answer(self, request: Any, event_name: str, **_: Any) -> Any:
        from botocore.awsrequest import AWSResponse

        self.calls += 1
        wire = event_name.rsplit(".", 1)[1]
        sequence = self.sequences.get(wire)
        if sequence is None:
            rec = self.canned[wire]
        else:
            n = self._position.get(wire, 0)
            self._position[wire] = n + 1
            rec = sequence[min(n, len(sequence) - 1)]
        return AWSResponse(request.url, rec.status, rec.headers, _CannedRaw(rec.body))


def strip_metadata(response: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


# -- test data ----------------------------------------------------------------------------------------


def _digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def manifest(seed: str | int) -> str:
    """A Docker schema-2 image manifest (two layers, ~1 KB) whose digest depends on ``seed``.

    The same form as the test suite's ``make_manifest``.
    """
    doc = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {
            "mediaType": "application/vnd.docker.container.image.v1+json",
            "size": 100,
            "digest": _digest(f"{seed}/c"),
        },
        "layers": [
            {
                "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "size": size,
                "digest": _digest(f"{seed}/l{i}"),
            }
            for i, size in enumerate((1000, 2000))
        ],
    }
    return json.dumps(doc, indent=3)


def short_error(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}"[:90]


def timed(func: Callable[[], Any]) -> float:
    """Seconds one call of ``func`` takes."""
    t0 = now_ns()
    func()
    return (now_ns() - t0) / 1e9
