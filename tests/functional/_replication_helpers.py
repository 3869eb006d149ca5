"""Shared set-up for the replication tests: a destination registry policy, a rule."""

from __future__ import annotations

import json
from typing import Any

import boto3

from ecrfake import _operations, mock_ecr_scanning
from ecrfake.models.policy_document import PolicyDocument

SOURCE = "123456789012"
OTHER = "210987654321"


def policy_text(
    source: str = SOURCE, actions: tuple[str, ...] = ("ecr:ReplicateImage", "ecr:CreateRepository")
) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "ReplicationAccessCrossAccount",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{source}:root"},
                    "Action": list(actions),
                    "Resource": "*",
                }
            ],
        }
    )


def allow_replication(fake: Any, account: str, region: str, text: str) -> None:
    """Give the registry ``account``/``region`` a registry policy.

    Through PutRegistryPolicy (a nested fake makes ``account`` the default) when ecrfake answers
    it, else on the model directly (the policies family lands separately).
    """
    if "PutRegistryPolicy" in _operations.OPERATIONS:
        with mock_ecr_scanning(account_id=account):
            boto3.client("ecr", region_name=region).put_registry_policy(policyText=text)
        return
    fake.registry(account, region).model.registry_policy = PolicyDocument.parse(text, "registry")


def rule(
    *destinations: tuple[str, str], filters: tuple[str, ...] = (), delete: bool | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "destinations": [{"region": r, "registryId": a} for r, a in destinations]
    }
    if filters:
        out["repositoryFilters"] = [{"filter": f, "filterType": "PREFIX_MATCH"} for f in filters]
    if delete is not None:
        out["deleteReplication"] = {"enabled": delete}
    return out


def configure(ecr: Any, *rules: dict[str, Any]) -> dict[str, Any]:
    return ecr.put_replication_configuration(replicationConfiguration={"rules": list(rules)})


def statuses(
    ecr: Any, repository: str, image_id: dict[str, str], **kw: Any
) -> list[tuple[str, str, str, str | None]]:
    out = ecr.describe_image_replication_status(repositoryName=repository, imageId=image_id, **kw)
    return [
        (s["region"], s["registryId"], s["status"], s.get("failureCode"))
        for s in out["replicationStatuses"]
    ]
