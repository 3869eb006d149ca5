"""The presigned layer URLs and S3's answers to them."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from ecrfake.models import presign

T0 = datetime.datetime(2026, 1, 1, 12, 0, tzinfo=datetime.timezone.utc)
KEY = "0c3e6b2a-1111-4222-8333-444455556666"


def url(region="us-east-1", suffix="amazonaws.com"):
    return presign.build_url("123456789012", region, suffix, KEY, T0)


def test_build_url_is_shaped_like_an_s3_sigv4_presign_of_ecrs_layer_bucket():
    parts = urlsplit(url())
    query = parse_qs(parts.query)
    assert parts.hostname == "prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com"
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == [str(presign.EXPIRES_SECONDS)]
    assert query["X-Amz-Date"] == ["20260101T120000Z"]
    assert query["X-Amz-Credential"][0].endswith("/20260101/us-east-1/s3/aws4_request")
    assert len(query["X-Amz-Signature"][0]) == 64


def test_verify_url_within_expiry_names_account_region_and_key():
    found = presign.verify_url(url(), T0 + datetime.timedelta(minutes=59))
    assert found == presign.Presigned("us-east-1", "123456789012", KEY)


def test_verify_url_china_partition_host():
    found = presign.verify_url(url("cn-north-1", "amazonaws.com.cn"), T0)
    assert found.region == "cn-north-1"


def test_verify_url_after_expiry_is_access_denied_request_has_expired():
    with pytest.raises(presign.S3Error) as err:
        presign.verify_url(url(), T0 + datetime.timedelta(hours=1))
    body = err.value.body().decode()
    assert err.value.status == 403
    assert "<Code>AccessDenied</Code><Message>Request has expired</Message>" in body
    assert "<X-Amz-Expires>3600</X-Amz-Expires>" in body
    assert "<Expires>2026-01-01T13:00:00Z</Expires>" in body
    assert "<ServerTime>2026-01-01T13:00:00Z</ServerTime>" in body


def test_verify_url_tampered_is_signature_does_not_match():
    tampered = url().replace("X-Amz-Expires=3600", "X-Amz-Expires=9999")
    with pytest.raises(presign.S3Error) as err:
        presign.verify_url(tampered, T0)
    assert (err.value.status, err.value.code) == (403, "SignatureDoesNotMatch")


def test_verify_url_without_signature_is_access_denied():
    with pytest.raises(presign.S3Error) as err:
        presign.verify_url(url().split("?")[0], T0)
    assert (err.value.status, err.value.code) == (403, "AccessDenied")


def test_no_such_key_is_404_with_the_key():
    err = presign.no_such_key(url())
    assert err.status == 404
    assert KEY in err.body().decode()
