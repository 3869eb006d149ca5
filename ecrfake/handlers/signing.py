"""Managed signing: Put/Get/DeleteSigningConfiguration, DescribeImageSigningStatus."""

from __future__ import annotations

from typing import Any

from ecrfake._operations import Call, operation

__all__: list[str] = []


@operation("PutSigningConfiguration")
def put_signing_configuration(call: Call) -> dict[str, Any]:
    rules = call.params["signingConfiguration"]["rules"]
    return {"signingConfiguration": call.registry.signing.put(rules)}


@operation("GetSigningConfiguration")
def get_signing_configuration(call: Call) -> dict[str, Any]:
    return {"registryId": call.registry_id, "signingConfiguration": call.registry.signing.get()}


@operation("DeleteSigningConfiguration")
def delete_signing_configuration(call: Call) -> dict[str, Any]:
    return {"registryId": call.registry_id, "signingConfiguration": call.registry.signing.delete()}


@operation("DescribeImageSigningStatus")
def describe_image_signing_status(call: Call) -> dict[str, Any]:
    p = call.params
    return call.registry.describe_image_signing_status(p["repositoryName"], p["imageId"])
