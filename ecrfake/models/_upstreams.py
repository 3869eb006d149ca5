"""Upstream registries of pull-through cache rules: URL forms, credentials, what they serve.

The URL forms are the ones the service model documents for ``upstreamRegistryUrl``; Chainguard's
(``cgr.dev``) is missing there and comes from Chainguard's own ECR guide. Everything here is pure:
it takes strings and returns strings or raises the ECR error a rule would get. The synthetic
manifest stands in for what an upstream serves when a test does not pass one.
"""

from __future__ import annotations

import hashlib
import json
import re

from ecrfake._aws import partition_of
from ecrfake.exceptions import (
    ForeignCredentialArn,
    ForeignRoleArn,
    MalformedCredentialArn,
    MalformedRoleArn,
    UnsupportedUpstreamRegistryException,
)

__all__ = [
    "CREDENTIAL_UPSTREAMS",
    "ROOT",
    "check_credential_arn",
    "check_custom_role_arn",
    "ecr_upstream_account",
    "synthetic_manifest",
    "upstream_of_url",
]

#: The keyword prefix that puts the cache namespace at the registry root.
ROOT = "ROOT"

#: Upstreams whose rules need a Secrets Manager secret (decision 15).
CREDENTIAL_UPSTREAMS = frozenset(
    {
        "docker-hub",
        "github-container-registry",
        "azure-container-registry",
        "gitlab-container-registry",
        "chainguard",
    }
)

_FIXED_HOSTS = {
    "public.ecr.aws": "ecr-public",
    "quay.io": "quay",
    "registry.k8s.io": "k8s",
    "registry-1.docker.io": "docker-hub",
    "ghcr.io": "github-container-registry",
    "registry.gitlab.com": "gitlab-container-registry",
    "cgr.dev": "chainguard",
}
_AZURE = re.compile(r"[a-z0-9]+\.azurecr\.io")
_ECR = re.compile(
    r"(?P<account>[0-9]{12})\.dkr\.ecr\.(?P<region>[a-z]{2}(-[a-z]+)+-[0-9]+)\.amazonaws\.com(\.cn)?"
)
_ROLE = re.compile(r"arn:aws(-[a-z]+)*:iam::(?P<account>[0-9]{12}):role/[\w+=,.@/-]+")


def upstream_of_url(url: str) -> str:
    """The ``upstreamRegistry`` value a URL stands for, or ``UnsupportedUpstreamRegistryException``."""
    upstream = _FIXED_HOSTS.get(url)
    if upstream is not None:
        return upstream
    if _AZURE.fullmatch(url):
        return "azure-container-registry"
    if _ECR.fullmatch(url):
        return "ecr"
    raise UnsupportedUpstreamRegistryException(url=url)


def ecr_upstream_account(url: str) -> str | None:
    """The account of an ``ecr`` upstream URL (None for any other URL)."""
    match = _ECR.fullmatch(url)
    return match.group("account") if match else None


def check_credential_arn(arn: str, account_id: str, region: str) -> None:
    """A ``credentialArn`` must name a secret in the rule's own partition, region and account.

    The model already enforced its pattern (``ecr-pullthroughcache/`` name, 50-612 characters);
    anything else is ``ValidationException`` (decision 15).
    """
    parts = arn.split(":", 6)
    if len(parts) != 7 or parts[5] != "secret":
        raise MalformedCredentialArn(arn=arn)
    _, partition, _, arn_region, arn_account, _, _ = parts
    if (partition, arn_region, arn_account) != (partition_of(region), region, account_id):
        raise ForeignCredentialArn(arn=arn, account=account_id, region=region)


def check_custom_role_arn(arn: str, account_id: str) -> None:
    """A ``customRoleArn`` must be an IAM role in the registry's own account (model doc)."""
    match = _ROLE.fullmatch(arn)
    if match is None:
        raise MalformedRoleArn(arn=arn)
    if match.group("account") != account_id:
        raise ForeignRoleArn(arn=arn, account=account_id)


def synthetic_manifest(upstream_url: str, upstream_repository: str, tag: str) -> str:
    """A schema-2 image manifest that depends only on where it came from (same pull, same digest)."""
    seed = f"{upstream_url}/{upstream_repository}:{tag}"

    def digest(part: str) -> str:
        return "sha256:" + hashlib.sha256(f"{seed}#{part}".encode()).hexdigest()

    def size(part: str, low: int, high: int) -> int:
        return low + int(digest(part + "/size")[7:15], 16) % (high - low)

    doc = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {
            "mediaType": "application/vnd.docker.container.image.v1+json",
            "size": size("config", 1_000, 10_000),
            "digest": digest("config"),
        },
        "layers": [
            {
                "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "size": size(f"layer{i}", 100_000, 30_000_000),
                "digest": digest(f"layer{i}"),
            }
            for i in range(2)
        ],
    }
    return json.dumps(doc, indent=3)
