"""Repository and registry policies: Set/Get/DeleteRepositoryPolicy, Put/Get/DeleteRegistryPolicy.
The behaviour lives in :mod:`ecrfake.models.policies`.
"""

from __future__ import annotations

from typing import Any

from ecrfake._operations import Call, operation

__all__: list[str] = []


@operation("SetRepositoryPolicy")
def set_repository_policy(call: Call) -> dict[str, Any]:
    p = call.params
    return call.registry.policies.set_repository_policy(
        p["repositoryName"], p["policyText"], force=bool(p.get("force", False))
    )


@operation("GetRepositoryPolicy")
def get_repository_policy(call: Call) -> dict[str, Any]:
    return call.registry.policies.get_repository_policy(call.params["repositoryName"])


@operation("DeleteRepositoryPolicy")
def delete_repository_policy(call: Call) -> dict[str, Any]:
    return call.registry.policies.delete_repository_policy(call.params["repositoryName"])


@operation("PutRegistryPolicy")
def put_registry_policy(call: Call) -> dict[str, Any]:
    return call.registry.policies.put_registry_policy(call.params["policyText"])


@operation("GetRegistryPolicy")
def get_registry_policy(call: Call) -> dict[str, Any]:
    return call.registry.policies.get_registry_policy()


@operation("DeleteRegistryPolicy")
def delete_registry_policy(call: Call) -> dict[str, Any]:
    return call.registry.policies.delete_registry_policy()
