"""AWS facts that depend on nothing else: partitions, DNS suffixes, ARNs, name and digest patterns.

One copy of each fact, so repository ARNs, KMS key ARNs, Inspector finding ARNs, the ARNs a
pull-through rule's credential must match, repository URIs, ``proxyEndpoint`` and the hosts the
interception answers all agree. A leaf module: it imports nothing from ecrfake.
"""

from __future__ import annotations

import re

__all__ = [
    "ACCOUNT_RE",
    "CONTENT_DIGEST_RE",
    "DIGEST_RE",
    "DNS_SUFFIXES",
    "ECR_API_HOST_RE",
    "INSPECTOR2_API_HOST_RE",
    "LAYER_BUCKET_HOST_RE",
    "LAYER_BUCKET_URL_RE",
    "REGION_RE",
    "REGISTRY_HOST_RE",
    "REGISTRY_URL_RE",
    "REPOSITORY_NAME_RE",
    "SIGNING_PROFILE_RE",
    "dns_suffix",
    "partition_of",
    "repository_arn",
]

#: The DNS suffixes of botocore's partitions (standard and dual-stack endpoints).
DNS_SUFFIXES = (
    "amazonaws.com",
    "amazonaws.com.cn",
    "api.aws",
    "api.amazonwebservices.com.cn",
    "c2s.ic.gov",
    "sc2s.sgov.gov",
    "csp.hci.ic.gov",
    "cloud.adc-e.uk",
    "amazonaws.eu",
    "api.amazonwebservices.eu",
    "api.aws.ic.gov",
    "api.aws.scloud",
)

_SUFFIX_ALTERNATION = "|".join(re.escape(suffix) for suffix in DNS_SUFFIXES)

#: A region name's form (``us-east-1``, ``cn-north-1``, ``us-gov-west-1``, ``eu-isoe-west-1``...),
#: the one copy every pattern below builds on.
_REGION = r"[a-z]{2,}(?:-[a-z]+)+-[0-9]+"

_REGISTRY_HOST = (
    r"(?P<account>[0-9]{12})\.(?:dkr\.ecr(?:-fips)?\.(?P<region>"
    + _REGION
    + r")\.(?:"
    + _SUFFIX_ALTERNATION
    + r")|dkr-ecr(?:-fips)?\.(?P<ds_region>"
    + _REGION
    + r")\.on\.aws)\.?"
)
_LAYER_BUCKET_HOST = (
    r"prod-(?P<region>"
    + _REGION
    + r")-starport-layer-bucket\.s3\.(?P=region)\.(?:"
    + _SUFFIX_ALTERNATION
    + r")"
)

#: The host and URL patterns, compiled on first use (``_aws.REGISTRY_URL_RE`` or an import of the
#: name): they are long alternations over every partition's suffix, and compiling them all took
#: half of ``import ecrfake``, though only interception and dispatch read them.
_LAZY_PATTERNS: dict[str, str] = {
    # ECR API endpoints as URLs: ``api.ecr.<region>.<suffix>``, ``ecr.<region>.<suffix>``, FIPS
    # (``ecr-fips``) and dual-stack. Not ``ecr-public`` and not the registry (``<id>.dkr.ecr...``).
    "ECR_API_HOST_RE": (
        r"^https?://(?:api\.)?ecr(?:-fips)?\.[a-z0-9-]+\.(?:"
        + _SUFFIX_ALTERNATION
        + r")\.?(?::\d+)?(?:[/?].*)?$"
    ),
    # A registry host: ``<account>.dkr.ecr.<region>.<suffix>``, FIPS (``dkr.ecr-fips``) and
    # dual-stack (``<account>.dkr-ecr[-fips].<region>.on.aws``), in every partition's suffix.
    "REGISTRY_HOST_RE": _REGISTRY_HOST,
    # A URL on a registry host (what the interception answers as the registry HTTP API).
    "REGISTRY_URL_RE": r"^https?://" + _REGISTRY_HOST + r"(?::\d+)?(?:[/?].*)?$",
    # ECR's layer bucket of a region, virtual-hosted (``prod-<region>-starport-layer-bucket``, the
    # bucket ECR's User Guide has VPC endpoint policies allow): GetDownloadUrlForLayer's URLs.
    "LAYER_BUCKET_HOST_RE": _LAYER_BUCKET_HOST,
    "LAYER_BUCKET_URL_RE": r"^https://" + _LAYER_BUCKET_HOST + r"(?:[/?].*)?$",
    # Amazon Inspector (``inspector2``) API endpoints as URLs, FIPS included; group 1 the region.
    "INSPECTOR2_API_HOST_RE": (
        r"^https?://inspector2(?:-fips)?\.([a-z0-9-]+)\.(?:"
        + _SUFFIX_ALTERNATION
        + r")\.?(?::\d+)?(?:[/?].*)?$"
    ),
}

# Declared for type checkers; module __getattr__ makes each on first use (all case-insensitive).
ECR_API_HOST_RE: re.Pattern[str]
REGISTRY_HOST_RE: re.Pattern[str]
REGISTRY_URL_RE: re.Pattern[str]
LAYER_BUCKET_HOST_RE: re.Pattern[str]
LAYER_BUCKET_URL_RE: re.Pattern[str]
INSPECTOR2_API_HOST_RE: re.Pattern[str]


def __getattr__(name: str) -> re.Pattern[str]:
    source = _LAZY_PATTERNS.get(name)
    if source is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    compiled = re.compile(source, re.IGNORECASE)
    globals()[name] = compiled  # from now on an ordinary module attribute
    return compiled


#: A 12-digit AWS account id.
ACCOUNT_RE = re.compile(r"^[0-9]{12}$")
#: An AWS region name (``us-east-1``, ``cn-north-1``, ``us-gov-west-1``, ``eu-isoe-west-1``...).
REGION_RE = re.compile(f"^{_REGION}$")
#: What ECR accepts as a digest in an image id (the form moto uses; AWS documents none).
DIGEST_RE = re.compile(r"^[a-zA-Z0-9\-_+.]+:[a-fA-F0-9]+$")
#: A content digest as registries compute them: sha256 (64 hex digits) or sha512 (128), lowercase.
CONTENT_DIGEST_RE = re.compile(r"^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$")
#: A repository name as the current ECR model's pattern has it (OCI distribution style).
REPOSITORY_NAME_RE = re.compile(
    r"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$"
)

#: An AWS Signer signing profile ARN (the pattern of ECR's ``SigningProfileArn``).
SIGNING_PROFILE_RE = re.compile(
    r"^arn:aws(-[a-z]+)*:signer:[a-z0-9-]+:[0-9]{12}:/signing-profiles/[a-zA-Z0-9_]{2,}$"
)


def partition_of(region: str) -> str:
    """The ARN partition of a region: ``aws-cn`` for China, ``aws-us-gov`` for GovCloud, else ``aws``."""
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def dns_suffix(region: str) -> str:
    """The DNS suffix of a region's ECR endpoints (``amazonaws.com.cn`` in China)."""
    return "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"


def repository_arn(account_id: str, region: str, name: str) -> str:
    """``arn:<partition>:ecr:<region>:<account>:repository/<name>``."""
    return f"arn:{partition_of(region)}:ecr:{region}:{account_id}:repository/{name}"
