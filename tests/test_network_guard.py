"""The socket guard: while a fake is active no ECR host is looked up or connected to, whatever
the client stack. These clients bypass every seam ecrfake answers (botocore, aiobotocore,
``requests``), so only the guard stands between them and AWS.
"""

from __future__ import annotations

import http.client
import socket
import urllib.request

import pytest

from ecrfake import EcrFakeError, mock_ecr_scanning
from ecrfake._patch import is_ecr_host
from ecrfake.exceptions import EcrFakeNetworkError


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Records every name lookup that gets past the guard (and refuses it: no real DNS)."""
    seen: list[object] = []

    def record(host, *args, **kwargs):
        seen.append(host)
        raise socket.gaierror(f"test: no lookups ({host!r})")

    monkeypatch.setattr(socket, "getaddrinfo", record)
    return seen


def test_http_client_to_the_ecr_api_is_stopped_before_any_lookup(lookups):
    with mock_ecr_scanning():
        conn = http.client.HTTPSConnection("api.ecr.us-east-1.amazonaws.com", timeout=5)
        with pytest.raises(EcrFakeNetworkError) as exc:
            conn.request("POST", "/", body=b"{}")
    assert lookups == []
    assert exc.value.host == "api.ecr.us-east-1.amazonaws.com"
    assert "http" in exc.value.stack.split(" <- ")
    assert "'api.ecr.us-east-1.amazonaws.com'" in str(exc.value)
    assert "Nothing was looked up or sent" in str(exc.value)
    assert isinstance(exc.value, EcrFakeError)  # and not an OSError that clients would retry
    assert not isinstance(exc.value, OSError)


def test_urllib_to_a_registry_host_is_stopped_and_names_the_stack(lookups):
    with mock_ecr_scanning(), pytest.raises(EcrFakeNetworkError) as exc:
        urllib.request.urlopen("https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/")
    assert lookups == []
    assert exc.value.host == "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
    assert "urllib" in exc.value.stack


def test_create_connection_to_an_ecr_host_is_stopped(lookups):
    with mock_ecr_scanning(), pytest.raises(EcrFakeNetworkError):
        socket.create_connection(("ecr.cn-north-1.amazonaws.com.cn", 443), timeout=1)
    assert lookups == []


def test_other_hosts_are_looked_up_as_usual(lookups):
    with mock_ecr_scanning():
        with pytest.raises(socket.gaierror):
            socket.getaddrinfo("example.com", 443)
        with pytest.raises(socket.gaierror):
            socket.getaddrinfo("api.ecr-public.us-east-1.amazonaws.com", 443)  # not this fake's
    assert lookups == ["example.com", "api.ecr-public.us-east-1.amazonaws.com"]


def test_the_guard_is_gone_after_stop(lookups):
    with mock_ecr_scanning():
        pass
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("api.ecr.us-east-1.amazonaws.com", 443)
    assert lookups == ["api.ecr.us-east-1.amazonaws.com"]


def test_the_guard_under_a_monkeypatch_made_inside_the_fake_is_disabled_after_stop():
    # A monkeypatch taken while the fake is active saves the guard and puts it back at teardown,
    # after the fake stopped: the guard must then pass everything through, and not pile up.
    mp = pytest.MonkeyPatch()
    with mock_ecr_scanning():
        mp.setattr(socket, "getaddrinfo", socket.getaddrinfo)
    mp.undo()
    leftover = socket.getaddrinfo
    assert not leftover._ecrfake_seam.enabled
    with mock_ecr_scanning():
        with pytest.raises(EcrFakeNetworkError):
            socket.getaddrinfo("api.ecr.us-east-1.amazonaws.com", 443)
        assert socket.getaddrinfo._ecrfake_seam.original is leftover._ecrfake_seam.original
    socket.getaddrinfo = leftover._ecrfake_seam.original  # clean up for the other tests


@pytest.mark.parametrize(
    "host",
    [
        "api.ecr.us-east-1.amazonaws.com",
        "API.ECR.US-EAST-1.AMAZONAWS.COM.",
        "ecr.us-west-2.amazonaws.com",
        "ecr-fips.us-gov-west-1.amazonaws.com",
        "api.ecr-fips.us-east-2.amazonaws.com",
        "ecr.eu-west-3.api.aws",
        "ecr.cn-northwest-1.api.amazonwebservices.com.cn",
        "api.ecr.us-iso-east-1.c2s.ic.gov",
        "api.ecr.us-isob-east-1.sc2s.sgov.gov",
        "api.ecr.eu-isoe-west-1.cloud.adc-e.uk",
        "api.ecr.us-isof-south-1.csp.hci.ic.gov",
        "ecr.eusc-de-east-1.amazonaws.eu",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com",
        "123456789012.dkr.ecr-fips.us-east-1.amazonaws.com",
        "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn",
        "123456789012.dkr-ecr.us-east-1.on.aws",
        b"api.ecr.us-east-1.amazonaws.com",
        "inspector2.eu-west-1.amazonaws.com",
        "prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com",
    ],
)
def test_is_ecr_host_every_partition_and_form(host):
    assert is_ecr_host(host)


@pytest.mark.parametrize(
    "host",
    [
        "example.com",
        "api.ecr-public.us-east-1.amazonaws.com",
        "s3.us-east-1.amazonaws.com",
        "ecr.us-east-1.amazonaws.com.evil.example",
        "127.0.0.1",
        None,
        b"\xff",
    ],
)
def test_is_ecr_host_others(host):
    assert not is_ecr_host(host)
