"""Lifecycle policy texts: parse and validate them as ECR does, and evaluate them against images.

This module is pure: it knows nothing of repositories, the wire or the clock's source. The caller
passes the images (anything with the :class:`ImageFacts` attributes) and ``now``.

Validation runs in two passes, like ECR's. The first checks the document against the policy's JSON
schema and words its refusals the way ECR's schema validator does (``object has missing required
properties (["rules"])``, ``instance failed to match exactly one schema (matched 0 out of 2)``). The
second checks the rules between fields (unique priorities, one ``untagged`` rule and a last ``any``
rule per storage class, tag lists). Every refusal is a :class:`PolicyTextError` carrying the reason;
the caller wraps it as ECR does:
``Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy
validation failure: <reason>'``.

Evaluation follows "Lifecycle policy evaluation rules" of the ECR User Guide: every rule selects
the images its tag status and tag lists match (in its storage class), rules are applied in priority
order, an image is acted on by at most one rule, and an image that a rule's tag selection matched
can no longer be acted on by a later rule, although later rules still count it.
"""

from __future__ import annotations

import datetime
import functools
import json
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from ecrfake.models.lifecycle_schema import (
    PolicyTextError,
    expect,
    json_array,
    json_enum,
    json_integer,
    json_object,
    json_strings,
)

__all__ = [
    "ARCHIVE_MINIMUM_DAYS",
    "MAX_RULES",
    "MAX_WILDCARDS",
    "Decision",
    "ImageFacts",
    "LifecyclePolicy",
    "PolicyTextError",
    "Rule",
    "evaluate",
    "parse_policy",
]

#: The most rules one policy may hold (ECR service quota "Rules per lifecycle policy").
MAX_RULES = 50
#: The most ``*`` wildcards one ``tagPatternList`` entry may hold ("Lifecycle policy properties").
MAX_WILDCARDS = 4
#: Archived images have a 90-day minimum storage duration; no rule may expire them sooner
#: ("Archiving an image").
ARCHIVE_MINIMUM_DAYS = 90

_COUNT_TYPES = (
    "imageCountMoreThan",
    "sinceImagePushed",
    "sinceImagePulled",
    "sinceImageTransitioned",
)
_AGE_COUNT_TYPES = _COUNT_TYPES[1:]
_TAG_STATUSES = ("any", "tagged", "untagged")
_STORAGE_CLASSES = ("standard", "archive")
_ACTION_TYPES = ("expire", "transition")
_TARGET_STORAGE_CLASSES = ("archive",)

_POLICY_KEYS = ("rules",)
_RULE_KEYS = ("rulePriority", "description", "selection", "action")
_RULE_REQUIRED = ("rulePriority", "selection", "action")
_SELECTION_KEYS = (
    "tagStatus",
    "tagPatternList",
    "tagPrefixList",
    "storageClass",
    "countType",
    "countUnit",
    "countNumber",
)
_SELECTION_REQUIRED = ("tagStatus", "countType", "countNumber")
_ACTION_KEYS = ("type", "targetStorageClass")

_PUSHED_AT = operator.attrgetter("pushed_at")


class ImageFacts(Protocol):
    """What evaluation reads of an image."""

    @property
    def tags(self) -> Sequence[str]: ...

    @property
    def pushed_at(self) -> datetime.datetime: ...

    @property
    def last_recorded_pull_time(self) -> datetime.datetime | None: ...

    @property
    def storage_class(self) -> str: ...  # "STANDARD" or "ARCHIVE"

    @property
    def last_archived_at(self) -> datetime.datetime | None: ...


ImageT = TypeVar("ImageT", bound=ImageFacts)


# -- the parsed policy ----------------------------------------------------------------------------


def _wildcard(pattern: str) -> Callable[[str], bool]:
    """A predicate for one ``tagPatternList`` entry: ``*`` matches any run of characters."""
    if "*" not in pattern:
        return pattern.__eq__
    head, _, rest = pattern.partition("*")
    if rest == "":  # "prefix*": the common case, kept cheap
        return lambda tag: tag.startswith(head)
    regex = re.compile(".*".join(re.escape(part) for part in pattern.split("*")), re.DOTALL)
    return lambda tag: regex.fullmatch(tag) is not None


