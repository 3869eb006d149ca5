"""How ecrfake scales: 1,000 vs 10,000 pushed images, paging through all of them against the
floor, batch-get over 1,000 repositories under a registry rule set, and memory held per image."""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Iterator
from typing import Any

from benchmarks._common import (
    Floor,
    Recorded,
    Recorder,
    Section,
    Target,
    client,
    manifest,
    median,
    now_ns,
    ratio,
    short_error,
)

RULES = [
    {
        "scanFrequency": "SCAN_ON_PUSH",
        "repositoryFilters": [
            {"filter": f, "filterType": "WILDCARD"}
            for f in ("prod-*", "*-svc", "team-a/*", "team-b/*", "*critical*", "payments")
        ],
    },
    {
        "scanFrequency": "MANUAL",
        "repositoryFilters": [
            {"filter": f, "filterType": "WILDCARD"} for f in ("*", "team-c/*", "dev-*")
        ],
    },
]


def _push(ecr: Any, repo: str, count: int, start: int = 0) -> tuple[list[float], float]:
    """Push ``count`` images: the wall seconds of each call, and the CPU seconds of them all.

    CPU time (``time.process_time``) counts this process only, garbage collection included, so
    another process taking the core for a while does not show up as a cost of ecrfake.
    """
    put = ecr.put_image
    bodies = [manifest(f"{repo}/{i}") for i in range(start, start + count)]
    times: list[float] = []
    cpu0 = time.process_time()
    for i, body in enumerate(bodies, start):
        t0 = now_ns()
        put(repositoryName=repo, imageManifest=body, imageTag=f"t{i}")
        times.append((now_ns() - t0) / 1e9)
    return times, time.process_time() - cpu0


def _put_image_scale(section: Section, small: int, repeats: int) -> Any:
    """Totals for ``small`` and 10 x ``small`` pushes (interleaved); the last big run stays active."""
    from ecrfake import mock_ecr_scanning

    ecr = client()
    big = 10 * small
    totals: dict[int, list[float]] = {small: [], big: []}
    early: list[float] = []
    late: list[float] = []
    kept: Any = None
    order = [small, big] * repeats
    for n, size in enumerate(order):
        fake = mock_ecr_scanning()
        fake.start()
        try:
            ecr.create_repository(repositoryName="scale")
            _push(ecr, "scale", 20, start=10**6)  # warm-up
            gc.collect()
            times, cpu = _push(ecr, "scale", size)
            totals[size].append(cpu)
            if size == big:
                early.extend(times[:small])
                late.extend(times[-small:])
        finally:
            if n == len(order) - 1:
                kept = fake  # left running for the paging figures
            else:
                fake.stop()
    t1k, t10k = median(totals[small]), median(totals[big])
    section.rows.append(
        {
            "figure": f"put_image: {small:,} images (CPU s)",
            "ecrfake": t1k,
            "reference": None,
            "ratio": None,
        }
    )
    section.rows.append(
        {
            "figure": f"put_image: {big:,} images (CPU s) / 10 x {small:,}",
            "ecrfake": t10k,
            "reference": 10 * t1k,
            "ratio": ratio(t10k, 10 * t1k),
        }
    )
    section.rows.append(
        {
            "figure": f"put_image: per call, last {small:,} / first {small:,} of {big:,} (us)",
            "ecrfake": median(late) * 1e6,
            "reference": median(early) * 1e6,
            "ratio": ratio(median(late), median(early)),
        }
    )
    section.targets.append(
        Target(
            f"put_image {big:,} images / {small:,} images (CPU time)",
            ratio(t10k, t1k),
            11.0,
            "x",
            f"median of {repeats} run(s) each",
        )
    )
    return ecr, kept


def _pages(ecr: Any, method: str, params: dict[str, Any]) -> Iterator[tuple[dict[str, Any], Any]]:
    """Every page request and its response, following nextToken."""
    call = getattr(ecr, method)
    token: str | None = None
    while True:
        req = dict(params)
        if token:
            req["nextToken"] = token
        resp = call(**req)
        yield req, resp
        token = resp.get("nextToken")
        if not token:
            return


