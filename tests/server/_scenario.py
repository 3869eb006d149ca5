"""The scenario every outside client runs: what the test seeds first and what it then expects."""

from __future__ import annotations

from typing import Any

from ecrfake import basic_finding
from ecrfake.remote import RemoteFake

REPOSITORY = "js/app"
FINDINGS = [f"CVE-2024-{n:04d}" for n in range(45)]


def seed(remote: RemoteFake) -> None:
    """Reset the server and seed the findings the scan of ``js/app:1.0`` reports."""
    remote.reset()
    remote.registry().seed_basic_findings(
        REPOSITORY,
        {"imageTag": "1.0"},
        [basic_finding(name, severity="HIGH") for name in FINDINGS],
    )


def manifest() -> str:
    """The image manifest both clients push (the same bytes the JS scenario builds)."""
    import hashlib
    import json

    def digest(text: str) -> str:
        return "sha256:" + hashlib.sha256(text.encode()).hexdigest()

    return json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": {
                "mediaType": "application/vnd.docker.container.image.v1+json",
                "size": 100,
                "digest": digest("js/config"),
            },
            "layers": [
                {
                    "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                    "size": 1000,
                    "digest": digest("js/layer"),
                }
            ],
        },
        separators=(",", ":"),
    )


SCANNING_RULES: list[dict[str, Any]] = [
    {
        "scanFrequency": "SCAN_ON_PUSH",
        "repositoryFilters": [{"filter": "js/*", "filterType": "WILDCARD"}],
    }
]
