"""Which host names are ECR's: the API endpoints and the registry hosts (the socket guard's list)."""

from __future__ import annotations

import re

from ecrfake._aws import DNS_SUFFIXES, ECR_API_HOST_RE, LAYER_BUCKET_HOST_RE

__all__ = ["ECR_API_HOST_RE", "is_ecr_host"]

_SUFFIX = "(?:" + "|".join(re.escape(suffix) for suffix in DNS_SUFFIXES) + ")"

#: Every host name of ECR, API and registry: ``api.ecr.<region>.<suffix>``,
#: ``ecr[-fips].<region>.<suffix>``, ``<registry>.dkr.ecr[-fips].<region>.<suffix>`` and the
#: dual-stack registry ``[<registry>.]dkr-ecr[-fips].<region>.on.aws``, in every partition; and
#: what the fake also answers: Inspector2 (``inspector2[-fips].<region>.<suffix>``) and ECR's
#: layer bucket.
_ANY_ECR_HOST_RE = re.compile(
    r"^(?:(?:api\.)?ecr(?:-fips)?\.[a-z0-9-]+\."
    + _SUFFIX
    + r"|inspector2(?:-fips)?\.[a-z0-9-]+\."
    + _SUFFIX
    + "|"
    + LAYER_BUCKET_HOST_RE.pattern
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
