"""Repository resource tags: the checks CreateRepository and TagResource share.

botocore's model puts no constraint on ``Tag.Key``/``Tag.Value``; ECR documents them (keys up to 128
characters, values up to 256, at most 50 tags per repository) and applies AWS's general tagging
rules (the ``aws:`` prefix is reserved; letters, digits, spaces and ``_ . : / = + - @`` only). A
broken tag is ``InvalidTagParameterException``; too many is ``TooManyTagsException``. The message
texts are ecrfake's (real ones are not on record).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ecrfake.exceptions import (
    BadTagKeyCharacters,
    BadTagKeyLength,
    BadTagValueCharacters,
    BadTagValueLength,
    InvalidParameterException,
    ReservedTagKey,
    TooManyTagsException,
)

__all__ = ["MAX_TAGS", "check_tag_keys", "merged_tags", "parse_repository_arn", "tags_to_api"]

MAX_TAGS = 50
MAX_KEY = 128
MAX_VALUE = 256
_ALLOWED = re.compile(r"[\w\s.:/=+\-@]*")
_ARN = re.compile(
    r"arn:(?P<partition>aws(?:-[a-z]+)*):ecr:(?P<region>[a-z0-9-]+):(?P<account>[0-9]{12}):"
    r"repository/(?P<name>.+)"
)


def _check_key(key: str) -> None:
    if not 1 <= len(key) <= MAX_KEY:
        raise BadTagKeyLength(key=key, limit=MAX_KEY)
    if key.lower().startswith("aws:"):
        raise ReservedTagKey(key=key)
    if _ALLOWED.fullmatch(key) is None:
        raise BadTagKeyCharacters(key=key)


def _check_value(key: str, value: str) -> None:
    if len(value) > MAX_VALUE:
        raise BadTagValueLength(key=key, limit=MAX_VALUE)
    if _ALLOWED.fullmatch(value) is None:
        raise BadTagValueCharacters(key=key)


def check_tag_keys(keys: Iterable[str]) -> None:
    """Raise ``InvalidTagParameterException`` for the first key that breaks the rules."""
    for key in keys:
        _check_key(key)


def merged_tags(current: Mapping[str, str], new: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """``current`` with ``new`` API tags (``{"Key", "Value"}``) applied; a later key wins.

    Raises ``InvalidTagParameterException`` for a bad tag and ``TooManyTagsException`` when the
    result would hold more than 50 tags. ``current`` is not changed.
    """
    out = dict(current)
    for tag in new:
        key, value = tag["Key"], tag["Value"]
        _check_key(key)
        _check_value(key, value)
        out[key] = value
    if len(out) > MAX_TAGS:
        raise TooManyTagsException(count=len(out), limit=MAX_TAGS)
    return out


def tags_to_api(tags: Mapping[str, str]) -> list[dict[str, str]]:
    """The API's tag list, in the order the keys were first set."""
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def parse_repository_arn(arn: str) -> tuple[str, str, str]:
    """``(account, region, repository name)`` of an ECR repository ARN.

    Anything else is ``InvalidParameterException`` (the same text as moto; AWS's is not on record).
    """
    match = _ARN.fullmatch(arn)
    if match is None:
        raise InvalidParameterException(path="resourceArn", constraint="Invalid ARN")
    return match["account"], match["region"], match["name"]
