"""Registry-level reads: DescribeRegistry and GetAuthorizationToken."""

from __future__ import annotations

from typing import Any

from ecrfake._operations import Call, operation

__all__: list[str] = []


@operation("DescribeRegistry")
def describe_registry(call: Call) -> dict[str, Any]:
    return call.registry.describe_registry()


@operation("GetAuthorizationToken")
def get_authorization_token(call: Call) -> dict[str, Any]:
    ids = call.params.get("registryIds") or [call.registry_id]
    return {"authorizationData": call.state.authorization_data(ids, call.registry.region)}
