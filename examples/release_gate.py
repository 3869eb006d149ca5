"""A release gate: refuse to ship an image that Amazon Inspector found CRITICAL vulnerabilities in.

Adapt it to your pipeline. It reads the image's enhanced-scanning findings from ECR through boto3
and exits with:

* 0 when the image was scanned and has no finding at a blocking severity,
* 1 when it has one (each is printed),
* 2 when there is no usable scan to judge by (never scanned, still pending, expired, failed).

Usage::

    python examples/release_gate.py REPOSITORY TAG [--region us-east-1] [--registry-id ID]
        [--block CRITICAL --block HIGH]

In tests, run ``main([...])`` inside ``mock_ecr_scanning`` (see ``tests/test_examples.py``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

import boto3
from botocore.exceptions import ClientError

#: Scans in these states carry findings; anything else cannot clear an image.
JUDGEABLE = ("COMPLETE", "ACTIVE")


def blocking_findings(
    ecr: Any,
    repository: str,
    image_id: dict[str, str],
    block: Sequence[str],
    registry_id: str | None = None,
) -> tuple[str, list[dict[str, Any]]]:
    """The scan status and every enhanced finding of the image whose severity is in ``block``."""
    kwargs: dict[str, Any] = {"repositoryName": repository, "imageId": image_id}
    if registry_id:
        kwargs["registryId"] = registry_id
    status = "UNKNOWN"
    found: list[dict[str, Any]] = []
    for page in ecr.get_paginator("describe_image_scan_findings").paginate(**kwargs):
        status = page["imageScanStatus"]["status"]
        for finding in page.get("imageScanFindings", {}).get("enhancedFindings", []):
            if finding.get("severity") in block:
                found.append(finding)
    return status, found


def _describe(finding: dict[str, Any]) -> str:
    details = finding.get("packageVulnerabilityDetails", {})
    packages = ", ".join(
        f"{p.get('name')} {p.get('version', '')}".strip()
        + (f" (fixed in {p['fixedInVersion']})" if p.get("fixedInVersion") else "")
        for p in details.get("vulnerablePackages", [])
    )
    return f"{finding['severity']:9} {details.get('vulnerabilityId', finding.get('title'))}  {packages}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the gate; returns the exit code (0 pass, 1 blocked, 2 cannot judge)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repository")
    parser.add_argument("tag")
    parser.add_argument("--region", default=None)
    parser.add_argument("--registry-id", default=None)
    parser.add_argument(
        "--block",
        action="append",
        default=None,
        help="a severity that fails the gate (repeatable; default CRITICAL)",
    )
    args = parser.parse_args(argv)
    block = args.block or ["CRITICAL"]
    ecr = boto3.client("ecr", region_name=args.region)
    image = {"imageTag": args.tag}
    try:
        status, found = blocking_findings(ecr, args.repository, image, block, args.registry_id)
    except ClientError as error:
        print(f"cannot judge {args.repository}:{args.tag}: {error}", file=sys.stderr)
        return 2
    if status not in JUDGEABLE:
        print(
            f"cannot judge {args.repository}:{args.tag}: scan status is {status}", file=sys.stderr
        )
        return 2
    for finding in found:
        print(_describe(finding))
    if found:
        print(
            f"BLOCKED: {len(found)} finding(s) at {'/'.join(block)} in {args.repository}:{args.tag}"
        )
        return 1
    print(f"OK: no {'/'.join(block)} findings in {args.repository}:{args.tag} (scan {status})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
