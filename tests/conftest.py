"""Shared helpers. No autouse fake: each test activates ecrfake the way a user would.

The one autouse fixture checks every response ecrfake serialises during a test against botocore's
output shape for its operation, so a malformed response fails the suite wherever it appears.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest

from ecrfake import _dispatch

from ._shapes import shape_errors


@pytest.fixture(autouse=True)
def _check_response_shapes() -> Iterator[None]:
    problems: list[str] = []

    def observe(operation: str, result: dict[str, Any]) -> None:
        problems.extend(f"{operation}: {e}" for e in shape_errors(operation, result))

    previous = _dispatch.response_observer
    _dispatch.response_observer = observe
    try:
        yield
    finally:
        _dispatch.response_observer = previous
    assert not problems, "responses that do not match botocore's output shapes:\n" + "\n".join(
        problems
    )


def make_manifest(
    seed: str = "base",
    *,
    media_type: str = "application/vnd.docker.distribution.manifest.v2+json",
    config_media_type: str = "application/vnd.docker.container.image.v1+json",
    layer_sizes: tuple[int, ...] = (1000, 2000),
) -> str:
    """A schema-2 image manifest whose digest depends on ``seed``."""

    def digest(text: str) -> str:
        return "sha256:" + hashlib.sha256(text.encode()).hexdigest()

    doc = {
        "schemaVersion": 2,
        "mediaType": media_type,
        "config": {"mediaType": config_media_type, "size": 100, "digest": digest(seed + "/c")},
        "layers": [
            {
                "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "size": size,
                "digest": digest(f"{seed}/l{i}"),
            }
            for i, size in enumerate(layer_sizes)
        ],
    }
    return json.dumps(doc, indent=3)


def make_index(
    children: list[str], *, media_type: str = "application/vnd.oci.image.index.v1+json"
) -> str:
    """An image index (manifest list) over the given child manifests."""
    entries = [
        {
            "mediaType": json.loads(child).get(
                "mediaType", "application/vnd.oci.image.manifest.v1+json"
            ),
            "size": len(child),
            "digest": "sha256:" + hashlib.sha256(child.encode()).hexdigest(),
            "platform": {"architecture": arch, "os": "linux"},
        }
        for child, arch in zip(children, ("amd64", "arm64", "s390x", "ppc64le"), strict=False)
    ]
    return json.dumps({"schemaVersion": 2, "mediaType": media_type, "manifests": entries})


@pytest.fixture
def ecr(ecr_fake: Any) -> Any:
    """A boto3 ECR client in us-east-1, made while the fake is active."""
    return boto3.client("ecr", region_name="us-east-1")


@pytest.fixture
def push_image(ecr: Any) -> Callable[..., dict[str, Any]]:
    """push_image(repo, tag="latest", seed=None) -> the pushed image's imageId."""

    def push(
        repository: str, tag: str | None = "latest", seed: str | None = None, **kw: Any
    ) -> dict[str, Any]:
        manifest = kw.pop("manifest", None) or make_manifest(seed or f"{repository}:{tag}")
        args: dict[str, Any] = {"repositoryName": repository, "imageManifest": manifest, **kw}
        if tag is not None:
            args["imageTag"] = tag
        return ecr.put_image(**args)["image"]["imageId"]

    return push


def digest_of(manifest: str) -> str:
    """The image digest ECR gives a manifest: the sha256 of its bytes."""
    return "sha256:" + hashlib.sha256(manifest.encode()).hexdigest()


def code_and_message(exc: Any) -> tuple[str, str]:
    """(code, message) of a ``pytest.raises(ClientError)`` result."""
    err = exc.value.response["Error"]
    return err["Code"], err["Message"]


@pytest.fixture
def repo(ecr: Any) -> str:
    """A repository named ``app``, created through boto3."""
    ecr.create_repository(repositoryName="app")
    return "app"


@pytest.fixture
def sockets(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every name lookup and socket connect is refused and recorded."""
    import socket

    attempts: list[object] = []

    def refuse(self: Any, address: Any) -> None:
        attempts.append(address)
        raise ConnectionRefusedError(f"test guard: no network ({address!r})")

    def no_lookup(host: Any, *args: Any, **kwargs: Any) -> Any:
        attempts.append(host)
        raise socket.gaierror(f"test guard: no name lookups ({host!r})")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)
    return attempts


def sigv4_headers(region: str = "us-east-1") -> dict[str, str]:
    """A complete SigV4 ``Authorization`` (and date) for hand-made requests.

    ecrfake, like real ECR, refuses requests without one; it does not check the signature's value
    (any credentials are accepted), so a fixed one serves raw-request tests whose bodies are not
    worth signing.
    """
    return {
        "Authorization": (
            f"AWS4-HMAC-SHA256 Credential=AKIAECRFAKETEST00000/20250101/{region}/ecr/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0" * 64
        ),
        "X-Amz-Date": "20250101T000000Z",
    }
