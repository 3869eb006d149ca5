"""Per-call cost of the lifecycle, policy, tag-mutability and account-setting operations (#11).

The same measurement as :mod:`benchmarks.mix` (contenders interleaved, the wire floor replaying
ecrfake's own bytes), over the operations issue #11 added. Target: ecrfake / floor <= 1.2.
"""

from __future__ import annotations

import json
from typing import Any

from benchmarks._common import Section, manifest
from benchmarks.mix import Op, measure

LIFECYCLE = json.dumps(
    {
        "rules": [
            {
                "rulePriority": 1,
                "selection": {
                    "tagStatus": "tagged",
                    "tagPatternList": ["v*"],
                    "countType": "imageCountMoreThan",
                    "countNumber": 5,
                },
                "action": {"type": "expire"},
            },
            {
                "rulePriority": 2,
                "selection": {
                    "tagStatus": "untagged",
                    "countType": "sinceImagePushed",
                    "countUnit": "days",
                    "countNumber": 14,
                },
                "action": {"type": "expire"},
            },
        ]
    }
)
REPOSITORY_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "pull",
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            }
        ],
    }
)
REGISTRY_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "replication",
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"],
                "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/*",
            }
        ],
    }
)


def _repo(ecr: Any, name: str) -> bool:
    """Create ``name`` unless it exists (several operations share one set-up); whether it was new."""
    try:
        ecr.create_repository(repositoryName=name)
    except ecr.exceptions.RepositoryAlreadyExistsException:
        return False
    return True


def _lifecycle_repo(ecr: Any, fake: Any) -> None:
    if not _repo(ecr, "bench/lifecycle"):
        return
    for n in range(10):
        ecr.put_image(
            repositoryName="bench/lifecycle", imageManifest=manifest(f"lc{n}"), imageTag=f"v{n}"
        )
    ecr.put_lifecycle_policy(repositoryName="bench/lifecycle", lifecyclePolicyText=LIFECYCLE)


def _previewed(ecr: Any, fake: Any) -> None:
    _lifecycle_repo(ecr, fake)
    ecr.start_lifecycle_policy_preview(repositoryName="bench/lifecycle")


def _policy_repo(ecr: Any, fake: Any) -> None:
    if not _repo(ecr, "bench/policy"):
        return
    ecr.set_repository_policy(repositoryName="bench/policy", policyText=REPOSITORY_POLICY)


def _lifecycle_for_delete(ecr: Any, i: int) -> None:
    ecr.put_lifecycle_policy(repositoryName="bench/lifecycle", lifecyclePolicyText=LIFECYCLE)


def _registry_policy_for_delete(ecr: Any, i: int) -> None:
    ecr.put_registry_policy(policyText=REGISTRY_POLICY)


def _repository_policy_for_delete(ecr: Any, i: int) -> None:
    ecr.set_repository_policy(repositoryName="bench/policy", policyText=REPOSITORY_POLICY)


LC = {"repositoryName": "bench/lifecycle"}

OPS: list[Op] = [
    Op(
        "put_lifecycle_policy",
        lambda i: {**LC, "lifecyclePolicyText": LIFECYCLE},
        prepare=_lifecycle_repo,
    ),
    Op("get_lifecycle_policy", lambda i: LC, prepare=_lifecycle_repo),
    Op(
        "start_lifecycle_policy_preview",
        lambda i: {**LC, "lifecyclePolicyText": LIFECYCLE},
        prepare=_lifecycle_repo,
    ),
    Op("get_lifecycle_policy_preview", lambda i: LC, prepare=_previewed),
    Op(
        "delete_lifecycle_policy",
        lambda i: LC,
        prepare=_lifecycle_repo,
        before=_lifecycle_for_delete,
    ),
    Op(
        "set_repository_policy",
        lambda i: {"repositoryName": "bench/policy", "policyText": REPOSITORY_POLICY},
        prepare=_policy_repo,
    ),
    Op(
        "get_repository_policy",
        lambda i: {"repositoryName": "bench/policy"},
        prepare=_policy_repo,
    ),
    Op(
        "delete_repository_policy",
        lambda i: {"repositoryName": "bench/policy"},
        prepare=_policy_repo,
        before=_repository_policy_for_delete,
    ),
    Op("put_registry_policy", lambda i: {"policyText": REGISTRY_POLICY}),
    Op(
        "get_registry_policy",
        lambda i: {},
        prepare=lambda ecr, fake: ecr.put_registry_policy(policyText=REGISTRY_POLICY),
    ),
    Op("delete_registry_policy", lambda i: {}, before=_registry_policy_for_delete),
    Op(
        "put_image_tag_mutability",
        lambda i: {
            "repositoryName": "bench/policy",
            "imageTagMutability": "IMMUTABLE_WITH_EXCLUSION",
            "imageTagMutabilityExclusionFilters": [{"filterType": "WILDCARD", "filter": "dev-*"}],
        },
        prepare=_policy_repo,
    ),
    Op("get_account_setting", lambda i: {"name": "REGISTRY_POLICY_SCOPE"}),
    Op("put_account_setting", lambda i: {"name": "BLOB_MOUNTING", "value": "ENABLED"}),
]


def run(quick: bool = False) -> Section:
    return measure(
        OPS,
        "per-call median of the #11 operations, us (contenders interleaved)",
        "the #11 operations",
        1.2,
        None,
        quick,
    )