@dataclass(frozen=True)
class Rule:
    """One validated rule (API spelling kept in ``tag_status`` etc. as ECR's lower-case words)."""

    priority: int
    description: str | None
    tag_status: str  # "any" | "tagged" | "untagged"
    tag_prefixes: tuple[str, ...]
    tag_patterns: tuple[str, ...]
    storage_class: str  # "standard" | "archive"
    count_type: str
    count_unit: str | None
    count_number: int
    action: str  # "expire" | "transition"
    target_storage_class: str | None

    @functools.cached_property
    def action_type(self) -> str:
        """The API's ``ImageActionType``: ``EXPIRE`` or ``TRANSITION``."""
        return self.action.upper()

    @functools.cached_property
    def matches(self) -> Callable[[Sequence[str]], bool]:
        """:meth:`tag_matcher`, built once per rule (a parsed policy is reused)."""
        return self.tag_matcher()

    def tag_matcher(self) -> Callable[[Sequence[str]], bool]:
        """Whether an image with these tags meets the rule's tag selection.

        ``tagged``: every prefix (or pattern) of the rule must match one of the image's tags.
        """
        if self.tag_status == "any":
            return lambda tags: True
        if self.tag_status == "untagged":
            return lambda tags: not tags
        tests: list[Callable[[str], bool]] = (
            [_prefix(p) for p in self.tag_prefixes]
            if self.tag_prefixes
            else [_wildcard(p) for p in self.tag_patterns]
        )
        if len(tests) == 1:
            (test,) = tests
            return lambda tags: any(map(test, tags))
        return lambda tags: all(any(map(test, tags)) for test in tests)


def _prefix(prefix: str) -> Callable[[str], bool]:
    return lambda tag: tag.startswith(prefix)


@dataclass(frozen=True)
class LifecyclePolicy:
    """A validated policy: its text as given and its rules in priority order."""

    text: str
    rules: tuple[Rule, ...]

    @property
    def has_transitions(self) -> bool:
        """Whether any rule transitions images (the preview summary then counts them)."""
        return any(rule.action == "transition" for rule in self.rules)


def _parse_rule(raw: Any) -> Rule:
    rule = json_object(raw, _RULE_KEYS, _RULE_REQUIRED)
    priority = json_integer(rule["rulePriority"], 1)
    description = rule.get("description")
    if description is not None:
        expect(description, "string")
    selection = json_object(rule["selection"], _SELECTION_KEYS, _SELECTION_REQUIRED)
    tag_status = json_enum(selection["tagStatus"], _TAG_STATUSES)
    prefixes = json_strings(selection["tagPrefixList"]) if "tagPrefixList" in selection else ()
    patterns = json_strings(selection["tagPatternList"]) if "tagPatternList" in selection else ()
    storage = json_enum(selection.get("storageClass", "standard"), _STORAGE_CLASSES)
    count_type = selection["countType"]
    unit = selection.get("countUnit")
    # ECR's schema has one branch for image counts (no countUnit) and one for ages (countUnit
    # required): a count type outside both, or a unit on the wrong branch, matches neither.
    if count_type not in _COUNT_TYPES or (
        (count_type == "imageCountMoreThan") == ("countUnit" in selection)
    ):
        raise PolicyTextError("instance failed to match exactly one schema (matched 0 out of 2)")
    if unit is not None:
        unit = json_enum(unit, ("days",))
    number = json_integer(selection["countNumber"], 1)
    action = json_object(rule["action"], _ACTION_KEYS, ("type",))
    action_type = json_enum(action["type"], _ACTION_TYPES)
    target = action.get("targetStorageClass")
    if target is not None:
        target = json_enum(target, _TARGET_STORAGE_CLASSES)
    return Rule(
        priority=priority,
        description=description,
        tag_status=tag_status,
        tag_prefixes=prefixes,
        tag_patterns=patterns,
        storage_class=storage,
        count_type=count_type,
        count_unit=unit,
        count_number=number,
        action=action_type,
        target_storage_class=target,
    )


def _check_rule(rule: Rule) -> None:
    """Rules between one rule's fields ("Lifecycle policy properties")."""
    if rule.tag_status == "tagged":
        if rule.tag_prefixes and rule.tag_patterns:
            raise PolicyTextError(
                "Cannot specify both tagPrefixList and tagPatternList when tagStatus=TAGGED."
            )
        if not rule.tag_prefixes and not rule.tag_patterns:
            raise PolicyTextError(
                "Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED."
            )
    elif rule.tag_prefixes or rule.tag_patterns:
        raise PolicyTextError(
            f"tagPrefixList and tagPatternList can only be specified when tagStatus=TAGGED, "
            f"not tagStatus={rule.tag_status.upper()}."
        )
    for pattern in rule.tag_patterns:
        if pattern.count("*") > MAX_WILDCARDS:
            raise PolicyTextError(
                f"The tagPatternList entry '{pattern}' has more than {MAX_WILDCARDS} wildcards."
            )
    transitioned = rule.count_type == "sinceImageTransitioned"
    if transitioned != (rule.storage_class == "archive"):
        raise PolicyTextError(
            "countType=sinceImageTransitioned must be used with storageClass=ARCHIVE, and "
            "storageClass=ARCHIVE only with countType=sinceImageTransitioned."
        )
    if rule.action == "transition":
        if rule.target_storage_class is None:
            raise PolicyTextError("targetStorageClass is required when action type=TRANSITION.")
        if rule.storage_class == "archive":
            raise PolicyTextError("Images in storageClass=ARCHIVE cannot be transitioned.")
    elif rule.target_storage_class is not None:
        raise PolicyTextError(
            "targetStorageClass can only be specified when action type=TRANSITION."
        )
    if transitioned and rule.count_number < ARCHIVE_MINIMUM_DAYS:
        raise PolicyTextError(
            f"countNumber must be at least {ARCHIVE_MINIMUM_DAYS} days for "
            "countType=sinceImageTransitioned, the minimum storage duration of archived images."
        )


