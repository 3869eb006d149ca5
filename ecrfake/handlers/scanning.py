"""Scanning: the registry scanning configuration (Get/PutRegistryScanningConfiguration,
BatchGetRepositoryScanningConfiguration), the deprecated repository flag
(PutImageScanningConfiguration), and scans (StartImageScan, DescribeImageScanFindings).

The registry-level operations take no ``registryId``: they act on the caller's registry in the
client's region. The behaviour lives in :mod:`ecrfake.models.scanning` and
:mod:`ecrfake.models.scan_config`.
"""

from __future__ import annotations

from typing import Any

from ecrfake._operations import Call, operation
from ecrfake.models.scan_report import echo_image_id

__all__: list[str] = []


@operation("GetRegistryScanningConfiguration")
def get_registry_scanning_configuration(call: Call) -> dict[str, Any]:
    return {
        "registryId": call.registry_id,
        "scanningConfiguration": call.registry.scanning.config.to_api(),
    }


@operation("PutRegistryScanningConfiguration")
def put_registry_scanning_configuration(call: Call) -> dict[str, Any]:
    p = call.params
    config = call.registry.put_scanning_configuration(p.get("scanType"), p.get("rules"))
    return {"registryScanningConfiguration": config.to_api()}


@operation("BatchGetRepositoryScanningConfiguration")
def batch_get_repository_scanning_configuration(call: Call) -> dict[str, Any]:
    found, failures = call.registry.scanning.repository_configurations(
        call.params["repositoryNames"]
    )
    return {"scanningConfigurations": found, "failures": failures}


@operation("PutImageScanningConfiguration")
def put_image_scanning_configuration(call: Call) -> dict[str, Any]:
    p = call.params
    scan_on_push = bool(p["imageScanningConfiguration"].get("scanOnPush", False))
    repo = call.registry.set_scan_on_push(p["repositoryName"], scan_on_push)
    return {
        "registryId": repo.registry_id,
        "repositoryName": repo.name,
        "imageScanningConfiguration": {"scanOnPush": repo.scan_on_push},
    }


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
