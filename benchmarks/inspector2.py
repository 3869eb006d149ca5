"""Issue #14's two figures: Inspector2 ListFindings filtered by repository over 10,000 findings in
500 images against the wire floor for the same response, and a push with events kept against the
same push with no event log.

* **ListFindings**: 50 repositories of 10 images each, 20 findings an image, all under continuous
  enhanced scanning. Each call asks for one repository's findings (``ecrImageRepositoryName``
  EQUALS, ``maxResults=100``: a full page of 100 of its 200 findings). The floor replays the very
  bytes ecrfake answered at ``before-send``: serialise, sign, parse and nothing else, the least
  any HTTP-layer fake can cost for that response.
* **Events**: PutImage into a repository with scan on push (two events: "ECR Image Action" and
  "ECR Image Scan"), with the fake's event log on, against the same registry with its log
  detached (no consumer at all). Interleaved, medians.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

from benchmarks._common import (
    _ORIGINAL_DO_GET_RESPONSE,
    CREDENTIALS,
    REGION,
    Section,
    Target,
    client,
    manifest,
    median,
    now_ns,
    ratio,
)

REPOSITORIES = 50
IMAGES_PER_REPOSITORY = 10
FINDINGS_PER_IMAGE = 20
CONTINUOUS_ALL = [
    {
        "scanFrequency": "CONTINUOUS_SCAN",
        "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
    }
]


class _Raw(io.BytesIO):
    def stream(self, **kwargs: Any) -> Iterator[bytes]:
        data = self.read()
        if data:
            yield data


def _inspector_client() -> Any:
    import boto3

    return boto3.client("inspector2", region_name=REGION, **CREDENTIALS)


class InspectorFloor:
    """An inspector2 client answered at ``before-send`` with recorded bytes (no backend)."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.client = _inspector_client()
        endpoint = self.client._endpoint
        endpoint.__class__ = type(
            "FloorEndpoint", (type(endpoint),), {"_do_get_response": _ORIGINAL_DO_GET_RESPONSE}
        )
        self.recorded = (status, headers, body)
        self.client.meta.events.register("before-send.inspector2", self._answer, "bench-floor")

    def _answer(self, request: Any, **_: Any) -> Any:
        from botocore.awsrequest import AWSResponse

        status, headers, body = self.recorded
        return AWSResponse(request.url, status, headers, _Raw(body))


def _seed_world(fake: Any) -> None:
    from ecrfake import enhanced_finding

    ecr = client()
    ecr.put_registry_scanning_configuration(scanType="ENHANCED", rules=CONTINUOUS_ALL)
    reg = fake.registry()
    severities = ("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL")
    template = [
        enhanced_finding(
            f"CVE-2024-{n:05d}",
            severity=severities[n % 5],
            package_name=f"pkg{n}",
            package_version="1.0",
            fixed_in_version="1.1" if n % 2 else None,
            score=round(1 + (n % 9), 1),
        )
        for n in range(FINDINGS_PER_IMAGE)
    ]
    for r in range(REPOSITORIES):
        name = f"repo-{r:02d}"
        ecr.create_repository(repositoryName=name)
        for i in range(IMAGES_PER_REPOSITORY):
            reg.seed_enhanced_findings(name, {"imageTag": f"v{i}"}, template)
            ecr.put_image(
                repositoryName=name, imageManifest=manifest(f"{name}/{i}"), imageTag=f"v{i}"
            )


def _list_findings_vs_floor(section: Section, repeats: int) -> None:
    from ecrfake import mock_ecr_scanning

    with mock_ecr_scanning() as fake:
        _seed_world(fake)
        live = _inspector_client()
        total = len(fake.registry().model.inspector.findings)
        recorded: dict[str, Any] = {}

        def record(http_response: Any, **_: Any) -> None:
            recorded["reply"] = (
                http_response.status_code,
                dict(http_response.headers),
                http_response.content,
            )

        live.meta.events.register("after-call.inspector2.ListFindings", record)
        criteria = {"ecrImageRepositoryName": [{"comparison": "EQUALS", "value": "repo-07"}]}
        first = live.list_findings(filterCriteria=criteria, maxResults=100)
        floor = InspectorFloor(*recorded["reply"])
        assert (
            floor.client.list_findings(filterCriteria=criteria, maxResults=100)["findings"]
            == (first["findings"])
        )
        fake_times: list[float] = []
        floor_times: list[float] = []
        calls = [("ecrfake", live, fake_times), ("floor", floor.client, floor_times)]
        for n in range(repeats):
            for _name, c, times in calls if n % 2 == 0 else reversed(calls):
                t0 = now_ns()
                c.list_findings(filterCriteria=criteria, maxResults=100)
                times.append((now_ns() - t0) / 1e6)
    fake_ms, floor_ms = median(fake_times), median(floor_times)
    section.rows.append(
        {
            "measure": f"ListFindings by repository, {total:,} findings in "
            f"{REPOSITORIES * IMAGES_PER_REPOSITORY} images, page of 100",
            "ecrfake ms": fake_ms,
            "baseline ms": floor_ms,
            "ratio": ratio(fake_ms, floor_ms),
        }
    )
    section.targets.append(
        Target("ListFindings by repository vs wire floor (#14)", ratio(fake_ms, floor_ms), 1.3)
    )


def _push_with_and_without_events(section: Section, repeats: int) -> None:
    from ecrfake import mock_ecr_scanning

    with mock_ecr_scanning() as fake:
        ecr = client()
        ecr.create_repository(
            repositoryName="kept", imageScanningConfiguration={"scanOnPush": True}
        )
        ecr.create_repository(
            repositoryName="none", imageScanningConfiguration={"scanOnPush": True}
        )
        model = fake.registry().model
        log = model._events
        kept: list[float] = []
        none: list[float] = []
        bodies = [manifest(f"push/{i}") for i in range(repeats)]
        for i, body in enumerate(bodies):
            order = [("kept", kept, log), ("none", none, None)]
            for repo, times, events in order if i % 2 == 0 else reversed(order):
                model._events = events
                t0 = now_ns()
                ecr.put_image(repositoryName=repo, imageManifest=body, imageTag=f"t{i}")
                times.append((now_ns() - t0) / 1e6)
        model._events = log
        emitted = len(fake.events())
    kept_ms, none_ms = median(kept), median(none)
    section.rows.append(
        {
            "measure": f"PutImage with scan on push, events kept ({emitted} events) vs no log",
            "ecrfake ms": kept_ms,
            "baseline ms": none_ms,
            "ratio": ratio(kept_ms, none_ms),
        }
    )
    section.targets.append(
        Target("push with events kept vs no consumer (#14)", ratio(kept_ms, none_ms), 1.1)
    )


def run(quick: bool = False) -> Section:
    section = Section(
        "Inspector2 and events (issue #14)", ["measure", "ecrfake ms", "baseline ms", "ratio"]
    )
    t0 = now_ns()
    _list_findings_vs_floor(section, 30 if quick else 200)
    _push_with_and_without_events(section, 100 if quick else 600)
    section.seconds = (now_ns() - t0) / 1e9
    section.notes.append("medians of interleaved calls; the baseline is the floor / the same push")
    return section


if __name__ == "__main__":
    from benchmarks._common import render

    result = run()
    print(render(result))
    print(json.dumps([t.to_json() for t in result.targets]))
