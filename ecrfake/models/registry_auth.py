"""The registry passwords GetAuthorizationToken hands out, and the check ``/v2/`` makes with them.

ECR's User Guide ("Private registry authentication"): the token decodes to ``AWS:<password>``, is
valid for 12 hours, and a Docker client sends it as HTTP Basic credentials to the registry host.
ECR answers a request without credentials (or with ones it does not know) ``401`` with its Basic
challenge and the body ``Not Authorized`` (quoted from real ECR in mdlavin/copy-docker-image#5 and
enix/kube-image-keeper#172), and a request with an expired token ``403`` ``DENIED`` "Your
authorization token has expired. Reauthenticate and try again." (ECR's "Common errors" page and the
``docker push`` transcripts quoting it).
"""

from __future__ import annotations

import base64
import binascii
import datetime
import secrets
from enum import Enum

__all__ = ["TOKEN_LIFETIME", "AuthOutcome", "AuthTokens"]

TOKEN_LIFETIME = datetime.timedelta(hours=12)


class AuthOutcome(Enum):
    OK = "ok"
    #: No credentials, not Basic, not ``AWS:<password>``, or a password this registry never issued.
    UNAUTHORIZED = "unauthorized"
    #: A password this registry issued, past its 12 hours.
    EXPIRED = "expired"


class AuthTokens:
    """The passwords one registry issued and when each expires."""

    def __init__(self) -> None:
        self._expiry: dict[str, datetime.datetime] = {}

    def issue(self, now: datetime.datetime) -> tuple[str, datetime.datetime]:
        """A new ``authorizationToken`` (base64 of ``AWS:<password>``) and its expiry."""
        password = base64.b64encode(secrets.token_bytes(48)).decode()
        expires = now + TOKEN_LIFETIME
        self._expiry[password] = expires
        return base64.b64encode(f"AWS:{password}".encode()).decode(), expires

    def check(self, authorization: str | None, now: datetime.datetime) -> AuthOutcome:
        """What an ``Authorization`` header gets from this registry at ``now``."""
        if not authorization:
            return AuthOutcome.UNAUTHORIZED
        scheme, _, value = authorization.strip().partition(" ")
        if scheme.lower() != "basic":
            return AuthOutcome.UNAUTHORIZED
        try:
            user, _, password = (
                base64.b64decode(value.strip(), validate=True).decode().partition(":")
            )
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return AuthOutcome.UNAUTHORIZED
        expires = self._expiry.get(password)
        if user != "AWS" or expires is None:
            return AuthOutcome.UNAUTHORIZED
        return AuthOutcome.OK if now < expires else AuthOutcome.EXPIRED
