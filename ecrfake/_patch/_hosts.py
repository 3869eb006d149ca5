"""Which hosts are ECR's: the API endpoints (answered) and the registry hosts (guarded)."""

from __future__ import annotations

import re

__all__ = ["DNS_SUFFIXES", "ECR_HOST_RE", "is_ecr_host"]

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

_SUFFIX = "(?:" + "|".join(re.escape(suffix) for suffix in DNS_SUFFIXES) + ")"

#: ECR API endpoints: ``api.ecr.<region>.<suffix>``, ``ecr.<region>.<suffix>``, FIPS
#: (``ecr-fips``) and dual-stack. Not ``ecr-public`` and not the registry (``<id>.dkr.ecr...``).
ECR_HOST_RE = re.compile(
    r"^https?://(?:api\.)?ecr(?:-fips)?\.[a-z0-9-]+\." + _SUFFIX + r"\.?(?::\d+)?(?:[/?].*)?$",
    re.IGNORECASE,
)

#: Every host name of ECR, API and registry: ``api.ecr.<region>.<suffix>``,
#: ``ecr[-fips].<region>.<suffix>``, ``<registry>.dkr.ecr[-fips].<region>.<suffix>`` and the
#: dual-stack registry ``[<registry>.]dkr-ecr[-fips].<region>.on.aws``.
_ANY_ECR_HOST_RE = re.compile(
    r"^(?:(?:api\.)?ecr(?:-fips)?\.[a-z0-9-]+\."
    + _SUFFIX
    + r"|(?:[a-z0-9-]+\.)?dkr\.ecr(?:-fips)?\.[a-z0-9-]+\."
    + _SUFFIX
    + r"|(?:[a-z0-9-]+\.)?dkr-ecr(?:-fips)?\.[a-z0-9-]+\.on\.aws)\.?$",
    re.IGNORECASE,
)


def is_ecr_host(host: object) -> bool:
    """Whether ``host`` (a name as given to ``getaddrinfo``, str or bytes) is one of ECR's."""
    if isinstance(host, (bytes, bytearray)):
        try:
            host = bytes(host).decode("ascii")
        except UnicodeDecodeError:
            return False
    return isinstance(host, str) and _ANY_ECR_HOST_RE.match(host) is not None
