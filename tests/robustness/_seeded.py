"""Seeded values and hostile text for the request strategies.

:func:`seeded_hints` gives, by botocore shape name, values that exist in the seeded state (or are
well-formed for it): repository names, tags, digests, image ids, manifests, rule prefixes, upstream
URLs, credential ARNs and ``nextToken``s shaped like the fake's own.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from ..conftest import make_index, make_manifest

__all__ = [
    "DEFAULT_ACCOUNT",
    "Seeds",
    "Strategy",
    "b64_text",
    "dumps",
    "json_values",
    "odd_text",
    "seeded_hints",
]

DEFAULT_ACCOUNT = "123456789012"

Strategy = st.SearchStrategy[Any]

MEDIA_TYPES = (
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v1+prettyjws",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
)
CONFIG_MEDIA_TYPES = (
    "application/vnd.docker.container.image.v1+json",
    "application/vnd.oci.image.config.v1+json",
    "application/vnd.cncf.helm.config.v1+json",
    "application/vnd.dev.cosign.artifact.sig.v1+json",
)
UPSTREAM_URLS = (
    "public.ecr.aws",
    "quay.io",
    "registry.k8s.io",
    "registry-1.docker.io",
    "ghcr.io",
    "myregistry.azurecr.io",
    "registry.gitlab.com",
    "cgr.dev",
    "210987654321.dkr.ecr.us-west-2.amazonaws.com",
)


@dataclass(frozen=True)
class Seeds:
    """Values that exist in the state seeded before each fuzzed request."""

    repositories: tuple[str, ...]
    tags: tuple[str, ...]
    manifests: tuple[str, ...]
    prefixes: tuple[str, ...]
    account: str = DEFAULT_ACCOUNT

    @property
    def digests(self) -> tuple[str, ...]:
        return tuple("sha256:" + hashlib.sha256(m.encode()).hexdigest() for m in self.manifests)


def odd_text(max_size: int = 12) -> Strategy:
    """Text that is legal JSON but hostile: surrogates, NUL, controls, bidi, combining, emoji."""
    odd_chars = st.one_of(
        st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),  # lone surrogates
        st.sampled_from(["\x00", "\n", "\t", "\u202e", "\u200b", "\ufeff", "\u0301", "🐳", "/"]),
        st.characters(),
    )
    return st.text(alphabet=odd_chars, min_size=1, max_size=max_size)


def json_values(max_leaves: int = 6) -> Strategy:
    """Any JSON value (used where the model expects something else, and for unknown members)."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=10),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=max_leaves,
    )


