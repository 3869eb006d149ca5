"""AWS naming that depends on the region: the partition of ARNs and the DNS suffix of endpoints.

One place for both, so repository ARNs, KMS key ARNs, Inspector finding ARNs, the ARNs a
pull-through rule's credential must match, repository URIs and ``proxyEndpoint`` all agree.
"""

from __future__ import annotations

__all__ = ["dns_suffix", "partition_of"]


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