def _check_rules(rules: Sequence[Rule]) -> None:
    """Rules between the rules ("Lifecycle policy evaluation rules")."""
    seen: set[int] = set()
    for rule in rules:
        if rule.priority in seen:
            raise PolicyTextError(
                f"The rulePriority {rule.priority} is used by more than one rule."
            )
        seen.add(rule.priority)
    for storage in _STORAGE_CLASSES:
        in_class = [r for r in rules if r.storage_class == storage]
        if sum(r.tag_status == "untagged" for r in in_class) > 1:
            raise PolicyTextError("Only one rule can select Untagged images per storage class.")
        any_rules = [r for r in in_class if r.tag_status == "any"]
        if any_rules and (
            len(any_rules) > 1 or any_rules[0].priority != max(r.priority for r in in_class)
        ):
            raise PolicyTextError(
                "Rule for tagStatus=ANY must have the lowest priority per storage class"
            )


def parse_policy(text: str) -> LifecyclePolicy:
    """Validate a lifecycle policy text; raise :class:`PolicyTextError` as ECR would refuse it."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        document = None
    if not isinstance(document, dict):
        raise PolicyTextError("Could not map policyString into LifecyclePolicy.")
    policy = json_object(document, _POLICY_KEYS, _POLICY_KEYS)
    rules = [_parse_rule(raw) for raw in json_array(policy["rules"], 1, MAX_RULES)]
    for rule in rules:
        _check_rule(rule)
    _check_rules(rules)
    return LifecyclePolicy(text=text, rules=tuple(sorted(rules, key=lambda r: r.priority)))


# -- evaluation -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """What one rule does to one image."""

    image: Any  # an ImageFacts
    rule: Rule

    @property
    def action_type(self) -> str:
        """``EXPIRE`` or ``TRANSITION``."""
        return self.rule.action_type


def _selected(rule: Rule, matched: list[ImageT], now: datetime.datetime) -> Iterable[ImageT]:
    """Of the images a rule's tags matched (oldest push first), those its count selects."""
    if rule.count_type == "imageCountMoreThan":
        # Sorted youngest to oldest, everything past the first countNumber images is selected.
        keep = rule.count_number
        return matched[: max(len(matched) - keep, 0)]
    limit = now - datetime.timedelta(days=rule.count_number)
    if rule.count_type == "sinceImagePushed":
        return (image for image in matched if image.pushed_at < limit)
    if rule.count_type == "sinceImagePulled":
        # An image never pulled counts from its push.
        return (
            image for image in matched if (image.last_recorded_pull_time or image.pushed_at) < limit
        )
    return (image for image in matched if (image.last_archived_at or image.pushed_at) < limit)


def evaluate(
    policy: LifecyclePolicy, images: Iterable[ImageT], now: datetime.datetime
) -> list[Decision]:
    """The actions ``policy`` takes on ``images`` at ``now``, ordered by push time (oldest first).

    Every rule sees the images of its storage class that its tag selection matches; a rule acts only
    on images that no rule of higher priority matched, and each image is acted on at most once.
    """
    ordered = sorted(images, key=_PUSHED_AT)
    pools: dict[str, list[ImageT]] = {"standard": [], "archive": []}
    for image in ordered:
        pools["archive" if image.storage_class == "ARCHIVE" else "standard"].append(image)
    claimed: set[int] = set()
    decided: dict[int, Decision] = {}
    for rule in policy.rules:
        matches = rule.matches
        matched = [image for image in pools[rule.storage_class] if matches(image.tags)]
        for image in _selected(rule, matched, now):
            key = id(image)
            if key not in claimed:
                decided[key] = Decision(image, rule)
        claimed.update(map(id, matched))
    if not decided:
        return []
    return [decided[key] for key in map(id, ordered) if key in decided]
