"""Opaque ``nextToken`` values.

A token names the operation and the collection it was issued for and where to resume; a token that
ecrfake did not issue, or issued for another operation or collection, is
``InvalidParameterException`` (decision 12).
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from ecrfake.exceptions import InvalidParameterException

__all__ = ["DEFAULT_PAGE", "decode_token", "encode_token", "page_size", "reject_paging_with_ids"]

#: ECR's default page: "up to 100 results" when maxResults is not given.
DEFAULT_PAGE = 100


def encode_token(operation: str, scope: str, after: int) -> str:
    raw = json.dumps([operation, scope, after], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str | None, operation: str, scope: str) -> int:
    """Where to resume (0 when ``token`` is None)."""
    if token is None:
        return 0
    try:
        padded = token + "=" * (-len(token) % 4)
        op, sc, after = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError, binascii.Error, UnicodeError, RecursionError):
        op = sc = after = None
    if (
        op != operation
        or sc != scope
        or not isinstance(after, int)
        or isinstance(after, bool)
        or after < 0
    ):
        raise InvalidParameterException(
            path="nextToken", constraint="The token is not valid for this request"
        )
    return after


def page_size(max_results: int | None) -> int:
    return DEFAULT_PAGE if max_results is None else max_results


def reject_paging_with_ids(params: dict[str, Any], ids_member: str) -> None:
    """``imageIds``/``repositoryNames`` cannot be combined with ``nextToken``/``maxResults``.

    ``InvalidParameterException`` (decision 12); the text is ecrfake's.
    """
    if params.get(ids_member) is None:
        return
    for member in ("maxResults", "nextToken"):
        if params.get(member) is not None:
            raise InvalidParameterException(
                path=member, constraint=f"{member} cannot be used when {ids_member} is specified"
            )
