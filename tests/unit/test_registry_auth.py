"""Registry passwords: issued by GetAuthorizationToken, checked by /v2/."""

from __future__ import annotations

import base64
import datetime

import pytest

from ecrfake.models.registry_auth import TOKEN_LIFETIME, AuthOutcome, AuthTokens

T0 = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


def test_issued_token_decodes_to_aws_user_and_expires_in_12_hours():
    tokens = AuthTokens()
    token, expires = tokens.issue(T0)
    assert base64.b64decode(token).decode().startswith("AWS:")
    assert expires - T0 == datetime.timedelta(hours=12) == TOKEN_LIFETIME


def test_check_issued_token_ok_until_expiry_then_expired():
    tokens = AuthTokens()
    token, expires = tokens.issue(T0)
    assert tokens.check(f"Basic {token}", expires - datetime.timedelta(seconds=1)) is AuthOutcome.OK
    assert tokens.check(f"Basic {token}", expires) is AuthOutcome.EXPIRED


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer abc",
        "Basic !!!notbase64",
        "Basic " + base64.b64encode(b"AWS:wrong").decode(),
        "Basic " + base64.b64encode(b"nocolon").decode(),
    ],
)
def test_check_missing_or_unknown_credentials_is_unauthorized(header):
    tokens = AuthTokens()
    tokens.issue(T0)
    assert tokens.check(header, T0) is AuthOutcome.UNAUTHORIZED


def test_check_right_password_wrong_user_is_unauthorized():
    tokens = AuthTokens()
    token, _ = tokens.issue(T0)
    password = base64.b64decode(token).decode().split(":", 1)[1]
    other = base64.b64encode(f"admin:{password}".encode()).decode()
    assert tokens.check(f"Basic {other}", T0) is AuthOutcome.UNAUTHORIZED