def _paging(section: Section, ecr: Any, passes: int) -> None:
    """Per-page cost of describe_images / list_images over the big run's images, vs the floor."""
    floor = Floor(client())
    per_page: dict[str, float | None] = {}
    for method, params, label in (
        ("describe_images", {"repositoryName": "scale", "maxResults": 100}, "describe_images"),
        ("list_images", {"repositoryName": "scale", "maxResults": 1000}, "list_images"),
    ):
        wire = str(ecr.meta.method_to_api_mapping[method])
        # Record ecrfake's bytes for every page (also the warm-up).
        pages: list[tuple[dict[str, Any], Recorded]] = []
        try:
            with Recorder(ecr) as rec:
                for req, _ in _pages(ecr, method, params):
                    pages.append((req, rec.last[wire]))
        except Exception as exc:
            section.rows.append(
                {"figure": f"{label}: per page (us)", "ecrfake": None, "note": short_error(exc)}
            )
            continue
        fake_t: list[float] = []
        floor_t: list[float] = []
        fake_call = getattr(ecr, method)
        floor_call = getattr(floor.client, method)
        for p in range(passes):
            for n, (req, recorded) in enumerate(pages):
                floor.canned[wire] = recorded
                for who in ("fake", "floor") if (n + p) % 2 == 0 else ("floor", "fake"):
                    call, out = (fake_call, fake_t) if who == "fake" else (floor_call, floor_t)
                    t0 = now_ns()
                    call(**req)
                    out.append(now_ns() - t0)
        f, fl = median(fake_t) / 1000, median(floor_t) / 1000
        per_page[label] = ratio(f, fl)
        section.rows.append(
            {
                "figure": f"{label}: per page of {params['maxResults']}, {len(pages)} pages (us)",
                "ecrfake": f,
                "reference": fl,
                "ratio": ratio(f, fl),
            }
        )
    section.targets.append(
        Target("paging describe_images per page vs floor", per_page.get("describe_images"), 1.3)
    )


def _batch_get(section: Section, passes: int) -> None:
    """batch_get_repository_scanning_configuration over 1,000 repositories with a rule set."""
    from ecrfake import mock_ecr_scanning

    ecr = client()
    floor = Floor(client())
    names = [
        f"{group}{n:04d}" for n in range(250) for group in ("prod-", "team-a/", "dev-", "misc/")
    ]
    fake_t: list[float] = []
    floor_t: list[float] = []
    with mock_ecr_scanning():
        try:
            for name in names:
                ecr.create_repository(repositoryName=name)
            ecr.put_registry_scanning_configuration(scanType="BASIC", rules=RULES)
            chunks = [names[i : i + 25] for i in range(0, len(names), 25)]
            wire = "BatchGetRepositoryScanningConfiguration"
            recorded: list[Recorded] = []
            with Recorder(ecr) as rec:
                for chunk in chunks:
                    ecr.batch_get_repository_scanning_configuration(repositoryNames=chunk)
                    recorded.append(rec.last[wire])
        except Exception as exc:
            section.rows.append(
                {"figure": "batch-get over 1,000 repositories", "note": short_error(exc)}
            )
            return
        for p in range(passes):
            for n, chunk in enumerate(chunks):
                floor.canned[wire] = recorded[n]
                for who in ("fake", "floor") if (n + p) % 2 == 0 else ("floor", "fake"):
                    c, out = (ecr, fake_t) if who == "fake" else (floor.client, floor_t)
                    t0 = now_ns()
                    c.batch_get_repository_scanning_configuration(repositoryNames=chunk)
                    out.append(now_ns() - t0)
    f, fl = median(fake_t) / 1000, median(floor_t) / 1000
    section.rows.append(
        {
            "figure": "batch-get 25 of 1,000 repositories, 2 rules / 9 filters (us)",
            "ecrfake": f,
            "reference": fl,
            "ratio": ratio(f, fl),
        }
    )


def _memory(section: Section, count: int) -> None:
    """tracemalloc: bytes held (and peak) per pushed image."""
    from ecrfake import mock_ecr_scanning

    ecr = client()
    with mock_ecr_scanning():
        ecr.create_repository(repositoryName="memory")
        _push(ecr, "memory", 50, start=10**6)  # warm caches before measuring
        bodies = [manifest(f"memory/{i}") for i in range(count)]
        gc.collect()
        tracemalloc.start()
        try:
            base = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            for i, body in enumerate(bodies):
                ecr.put_image(repositoryName="memory", imageManifest=body, imageTag=f"t{i}")
            gc.collect()
            held, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    manifest_len = len(bodies[0])
    per_image = (held - base) / count
    section.rows.append(
        {
            "figure": f"memory held per image, {count:,} images (bytes)",
            "ecrfake": per_image,
            "reference": float(manifest_len),
            "ratio": ratio(per_image, manifest_len),
            "note": "reference: the manifest's own length; ratio: held / manifest",
        }
    )
    section.rows.append(
        {
            "figure": "tracemalloc peak over the pushes, per image (bytes)",
            "ecrfake": (peak - base) / count,
        }
    )
    section.targets.append(Target("memory held per image", per_image / 1024, 2.0, "KB"))


def run(quick: bool = False) -> Section:
    started = time.perf_counter()
    section = Section(
        "scale (ecrfake; reference = the floor unless stated)",
        ["figure", "ecrfake", "reference", "ratio", "note"],
    )
    ecr, kept = _put_image_scale(section, 300 if quick else 1000, 1 if quick else 2)
    try:
        _paging(section, ecr, 1 if quick else 3)
    finally:
        kept.stop()
    _batch_get(section, 2 if quick else 6)
    _memory(section, 500 if quick else 2000)
    section.seconds = time.perf_counter() - started
    return section
