"""Pull-through cache rule operations: Create/Describe/Update/Delete/ValidatePullThroughCacheRule.

Each output carries exactly the members its botocore output shape has, read from the model (they
differ per operation: DeletePullThroughCacheRule has no ``upstreamRegistry`` or ``updatedAt``,
UpdatePullThroughCacheRule no URL, ``upstreamRegistry`` or ``createdAt``).
"""

from __future__ import annotations

from typing import Any

from ecrfake import _service
from ecrfake._operations import Call, operation
from ecrfake.handlers._paging import page
from ecrfake.models.pull_through import PullThroughCacheRule

__all__: list[str] = []


def _pick(rule: PullThroughCacheRule, call: Call) -> dict[str, Any]:
    """The members of the rule that the operation's output shape has, in the caller's model."""
    full = rule.to_api()
    members = (
        call.model.output_shape.members
        if call.model is not None
        else _service.output_members(call.operation)
    )
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
    return _pick(rule, call)


@operation("DescribePullThroughCacheRules")
def describe_pull_through_cache_rules(call: Call) -> dict[str, Any]:
    p = call.params
    rules, token = call.registry.pull_through.describe_rules(
        p.get("ecrRepositoryPrefixes"), p.get("maxResults"), p.get("nextToken")
    )
    return page("pullThroughCacheRules", [rule.to_api() for rule in rules], token)


@operation("UpdatePullThroughCacheRule")
def update_pull_through_cache_rule(call: Call) -> dict[str, Any]:
    p = call.params
    rule = call.registry.pull_through.update_rule(
        p["ecrRepositoryPrefix"], p.get("credentialArn"), p.get("customRoleArn")
    )
    return _pick(rule, call)


@operation("DeletePullThroughCacheRule")
def delete_pull_through_cache_rule(call: Call) -> dict[str, Any]:
    rule = call.registry.pull_through.delete_rule(call.params["ecrRepositoryPrefix"])
    return _pick(rule, call)


@operation("ValidatePullThroughCacheRule")
def validate_pull_through_cache_rule(call: Call) -> dict[str, Any]:
    rule, failure = call.registry.pull_through.validate_rule(call.params["ecrRepositoryPrefix"])
    out = _pick(rule, call)
    out["isValid"] = failure is None
    if failure is not None:
        out["failure"] = failure
    return out
