"""Helpers shared by the data-path tests: layer bytes, manifests over them, /v2/ calls."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
import requests

from ecrfake import _service

ACCOUNT = "123456789012"
HOST = f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com"
BASE = f"https://{HOST}"
MIB = 1024 * 1024
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"


def sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def auth(ecr: Any) -> dict[str, str]:
    """Basic credentials from GetAuthorizationToken, as a Docker client sends them."""
    token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
    return {"Authorization": f"Basic {token}"}


def upload_layer(ecr: Any, repository: str, data: bytes, part: int = 5 * MIB) -> str:
    """Upload ``data`` through the layer API in parts of ``part`` bytes; returns its digest."""
    upload_id = ecr.initiate_layer_upload(repositoryName=repository)["uploadId"]
    for first in range(0, len(data), part):
        chunk = data[first : first + part]
        ecr.upload_layer_part(
            repositoryName=repository,
            uploadId=upload_id,
            partFirstByte=first,
            partLastByte=first + len(chunk) - 1,
            layerPartBlob=chunk,
        )
    return ecr.complete_layer_upload(
        repositoryName=repository, uploadId=upload_id, layerDigests=[sha(data)]
    )["layerDigest"]


def manifest_over(
    config: bytes, layers: list[bytes], *, media_type: str = OCI_MANIFEST, **extra: Any
) -> str:
    """An image manifest whose config and layers are these bytes."""
    oci = media_type == OCI_MANIFEST
    doc: dict[str, Any] = {
        "schemaVersion": 2,
        "mediaType": media_type,
        "config": {
            "mediaType": "application/vnd.oci.image.config.v1+json"
            if oci
            else "application/vnd.docker.container.image.v1+json",
            "digest": sha(config),
            "size": len(config),
        },
        "layers": [
            {
                "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip"
                if oci
                else "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "digest": sha(layer),
                "size": len(layer),
            }
            for layer in layers
        ],
        **extra,
    }
    return json.dumps(doc)


def put_blob(headers: dict[str, str], repository: str, data: bytes) -> requests.Response:
    """A monolithic /v2/ upload (POST with ``digest``)."""
    return requests.post(
        f"{BASE}/v2/{repository}/blobs/uploads/?digest={sha(data)}", data=data, headers=headers
    )


def put_manifest(
    headers: dict[str, str], repository: str, reference: str, manifest: str, media: str
) -> requests.Response:
    return requests.put(
        f"{BASE}/v2/{repository}/manifests/{reference}",
        data=manifest.encode(),
        headers={**headers, "Content-Type": media},
    )


def requires_operations(*names: str) -> pytest.MarkDecorator:
    """Skip where the installed botocore is older than these operations (its clients cannot send
    them; newer botocore releases run the tests)."""
    missing = [n for n in names if _service.operation_model(n) is None]
    return pytest.mark.skipif(
        bool(missing), reason=f"botocore {_botocore_version()} lacks {', '.join(missing)}"
    )


def _botocore_version() -> str:
    import botocore

    return str(botocore.__version__)
