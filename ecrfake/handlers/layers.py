"""Layer operations: InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload,
BatchCheckLayerAvailability, GetDownloadUrlForLayer (the API Docker's ECR proxy uses)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from ecrfake._operations import Call, operation
from ecrfake.exceptions import InvalidParameterException

__all__: list[str] = []


@operation("InitiateLayerUpload")
def initiate_layer_upload(call: Call) -> dict[str, Any]:
    return call.registry.initiate_layer_upload(call.params["repositoryName"])


@operation("UploadLayerPart")
def upload_layer_part(call: Call) -> dict[str, Any]:
    p = call.params
    try:  # a blob member travels base64-encoded in the JSON body
        blob = base64.b64decode(p["layerPartBlob"], validate=True)
    except (binascii.Error, ValueError):
        raise InvalidParameterException(
            path="layerPartBlob", constraint="Member must be base64-encoded binary data"
        ) from None
    return call.registry.upload_layer_part(
        p["repositoryName"], p["uploadId"], p["partFirstByte"], p["partLastByte"], blob
    )


@operation("CompleteLayerUpload")
def complete_layer_upload(call: Call) -> dict[str, Any]:
    p = call.params
    return call.registry.complete_layer_upload(
        p["repositoryName"], p["uploadId"], p["layerDigests"]
    )


@operation("BatchCheckLayerAvailability")
def batch_check_layer_availability(call: Call) -> dict[str, Any]:
    p = call.params
    return call.registry.batch_check_layer_availability(p["repositoryName"], p["layerDigests"])


@operation("GetDownloadUrlForLayer")
def get_download_url_for_layer(call: Call) -> dict[str, Any]:
    p = call.params
    return call.registry.get_download_url_for_layer(p["repositoryName"], p["layerDigest"])
