"""What replication costs a push: PutImage replicating to 3 destinations vs replicating nowhere.

Same run, interleaved: each round times one PutImage (a new manifest each time) into a repository
that no replication rule matches and one into a repository whose rule names three destinations
(another region of the same account, where the destination repository comes from a creation
template, and two regions of a second account whose registry policy allows the replication). The figure is the
median ratio; target <= 3.5x (issue #12: "the copies are the work").

Run alone with ``python -m benchmarks.replication [--quick]``.
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # python benchmarks/replication.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import (
    ACCOUNT,
    CREDENTIALS,
    Section,
    Target,
    client,
    manifest,
    median,
    now_ns,
    render,
)

OTHER = "210987654321"
DESTINATIONS = [
    {"region": "us-west-2", "registryId": ACCOUNT},
    {"region": "us-east-1", "registryId": OTHER},
    {"region": "eu-west-1", "registryId": OTHER},
]
LIMIT = 3.5


def _policy(source: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "Replication",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{source}:root"},
                    "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"],
                    "Resource": "*",
                }
            ],
        }
    )


def run(quick: bool = False) -> Section:
    from ecrfake import mock_ecr_scanning

    rounds = 60 if quick else 400
    section = Section("replication: PutImage to 3 destinations vs none", ["case", "median us"])
    started = now_ns()
    with mock_ecr_scanning() as fake:
        ecr = client()
        ecr.create_repository(repositoryName="bench/plain")
        ecr.create_repository(repositoryName="bench/replicated")
        for region in ("us-east-1", "eu-west-1"):
            _allow(fake, region)
        _client("us-west-2").create_repository_creation_template(
            prefix="bench", appliedFor=["REPLICATION"], imageTagMutability="MUTABLE"
        )
        ecr.put_replication_configuration(
            replicationConfiguration={
                "rules": [
                    {
                        "destinations": DESTINATIONS,
                        "repositoryFilters": [
                            {"filter": "bench/replicated", "filterType": "PREFIX_MATCH"}
                        ],
                    }
                ]
            }
        )
        plain: list[float] = []
        replicated: list[float] = []
        gc.collect()
        for i in range(rounds):
            order = (("bench/plain", plain), ("bench/replicated", replicated))
            for name, sink in order if i % 2 == 0 else tuple(reversed(order)):
                body = manifest(f"{name}-{i}")
                t0 = now_ns()
                ecr.put_image(repositoryName=name, imageManifest=body, imageTag=f"t{i}")
                sink.append((now_ns() - t0) / 1000)
        # every copy arrived
        west = _client("us-west-2")
        count = len(
            west.list_images(repositoryName="bench/replicated", maxResults=1000)["imageIds"]
        )
        if count != rounds:
            section.notes.append(f"only {count} of {rounds} images reached us-west-2")
    a, b = median(replicated), median(plain)
    section.rows = [
        {"case": "replicates nowhere", "median us": b},
        {"case": "replicates to 3 destinations", "median us": a},
    ]
    section.targets.append(
        Target("replicating PutImage / plain PutImage", a / b if b else None, LIMIT)
    )
    section.seconds = (now_ns() - started) / 1e9
    return section


def _allow(fake: Any, region: str) -> None:
    """OTHER's registry policy in ``region`` lets ACCOUNT replicate (and create repositories)."""
    from ecrfake import _operations, mock_ecr_scanning
    from ecrfake.models.policy_document import PolicyDocument

    if "PutRegistryPolicy" in _operations.OPERATIONS:
        # PutRegistryPolicy has no registryId: a nested fake makes OTHER the default account.
        with mock_ecr_scanning(account_id=OTHER):
            _client(region).put_registry_policy(policyText=_policy(ACCOUNT))
    else:  # the policies family is not answered yet: set the document on the model
        fake.registry(OTHER, region).model.registry_policy = PolicyDocument.parse(
            _policy(ACCOUNT), "registry"
        )


def _client(region: str) -> Any:
    import boto3

    return boto3.client("ecr", region_name=region, **CREDENTIALS)


if __name__ == "__main__":
    print(render(run("--quick" in sys.argv)))
