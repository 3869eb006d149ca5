"""Which service a request to the one endpoint is for, and the URL dispatch sees."""

from __future__ import annotations

import pytest

from ecrfake.server.routing import route_request

SCOPE = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/{region}/{service}/aws4_request, x"


def _route(path: str, **headers: str) -> tuple[str, str]:
    lowered = {k.replace("_", "-").lower(): v for k, v in headers.items()}
    route = route_request(path, path, lowered, "123456789012", "us-east-1")
    return route.service, route.url


def test_route_request_control_prefix_is_never_forwarded() -> None:
    assert _route("/_ecrfake/v1/fake/reset") == ("control", "/_ecrfake/v1/fake/reset")


def test_route_request_ecr_json_uses_the_signed_region() -> None:
    auth = SCOPE.format(region="eu-west-1", service="ecr")
    assert _route("/", authorization=auth) == ("ecr", "https://api.ecr.eu-west-1.amazonaws.com/")


def test_route_request_unsigned_goes_to_the_default_region() -> None:
    assert _route("/") == ("ecr", "https://api.ecr.us-east-1.amazonaws.com/")


def test_route_request_inspector2_by_signing_scope() -> None:
    auth = SCOPE.format(region="cn-north-1", service="inspector2")
    assert _route("/findings/list", authorization=auth) == (
        "inspector2",
        "https://inspector2.cn-north-1.amazonaws.com.cn/findings/list",
    )


@pytest.mark.parametrize(
    "host",
    [
        "111122223333.dkr.ecr.eu-central-1.localhost:8080",
        "111122223333.dkr.ecr.eu-central-1.amazonaws.com",
        "111122223333.dkr.ecr-fips.eu-central-1.example.test",
    ],
)
def test_route_request_registry_host_names_the_registry(host: str) -> None:
    assert _route("/v2/app/manifests/1.0", host=host) == (
        "registry",
        "https://111122223333.dkr.ecr.eu-central-1.amazonaws.com/v2/app/manifests/1.0",
    )


def test_route_request_v2_on_the_plain_address_is_the_default_registry() -> None:
    assert _route("/v2/", host="127.0.0.1:8080") == (
        "registry",
        "https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/",
    )


def test_route_request_v2_prefix_must_be_a_whole_segment() -> None:
    assert _route("/v2x", host="127.0.0.1")[0] == "ecr"
