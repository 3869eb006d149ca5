"""How large a request body the server takes, by route, and why.

A body past its limit is answered with HTTP 413 before it is read whole: a declared
``Content-Length`` over the limit is refused at once, and a chunked body is refused as soon as the
bytes received pass it. So no client can make the server hold more than one limit per request.

* ECR's JSON API: its largest legal request is ``UploadLayerPart``, whose ``layerPartBlob`` may be
  20,971,520 bytes (botocore's model and the API reference:
  https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_UploadLayerPart.html), sent base64
  encoded (4/3 larger) inside JSON. ``PutImage``'s ``imageManifest`` is at most 4,194,304
  characters; a larger one within the body limit gets ECR's own ``InvalidParameterException`` from
  validation, as in process.
* Inspector2's REST API: bodies are filter criteria and ARN lists; 4 MiB is far above any legal one.
* The registry's ``/v2/`` API: ECR allows layers up to 52,000 MiB (Amazon ECR service quotas:
  https://docs.aws.amazon.com/AmazonECR/latest/userguide/service-quotas.html), which an in-memory
  fake cannot hold; one request body (a monolithic blob upload or one chunk) is capped at
  ``--max-upload-mib`` (default 64 MiB).
* The control API: seeds are JSON lists of findings; 32 MiB holds tens of thousands.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MIB", "Limits"]

MIB = 1024 * 1024

_LAYER_PART_MAX = 20_971_520


def _base64_size(raw: int) -> int:
    return 4 * ((raw + 2) // 3)


@dataclass(frozen=True)
class Limits:
    """Body limits in bytes, by route."""

    ecr_api: int = _base64_size(_LAYER_PART_MAX) + MIB  # the base64 part plus the JSON around it
    inspector2_api: int = 4 * MIB
    registry_api: int = 64 * MIB
    control_api: int = 32 * MIB

    def for_route(self, route: str) -> int:
        return {
            "ecr": self.ecr_api,
            "inspector2": self.inspector2_api,
            "registry": self.registry_api,
            "control": self.control_api,
        }.get(route, self.ecr_api)
