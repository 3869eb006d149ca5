"""Per-call cost of aiobotocore clients: ecrfake against an aiobotocore wire floor, same run.

The floor answers at the very seam ecrfake uses (``AioEndpoint._do_get_response``, with
``before-send`` yielding an ``AioAWSResponse``) but with recorded bytes: aiobotocore still
serialises, signs, checks, parses and emits its events, and no backend runs. So
``ecrfake / floor`` is what the fake's dispatch and models add to an aiobotocore call. Both clients
live in one event loop while ecrfake is active (the floor client's endpoint keeps aiobotocore's own
``_do_get_response``), and rounds interleave them (ABAB...) so machine noise hits both alike.

    python -m benchmarks.run --only aio        # or: python -m benchmarks.aio [--quick]

Needs aiobotocore (``pip install -e '.[async]'``). Target (issue #10): geomean <= 1.20x the floor.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # python benchmarks/aio.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import (
    ACCOUNT,
    CREDENTIALS,
    REGION,
    Section,
    Target,
    geomean,
    manifest,
    median,
    now_ns,
    ratio,
    render,
)

#: (label, method, kwargs): reads and writes of a typical scanning test.
OPS: list[tuple[str, str, dict[str, Any]]] = [
    ("describe_repositories", "describe_repositories", {}),
    ("describe_images", "describe_images", {"repositoryName": "app"}),
    ("list_images", "list_images", {"repositoryName": "app"}),
    (
        "describe_image_scan_findings",
        "describe_image_scan_findings",
        {"repositoryName": "app", "imageId": {"imageTag": "1.0"}},
    ),
    ("get_registry_scanning_configuration", "get_registry_scanning_configuration", {}),
    ("get_authorization_token", "get_authorization_token", {}),
]


class _Raw:
    __slots__ = ("_body",)

    def __init__(self, body: bytes) -> None:
        self._body = body

    async def read(self, amt: int | None = None) -> bytes:
        body, self._body = self._body, b""
        return body


class _Emitter:
    """The endpoint's emitter, with ``before-send`` answered from ``canned``: the floor's seam."""

    def __init__(self, emitter: Any, canned: dict[str, tuple[int, Any, bytes]]) -> None:
        self._emitter = emitter
        self._canned = canned

    async def emit(self, event_name: str, **kwargs: Any) -> Any:
        if event_name.startswith("before-send."):
            from aiobotocore.awsrequest import AioAWSResponse

            status, headers, body = self._canned[event_name.rsplit(".", 1)[1]]
            return [(None, AioAWSResponse(kwargs["request"].url, status, headers, _Raw(body)))]
        return await self._emitter.emit(event_name, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._emitter, name)


def _floor_endpoint(endpoint: Any, canned: dict[str, tuple[int, Any, bytes]]) -> None:
    """Make this client's endpoint answer from ``canned`` with aiobotocore's own code."""
    import aiobotocore.endpoint

    original = aiobotocore.endpoint.AioEndpoint.__dict__["_do_get_response"]
    original = getattr(getattr(original, "_ecrfake_seam", None), "original", original)
    endpoint._event_emitter = _Emitter(endpoint._event_emitter, canned)
    endpoint.__class__ = type("FloorEndpoint", (type(endpoint),), {"_do_get_response": original})


async def _time(call: Callable[[], Awaitable[Any]], n: int) -> float:
    start = now_ns()
    for _ in range(n):
        await call()
    return (now_ns() - start) / n / 1000  # microseconds per call


async def _measure(quick: bool) -> tuple[list[dict[str, Any]], list[float]]:
    import aiobotocore.session

    from ecrfake import mock_ecr_scanning
    from ecrfake._patch import _botocore

    rounds, calls = (3, 20) if quick else (9, 60)
    session = aiobotocore.session.get_session()
    kwargs = {"region_name": REGION, **CREDENTIALS}
    with mock_ecr_scanning():
        async with (
            session.create_client("ecr", **kwargs) as fake,
            session.create_client("ecr", **kwargs) as floor,
        ):
            await fake.create_repository(repositoryName="app")
            for i in range(5):
                await fake.put_image(
                    repositoryName="app", imageManifest=manifest(i), imageTag=f"{i}.0"
                )
            await fake.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
            # Record ecrfake's answers for the floor to replay, through the seam's own answer().
            canned: dict[str, tuple[int, Any, bytes]] = {}
            seam_answer = _botocore.answer

            def recording(request: Any, operation_model: Any, *args: Any) -> Any:
                reply = seam_answer(request, operation_model, *args)
                canned[operation_model.name] = reply
                return reply

            _botocore.answer = recording  # type: ignore[assignment]
            import ecrfake._patch._aio as aio

            aio.answer = recording  # type: ignore[assignment]
            try:
                for _, method, args in OPS:
                    await getattr(fake, method)(**args)
            finally:
                _botocore.answer = seam_answer  # type: ignore[assignment]
                aio.answer = seam_answer  # type: ignore[assignment]
            _floor_endpoint(floor._endpoint, canned)
            rows = []
            ratios = []
            for label, method, args in OPS:
                fake_call = lambda m=method, a=args: getattr(fake, m)(**a)  # noqa: E731
                floor_call = lambda m=method, a=args: getattr(floor, m)(**a)  # noqa: E731
                await floor_call()  # warm both
                await fake_call()
                fake_times: list[float] = []
                floor_times: list[float] = []
                for r in range(rounds):
                    pair = [(fake_call, fake_times), (floor_call, floor_times)]
                    for call, times in pair if r % 2 == 0 else reversed(pair):
                        times.append(await _time(call, calls))
                f, w = median(fake_times), median(floor_times)
                x = ratio(f, w)
                if x is not None:
                    ratios.append(x)
                rows.append({"operation": label, "floor us": w, "ecrfake us": f, "x floor": x})
    return rows, ratios


def run(quick: bool = False) -> Section:
    started = time.perf_counter()
    section = Section(
        "aiobotocore per call: ecrfake vs an aiobotocore wire floor (same seam, canned bytes)",
        ["operation", "floor us", "ecrfake us", "x floor"],
    )
    try:
        import aiobotocore
    except ImportError:
        section.notes.append("aiobotocore is not installed: pip install -e '.[async]'")
        return section
    rows, ratios = asyncio.run(_measure(quick))
    section.rows = rows
    section.targets.append(Target("aiobotocore per-call geomean vs floor", geomean(ratios), 1.20))
    section.notes.append(f"aiobotocore {aiobotocore.__version__}, account {ACCOUNT}")
    section.seconds = time.perf_counter() - started
    return section


if __name__ == "__main__":
    print(render(run("--quick" in sys.argv)))
