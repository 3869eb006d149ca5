"""Which service a request to the server is for, and the URL the dispatcher sees for it.

A client points one endpoint URL (``http://127.0.0.1:PORT``) at the server for every service, so the
server tells them apart the way AWS's own hosts would, and hands the dispatcher the request as if it
had been sent to the real AWS host (the same URL the in-process ``requests`` path sees):

* ``/_ecrfake/...``: the control API (never forwarded).
* ``/v2`` and ``/v2/...``: the registry's Docker Registry HTTP API V2 / OCI distribution API. The
  registry is the one the ``Host`` header names when it has ECR's registry form
  (``<account>.dkr.ecr.<region>.<anything>[:port]``, e.g. ``123456789012.dkr.ecr.eu-west-1.localhost``,
  which resolves to loopback), and otherwise the server's default account and region.
* A request signed for ``inspector2`` (the service in its SigV4 credential scope): Inspector2's REST
  API at ``inspector2.<region>.<suffix>``.
* Everything else: ECR's JSON API at ``api.ecr.<region>.<suffix>`` (routed by ``X-Amz-Target``).

The region is the SigV4 credential scope's, else the server's default.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ecrfake._aws import dns_suffix

__all__ = ["CONTROL_PREFIX", "Route", "route_request"]

CONTROL_PREFIX = "/_ecrfake/"

_SCOPE_RE = re.compile(r"Credential=[^/,\s]+/\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request")
_REGISTRY_HOST_RE = re.compile(
    r"^(?P<account>[0-9]{12})\.dkr\.ecr(?:-fips)?\.(?P<region>[a-z]{2,}(?:-[a-z0-9]+)+)(?:\.|:|$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Route:
    """``service`` is ``control``, ``registry``, ``inspector2`` or ``ecr``; ``url`` what dispatch sees."""

    service: str
    url: str


def _scope(headers: Mapping[str, str]) -> tuple[str, str] | None:
    auth = headers.get("authorization")
    if not auth:
        return None
    match = _SCOPE_RE.search(auth)
    return (match.group(1), match.group(2)) if match else None


def route_request(
    path: str,
    target: str,
    headers: Mapping[str, str],
    default_account: str,
    default_region: str,
) -> Route:
    """The route of a request: ``path`` is its path, ``target`` its path and query as sent.

    ``headers`` must be looked up case-insensitively with lower-case names.
    """
    if path.startswith(CONTROL_PREFIX):
        return Route("control", target)
    scope = _scope(headers)
    region = scope[0] if scope is not None else default_region
    if path == "/v2" or path.startswith("/v2/"):
        host = headers.get("host") or ""
        match = _REGISTRY_HOST_RE.match(host)
        if match is not None:
            account, region = match.group("account"), match.group("region").lower()
        else:
            account, region = default_account, default_region
        return Route("registry", f"https://{account}.dkr.ecr.{region}.{dns_suffix(region)}{target}")
    if scope is not None and scope[1] == "inspector2":
        return Route("inspector2", f"https://inspector2.{region}.{dns_suffix(region)}{target}")
    return Route("ecr", f"https://api.ecr.{region}.{dns_suffix(region)}{target}")
