"""Threads pushing into enhanced repositories while others read Inspector2: nothing lost, no errors."""

from __future__ import annotations

from typing import Any

import boto3

from ecrfake import enhanced_finding

from ..conftest import make_manifest
from .test_concurrency import run_together

ALL = [
    {
        "scanFrequency": "CONTINUOUS_SCAN",
        "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
    }
]


def test_threads_push_and_list_findings_every_finding_and_event_arrives(ecr_fake: Any) -> None:
    ecr = boto3.client("ecr", region_name="us-east-1")
    ecr.put_registry_scanning_configuration(scanType="ENHANCED", rules=ALL)
    reg = ecr_fake.registry()
    threads, images = 6, 5
    for t in range(threads):
        ecr.create_repository(repositoryName=f"repo-{t}")
        for i in range(images):
            reg.seed_enhanced_findings(
                f"repo-{t}",
                {"imageTag": f"v{i}"},
                [enhanced_finding(f"CVE-{t}-{i}", severity="HIGH")],
            )

    def work(t: int) -> None:
        ecr_t = boto3.client("ecr", region_name="us-east-1")
        inspector = boto3.client("inspector2", region_name="us-east-1")
        for i in range(images):
            ecr_t.put_image(
                repositoryName=f"repo-{t}",
                imageManifest=make_manifest(f"{t}/{i}"),
                imageTag=f"v{i}",
            )
            inspector.list_findings(maxResults=10)
            inspector.list_coverage_statistics(groupBy="SCAN_STATUS_CODE")

    assert run_together(work, threads) == []
    inspector = boto3.client("inspector2", region_name="us-east-1")
    pages = inspector.get_paginator("list_findings").paginate()
    assert sum(len(p["findings"]) for p in pages) == threads * images
    assert len(ecr_fake.events(detail_type="Inspector2 Finding")) == threads * images
    assert len(ecr_fake.events(detail_type="ECR Image Action")) == threads * images