def seeded_hints(s: Seeds) -> dict[str, Strategy]:
    """Good values by shape name, mostly taken from the seeded state."""
    hex64 = st.binary(min_size=32, max_size=32).map(lambda b: "sha256:" + b.hex())
    new_manifest = st.builds(
        make_manifest,
        st.text(alphabet="abcdef0123456789", min_size=1, max_size=8),
        media_type=st.sampled_from(MEDIA_TYPES[:1] + MEDIA_TYPES[4:5]),
        config_media_type=st.sampled_from(CONFIG_MEDIA_TYPES),
        layer_sizes=st.lists(st.integers(0, 2**40), max_size=3).map(tuple),
    )
    odd_manifest = st.builds(
        lambda text, depth: (
            "[" * depth + dumps({"schemaVersion": 2, "note": text}, False) + "]" * depth
        ),
        odd_text(),
        st.sampled_from([0, 0, 1, 5_000]),
    )
    index = st.lists(st.sampled_from(s.manifests), min_size=1, max_size=3).map(make_index)
    image_ids = [{"imageTag": t} for t in s.tags] + [{"imageDigest": d} for d in s.digests]
    broken_index = st.lists(new_manifest, min_size=1, max_size=2).map(make_index)
    secret = st.from_regex(r"[a-zA-Z0-9/_+=.@-]{1,30}", fullmatch=True)
    regions = st.sampled_from(["us-east-1", "eu-west-1", "us-west-2"])
    accounts = st.sampled_from([s.account, "210987654321"])
    return {
        "RegistryId": st.sampled_from([s.account] * 4 + ["210987654321"]),
        # the first seeded repository holds most seeded images: favour it
        "RepositoryName": st.sampled_from(
            (s.repositories[0],) * 4 + s.repositories + tuple(p + "/x" for p in s.prefixes)
        ),
        "ImageTag": st.sampled_from(s.tags),
        "ImageDigest": st.one_of(st.sampled_from(s.digests), hex64),
        "ImageIdentifier": st.sampled_from(image_ids),
        "NextToken": _tokens(s),
        "Arn": st.sampled_from(
            [f"arn:aws:ecr:us-east-1:{s.account}:repository/{r}" for r in s.repositories]
        ),
        "ImageManifest": st.one_of(
            new_manifest,
            new_manifest,
            st.sampled_from(s.manifests),
            odd_manifest,
            index,
            broken_index,
            json_values().map(dumps),
        ),
        "MediaType": st.sampled_from(MEDIA_TYPES),
        "PullThroughCacheRuleRepositoryPrefix": st.sampled_from(
            s.prefixes + tuple(p + "/" for p in s.prefixes) + ("ROOT",)
        ),
        "Url": st.sampled_from(UPSTREAM_URLS),
        "CredentialArn": st.builds(
            "arn:aws:secretsmanager:{}:{}:secret:ecr-pullthroughcache/{}".format,
            regions,
            accounts,
            secret,
        ),
        "CustomRoleArn": st.builds("arn:aws:iam::{}:role/{}".format, accounts, secret),
        "ScanningRepositoryFilterValue": st.sampled_from(
            ("*", "seeded*", "*app*", "ptc/*", *s.repositories)
        ),
        # replication, creation templates, pull-time exclusions (#12)
        "Region": st.sampled_from(["us-west-2", "eu-west-1", "us-east-1", "cn-north-1"]),
        "RepositoryFilterValue": st.sampled_from(("seeded", "se", *s.repositories)),
        "Prefix": st.sampled_from(("ROOT", "ptc", "ptc/", "seeded", "new-prefix")),
        "PrincipalArn": st.builds("arn:aws:iam::{}:role/{}".format, accounts, secret),
        "ReplicationBackfillId": st.uuids().map(str),
        "LifecyclePolicyTextForRepositoryCreationTemplate": st.sampled_from(
            ('{"rules": []}', "[]", "{not json")
        ),
    }


def _tokens(s: Seeds) -> Strategy:
    """Tokens shaped like the fake's own, for the right and wrong operations and scopes."""
    region = "us-east-1"
    scopes = [f"{s.account}/{region}", ""]
    scopes += [f"arn:aws:ecr:{region}:{s.account}:repository/{r}" for r in s.repositories]
    scopes += [f"{s.repositories[0]}@{d}/{t}" for d in s.digests for t in ("BASIC", "ENHANCED")]
    operations = [
        "DescribeImages",
        "ListImages",
        "DescribeRepositories",
        "DescribePullThroughCacheRules",
        "DescribeImageScanFindings",
    ]
    shaped = st.tuples(
        st.sampled_from(operations),
        st.sampled_from(scopes),
        st.one_of(st.integers(-5, 50), st.integers(-(2**70), 2**70)),
    ).map(lambda t: _b64([t[0], t[1], t[2]]))
    odd = st.one_of(json_values(4), st.just([[[[[]]]]])).map(_b64)
    deep = st.integers(1_000, 50_000).map(lambda n: b64_text("[" * n))
    return st.one_of(shaped, odd, deep)


def _b64(value: Any) -> str:
    return b64_text(dumps(value))


def b64_text(text: str) -> str:
    """``text`` as unpadded URL-safe base64 (the form of the fake's ``nextToken``)."""
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def dumps(value: Any, ensure_ascii: bool = True) -> str:
    """``json.dumps`` (``ensure_ascii=False`` keeps lone surrogates as raw characters)."""
    return json.dumps(value, ensure_ascii=ensure_ascii)
