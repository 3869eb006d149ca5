"""One repository's lifecycle policy, its preview, and what applying it does.

The policy text is parsed and evaluated by :mod:`ecrfake.models.lifecycle_rules`; this module keeps
what ECR keeps per repository (the policy, when it was last evaluated, the last preview) and shapes
the API's answers:

* PutLifecyclePolicy and GetLifecyclePolicy answer the text as ECR stores it, re-serialised as
  compact JSON in the order it was given (the AWS CLI's put/get-lifecycle-policy examples), while
  the preview operations echo the text as it was sent (the start/get-lifecycle-policy-preview
  examples).
* A preview is evaluated when it starts, against the images as they are then, and is complete at
  once (api.md); its results are kept until the next preview of the repository.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ecrfake.models.lifecycle_rules import Decision, LifecyclePolicy, evaluate, parse_policy

__all__ = [
    "LifecycleState",
    "Preview",
    "PreviewImage",
    "compact_text",
    "preview_entry",
]


class PreviewImage(Protocol):
    """What a preview reads of an image (the evaluation facts and the digest)."""

    @property
    def digest(self) -> str: ...

    @property
    def tags(self) -> Sequence[str]: ...

    @property
    def pushed_at(self) -> datetime.datetime: ...

    @property
    def last_recorded_pull_time(self) -> datetime.datetime | None: ...

    @property
    def storage_class(self) -> str: ...

    @property
    def last_archived_at(self) -> datetime.datetime | None: ...


def compact_text(text: str) -> str:
    """A valid policy text as ECR stores it: compact JSON, members in the order given."""
    return json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)


def preview_entry(decision: Decision) -> dict[str, Any]:
    """The API's ``LifecyclePolicyPreviewResult`` of one decision."""
    image = decision.image
    rule = decision.rule
    action: dict[str, str] = {"type": rule.action_type}
    if rule.target_storage_class is not None:
        action["targetStorageClass"] = rule.target_storage_class.upper()
    out: dict[str, Any] = {
        "imageDigest": image.digest,
        "imagePushedAt": image.pushed_at,
        "action": action,
        "appliedRulePriority": rule.priority,
        "storageClass": image.storage_class,
    }
    if image.tags:
        out = {"imageTags": list(image.tags), **out}
    return out


@dataclass(frozen=True)
class Preview:
    """A finished preview: the text previewed and what it would do, oldest image first."""

    text: str
    results: tuple[dict[str, Any], ...]
    summary: dict[str, Any]

    @classmethod
    def of(cls, text: str, policy: LifecyclePolicy, decisions: Sequence[Decision]) -> Preview:
        results = tuple(preview_entry(d) for d in decisions)
        expiring = sum(1 for d in decisions if d.action_type == "EXPIRE")
        summary: dict[str, Any] = {"expiringImageTotalCount": expiring}
        if policy.has_transitions:
            summary["transitioningImageTotalCounts"] = [
                {"targetStorageClass": "ARCHIVE", "imageTotalCount": len(decisions) - expiring}
            ]
        return cls(text=text, results=results, summary=summary)

    def selected(
        self, tag_status: str | None, digests: Iterable[str] | None
    ) -> list[dict[str, Any]]:
        """The results that a ``filter.tagStatus`` and ``imageIds`` (as digests) keep."""
        results: Iterable[dict[str, Any]] = self.results
        if digests is not None:
            wanted = set(digests)
            results = (r for r in results if r["imageDigest"] in wanted)
        if tag_status == "TAGGED":
            results = (r for r in results if "imageTags" in r)
        elif tag_status == "UNTAGGED":
            results = (r for r in results if "imageTags" not in r)
        return list(results)


@dataclass
class LifecycleState:
    """A repository's lifecycle policy (``None``: none set), last evaluation and last preview."""

    policy: LifecyclePolicy | None = None
    stored_text: str | None = None
    last_evaluated_at: datetime.datetime | None = None
    preview: Preview | None = field(default=None, repr=False)

    def put(self, text: str) -> str:
        """Set the policy (``PolicyTextError`` if ECR would refuse it); returns the stored text."""
        self.policy = parse_policy(text)
        self.stored_text = compact_text(text)
        return self.stored_text

    def delete(self) -> None:
        """Remove the policy (its last evaluation time goes with it)."""
        self.policy = None
        self.stored_text = None
        self.last_evaluated_at = None

    def policy_api(self) -> dict[str, Any]:
        """The policy members of Get/DeleteLifecyclePolicy (the policy must exist)."""
        assert self.stored_text is not None
        out: dict[str, Any] = {"lifecyclePolicyText": self.stored_text}
        if self.last_evaluated_at is not None:
            out["lastEvaluatedAt"] = self.last_evaluated_at
        return out

    def start_preview(
        self,
        text: str | None,
        images: Iterable[PreviewImage],
        now: datetime.datetime,
    ) -> Preview:
        """Evaluate ``text`` (or the stored policy when ``None``) against ``images`` now."""
        if text is None:
            assert self.policy is not None and self.stored_text is not None
            policy, shown = self.policy, self.stored_text
        else:
            policy, shown = parse_policy(text), text
        self.preview = Preview.of(shown, policy, evaluate(policy, images, now))
        return self.preview

    def decide(self, images: Iterable[PreviewImage], now: datetime.datetime) -> list[Decision]:
        """What the stored policy does to ``images`` now; records the evaluation time."""
        assert self.policy is not None
        self.last_evaluated_at = now
        return evaluate(self.policy, images, now)
