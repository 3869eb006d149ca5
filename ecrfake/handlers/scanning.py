"""Image scan operations: StartImageScan and DescribeImageScanFindings.

The scan lifecycle lives in :mod:`ecrfake.models.scanning`; these handlers read the request, make
one model call and shape the answer.
"""

from __future__ import annotations

from typing import Any

from ecrfake._dispatch import Call, operation
from ecrfake.models.scanning import echo_image_id

__all__: list[str] = []


@operation("StartImageScan")
def start_image_scan(call: Call) -> dict[str, Any]:
    p = call.params
    repo, image = call.registry.scanning.start_scan(p["repositoryName"], p["imageId"])
    return {
        "registryId": repo.registry_id,
        "repositoryName": repo.name,
        "imageId": echo_image_id(p["imageId"], image),
        "imageScanStatus": {"status": "IN_PROGRESS"},
    }


@operation("DescribeImageScanFindings")
def describe_image_scan_findings(call: Call) -> dict[str, Any]:
    p = call.params
    report = call.registry.scanning.describe_findings(
        p["repositoryName"],
        p["imageId"],
        max_results=p.get("maxResults"),
        next_token=p.get("nextToken"),
    )
    out: dict[str, Any] = {
        "registryId": report.repository.registry_id,
        "repositoryName": report.repository.name,
        "imageId": echo_image_id(p["imageId"], report.image),
        "imageScanStatus": report.scan_status_to_api(),
    }
    if report.findings is not None:
        out["imageScanFindings"] = report.findings
    if report.next_token is not None:
        out["nextToken"] = report.next_token
    return out
