"""The S3 presigned URLs GetDownloadUrlForLayer returns, and S3's answers to them.

ECR keeps layers in an S3 bucket of its own per region, ``prod-<region>-starport-layer-bucket``
(the bucket ECR's User Guide tells VPC endpoint policies to allow), and GetDownloadUrlForLayer
answers a SigV4 presigned GET URL of it. ecrfake builds URLs of that shape: the virtual-hosted
bucket host of the region, an object key, and the ``X-Amz-*`` query of a SigV4 presign (algorithm,
credential scope, date, expiry, signed headers, security token, signature). The signature is an
HMAC under a key that lives only in this process, so a URL the fake did not issue, or one edited
afterwards, is refused as S3 refuses it.

S3's answers (its XML error form): ``403 AccessDenied`` ``Request has expired`` (with
``X-Amz-Expires``, ``Expires``, ``ServerTime``) once the expiry has passed, as quoted from real S3 in
aws/aws-sdk-php#1333 and aws/aws-sdk-js#3493; ``403 SignatureDoesNotMatch`` for a tampered URL;
``404 NoSuchKey`` when the object is gone. ECR does not document how long its URLs live; ecrfake
gives them :data:`EXPIRES_SECONDS` (one hour), written in the docs' behaviour notes.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit
from xml.sax.saxutils import escape

from ecrfake._aws import LAYER_BUCKET_HOST_RE

__all__ = [
    "EXPIRES_SECONDS",
    "Presigned",
    "S3Error",
    "build_url",
    "verify_url",
]

#: How long a download URL is valid (ecrfake's choice; see the module docstring).
EXPIRES_SECONDS = 3600
_KEY = secrets.token_bytes(32)
_ACCESS_KEY = "ASIAECRFAKELAYERBKT0"
_TOKEN = "IQoJb3JpZ2luX2VjEEcaCWVjcmZha2UtbGF5ZXItYnVja2V0"  # looks like an STS session token
_DATE_FORMAT = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class Presigned:
    """What a valid download URL names."""

    region: str
    account_id: str
    key: str


class S3Error(Exception):
    """An S3 error answer: status and the XML body S3 sends."""

    def __init__(self, status: int, code: str, message: str, **extra: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra

    def body(self) -> bytes:
        fields = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in self.extra.items())
        request_id = uuid.uuid4().hex[:16].upper()
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{self.code}</Code><Message>{escape(self.message)}</Message>{fields}"
            f"<RequestId>{request_id}</RequestId><HostId>{secrets.token_urlsafe(48)}</HostId>"
            "</Error>"
        ).encode()


def _signature(host: str, path: str, date: str, expires: str) -> str:
    text = f"GET\n{host}\n{path}\n{date}\n{expires}".encode()
    return hmac.new(_KEY, text, hashlib.sha256).hexdigest()


def build_url(
    account_id: str, region: str, dns_suffix: str, key: str, now: datetime.datetime
) -> str:
    """A presigned GET URL of object ``key`` for ``account_id``'s layers in ``region``."""
    host = f"prod-{region}-starport-layer-bucket.s3.{region}.{dns_suffix}"
    path = f"/{hashlib.sha256(account_id.encode()).hexdigest()[:4]}-{account_id}-{key}"
    date = now.astimezone(datetime.timezone.utc).strftime(_DATE_FORMAT)
    expires = str(EXPIRES_SECONDS)
    query = {
        "X-Amz-Security-Token": _TOKEN,
        "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
        "X-Amz-Date": date,
        "X-Amz-SignedHeaders": "host",
        "X-Amz-Expires": expires,
        "X-Amz-Credential": f"{_ACCESS_KEY}/{date[:8]}/{region}/s3/aws4_request",
        "X-Amz-Signature": _signature(host, path, date, expires),
    }
    return f"https://{host}{path}?{urlencode(query)}"


_PATH_RE = re.compile(r"/[0-9a-f]{4}-(?P<account>\d{12})-(?P<key>[0-9a-f-]{36})")


def verify_url(url: str, now: datetime.datetime) -> Presigned:
    """What ``url`` names, or the :class:`S3Error` S3 would answer it with."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    region_match = LAYER_BUCKET_HOST_RE.fullmatch(host)
    query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    path_match = _PATH_RE.fullmatch(parts.path)
    needed = ("X-Amz-Date", "X-Amz-Expires", "X-Amz-Signature")
    if region_match is None or any(k not in query for k in needed):
        raise S3Error(403, "AccessDenied", "Access Denied")
    date, expires = query["X-Amz-Date"], query["X-Amz-Expires"]
    good = _signature(host, parts.path, date, expires)
    if path_match is None or not hmac.compare_digest(good, query["X-Amz-Signature"]):
        raise S3Error(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. "
            "Check your key and signing method.",
        )
    signed = datetime.datetime.strptime(date, _DATE_FORMAT).replace(tzinfo=datetime.timezone.utc)
    ends = signed + datetime.timedelta(seconds=int(expires))
    if now >= ends or now < signed - datetime.timedelta(minutes=15):
        expired = now >= ends
        raise S3Error(
            403,
            "AccessDenied",
            "Request has expired" if expired else "Request is not yet valid",
            **{"X-Amz-Expires": expires} if expired else {"X-Amz-Date": date},
            Expires=ends.strftime("%Y-%m-%dT%H:%M:%SZ"),
            ServerTime=now.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
    return Presigned(
        region=region_match["region"], account_id=path_match["account"], key=path_match["key"]
    )


def no_such_key(url: str) -> S3Error:
    """S3's answer for a key that names nothing (any more)."""
    return S3Error(
        404, "NoSuchKey", "The specified key does not exist.", Key=urlsplit(url).path[1:]
    )
