"""Pull-through cache rule operations: Create/Describe/Update/Delete/ValidatePullThroughCacheRule.

Each output carries exactly the members its botocore output shape has (they differ per operation:
DeletePullThroughCacheRule has no ``upstreamRegistry``, UpdatePullThroughCacheRule no URL).
"""

from __future__ import annotations

from typing import Any

from ecrfake._dispatch import Call, operation
from ecrfake.models.pull_through import PullThroughCacheRule

__all__: list[str] = []

_CREATE_MEMBERS = (
    "ecrRepositoryPrefix",
    "upstreamRegistryUrl",
    "createdAt",
    "registryId",
    "upstreamRegistry",
    "credentialArn",
    "customRoleArn",
    "upstreamRepositoryPrefix",
)
_DELETE_MEMBERS = (
    "ecrRepositoryPrefix",
    "upstreamRegistryUrl",
    "createdAt",
    "registryId",
    "credentialArn",
    "customRoleArn",
    "upstreamRepositoryPrefix",
)
_UPDATE_MEMBERS = (
    "ecrRepositoryPrefix",
    "registryId",
    "updatedAt",
    "credentialArn",
    "customRoleArn",
    "upstreamRepositoryPrefix",
)
_VALIDATE_MEMBERS = (
    "ecrRepositoryPrefix",
    "registryId",
    "upstreamRegistryUrl",
    "credentialArn",
    "customRoleArn",
    "upstreamRepositoryPrefix",
)


def _pick(rule: PullThroughCacheRule, members: tuple[str, ...]) -> dict[str, Any]:
    full = rule.to_api()
    return {name: full[name] for name in members if name in full}


@operation("CreatePullThroughCacheRule")
def create_pull_through_cache_rule(call: Call) -> dict[str, Any]:
    p = call.params
    rule = call.registry.pull_through.create_rule(
        p["ecrRepositoryPrefix"],
        p["upstreamRegistryUrl"],
        upstream_registry=p.get("upstreamRegistry"),
        credential_arn=p.get("credentialArn"),
        custom_role_arn=p.get("customRoleArn"),
        upstream_repository_prefix=p.get("upstreamRepositoryPrefix"),
    )
    return _pick(rule, _CREATE_MEMBERS)


@operation("DescribePullThroughCacheRules")
def describe_pull_through_cache_rules(call: Call) -> dict[str, Any]:
    p = call.params
    rules, token = call.registry.pull_through.describe_rules(
        p.get("ecrRepositoryPrefixes"), p.get("maxResults"), p.get("nextToken")
    )
    out: dict[str, Any] = {"pullThroughCacheRules": [rule.to_api() for rule in rules]}
    if token is not None:
        out["nextToken"] = token
    return out


@operation("UpdatePullThroughCacheRule")
def update_pull_through_cache_rule(call: Call) -> dict[str, Any]:
    p = call.params
    rule = call.registry.pull_through.update_rule(
        p["ecrRepositoryPrefix"], p.get("credentialArn"), p.get("customRoleArn")
    )
    return _pick(rule, _UPDATE_MEMBERS)


@operation("DeletePullThroughCacheRule")
def delete_pull_through_cache_rule(call: Call) -> dict[str, Any]:
    rule = call.registry.pull_through.delete_rule(call.params["ecrRepositoryPrefix"])
    return _pick(rule, _DELETE_MEMBERS)


@operation("ValidatePullThroughCacheRule")
def validate_pull_through_cache_rule(call: Call) -> dict[str, Any]:
    rule, failure = call.registry.pull_through.validate_rule(call.params["ecrRepositoryPrefix"])
    out = _pick(rule, _VALIDATE_MEMBERS)
    out["isValid"] = failure is None
    if failure is not None:
        out["failure"] = failure
    return out
