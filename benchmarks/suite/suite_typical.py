"""Typical scanning tests, the kind a user's suite has: each does its own set-up through boto3."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

SERVICES = ["web", "api", "worker", "billing", "search"]


def _manifest(seed: str) -> str:
    def digest(text: str) -> str:
        return "sha256:" + hashlib.sha256(text.encode()).hexdigest()

    return json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": {
                "mediaType": "application/vnd.docker.container.image.v1+json",
                "size": 100,
                "digest": digest(seed + "/c"),
            },
            "layers": [
                {
                    "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                    "size": 1000 * (i + 1),
                    "digest": digest(f"{seed}/l{i}"),
                }
                for i in range(2)
            ],
        },
        indent=3,
    )


def _push(ecr: Any, repo: str, tag: str) -> Any:
    return ecr.put_image(
        repositoryName=repo, imageManifest=_manifest(f"{repo}:{tag}"), imageTag=tag
    )["image"]["imageId"]


@pytest.mark.parametrize("service", SERVICES)
def test_create_repository_with_scan_on_push(ecr: Any, service: str) -> None:
    repo = ecr.create_repository(
        repositoryName=f"team/{service}", imageScanningConfiguration={"scanOnPush": True}
    )["repository"]
    assert repo["imageScanningConfiguration"] == {"scanOnPush": True}


@pytest.mark.parametrize("service", SERVICES)
def test_push_then_describe_images(ecr: Any, service: str) -> None:
    ecr.create_repository(repositoryName=service)
    for tag in ("1.0", "1.1", "latest"):
        _push(ecr, service, tag)
    details = ecr.describe_images(repositoryName=service)["imageDetails"]
    assert sorted(t for d in details for t in d["imageTags"]) == ["1.0", "1.1", "latest"]


@pytest.mark.parametrize("service", SERVICES)
def test_registry_scanning_configuration_round_trip(ecr: Any, service: str) -> None:
    rules = [
        {
            "scanFrequency": "SCAN_ON_PUSH",
            "repositoryFilters": [{"filter": f"{service}-*", "filterType": "WILDCARD"}],
        }
    ]
    ecr.put_registry_scanning_configuration(scanType="BASIC", rules=rules)
    got = ecr.get_registry_scanning_configuration()["scanningConfiguration"]
    assert got["scanType"] == "BASIC"
    assert got["rules"] == rules


@pytest.mark.parametrize("service", SERVICES)
def test_batch_get_repository_scanning_configuration_reports_rule(ecr: Any, service: str) -> None:
    ecr.create_repository(repositoryName=f"{service}-prod")
    ecr.put_registry_scanning_configuration(
        scanType="BASIC",
        rules=[
            {
                "scanFrequency": "SCAN_ON_PUSH",
                "repositoryFilters": [{"filter": f"{service}-*", "filterType": "WILDCARD"}],
            }
        ],
    )
    configs = ecr.batch_get_repository_scanning_configuration(repositoryNames=[f"{service}-prod"])[
        "scanningConfigurations"
    ]
    assert configs[0]["scanFrequency"] == "SCAN_ON_PUSH"


@pytest.mark.parametrize("service", SERVICES)
def test_start_image_scan_then_findings(ecr: Any, service: str) -> None:
    ecr.create_repository(repositoryName=service)
    image_id = _push(ecr, service, "1.0")
    ecr.start_image_scan(repositoryName=service, imageId=image_id)
    found = ecr.describe_image_scan_findings(repositoryName=service, imageId=image_id)
    assert found["imageScanStatus"]["status"] == "COMPLETE"


@pytest.mark.parametrize("service", SERVICES)
def test_describe_then_delete_repository(ecr: Any, service: str) -> None:
    # (No test of the once-a-day scan limit here: botocore's standard retry mode retries
    # LimitExceededException with jittered back-off sleeps, which would time botocore, not a fake.)
    ecr.create_repository(repositoryName=service)
    names = [r["repositoryName"] for r in ecr.describe_repositories()["repositories"]]
    assert names == [service]
    ecr.delete_repository(repositoryName=service)
    assert ecr.describe_repositories()["repositories"] == []


@pytest.mark.parametrize("service", SERVICES)
def test_describe_findings_of_missing_repository(ecr: Any, service: str) -> None:
    with pytest.raises(ClientError) as exc:
        ecr.describe_image_scan_findings(repositoryName=service, imageId={"imageTag": "x"})
    assert exc.value.response["Error"]["Code"] == "RepositoryNotFoundException"


@pytest.mark.parametrize("service", SERVICES)
def test_put_image_twice_with_same_tag_fails(ecr: Any, service: str) -> None:
    ecr.create_repository(repositoryName=service)
    _push(ecr, service, "1.0")
    with pytest.raises(ClientError) as exc:
        _push(ecr, service, "1.0")
    assert exc.value.response["Error"]["Code"] == "ImageAlreadyExistsException"
