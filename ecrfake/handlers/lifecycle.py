"""Lifecycle policies: Put/Get/DeleteLifecyclePolicy, Start/GetLifecyclePolicyPreview. The behaviour
lives in :mod:`ecrfake.models.lifecycle` (storage, preview) and
:mod:`ecrfake.models.lifecycle_rules` (validation, evaluation).
"""

from __future__ import annotations

from typing import Any

from ecrfake import _clock
from ecrfake._operations import Call, operation

__all__: list[str] = []


@operation("PutLifecyclePolicy")
def put_lifecycle_policy(call: Call) -> dict[str, Any]:
    p = call.params
    return call.registry.lifecycle.put(p["repositoryName"], p["lifecyclePolicyText"])


@operation("GetLifecyclePolicy")
def get_lifecycle_policy(call: Call) -> dict[str, Any]:
    return call.registry.lifecycle.get(call.params["repositoryName"])


@operation("DeleteLifecyclePolicy")
def delete_lifecycle_policy(call: Call) -> dict[str, Any]:
    return call.registry.lifecycle.delete(call.params["repositoryName"])


@operation("StartLifecyclePolicyPreview")
def start_lifecycle_policy_preview(call: Call) -> dict[str, Any]:
    p = call.params
    return call.registry.lifecycle.start_preview(
        p["repositoryName"], p.get("lifecyclePolicyText"), _clock.now()
    )


@operation("GetLifecyclePolicyPreview")
def get_lifecycle_policy_preview(call: Call) -> dict[str, Any]:
    p = call.params
    return call.registry.lifecycle.get_preview(
        p["repositoryName"],
        p.get("imageIds"),
        (p.get("filter") or {}).get("tagStatus"),
        p.get("maxResults"),
        p.get("nextToken"),
    )
