"""Lifecycle policies of one registry's repositories: storing, previewing, planning a pass.

The policy text is parsed and evaluated by :mod:`ecrfake.models.lifecycle_rules`; this module keeps
what ECR keeps per repository (``Repository.lifecycle_policy_text``, ``lifecycle_evaluated_at``,
``lifecycle_preview``) and shapes the API's answers:

* PutLifecyclePolicy and GetLifecyclePolicy answer the text as ECR stores it, re-serialised as
  compact JSON in the order it was given (the AWS CLI's put/get-lifecycle-policy examples), while
  the preview operations echo the text as it was sent (the start/get-lifecycle-policy-preview
  examples).
* A preview is evaluated when it starts, against the images as they are then, and is complete at
  once (api.md); its results are kept until the repository's next preview.
* A lifecycle pass (:meth:`LifecycleModel.plan`) decides what every policy does now; the registry
  then carries the decisions out (it owns deleting images with their scans).
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ecrfake.exceptions import (
    InvalidLifecyclePolicy,
    InvalidParameterException,
    LifecyclePolicyNotFoundException,
    LifecyclePolicyPreviewNotFoundException,
)
from ecrfake.models import _paging
from ecrfake.models.lifecycle_rules import (
    Decision,
    LifecyclePolicy,
    PolicyTextError,
    evaluate,
    parse_policy,
)
from ecrfake.models.repository import Image, Repositories, Repository

__all__ = ["LifecycleModel", "Preview", "compact_text", "parsed", "preview_entry"]

_PREVIEW_PAGE_MAX = 100


@functools.lru_cache(maxsize=512)
def _parse(text: str) -> LifecyclePolicy:
    return parse_policy(text)


def parsed(text: str) -> LifecyclePolicy:
    """The validated policy of a text (``InvalidParameterException`` in ECR's form if refused).

    Parsed policies are immutable, so each text is parsed once.
    """
    try:
        return _parse(text)
    except PolicyTextError as error:
        raise InvalidLifecyclePolicy(reason=error.reason) from None


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
    out: dict[str, Any] = {}
    if image.tags:
        out["imageTags"] = list(image.tags)
    out["imageDigest"] = image.digest
    out["imagePushedAt"] = image.pushed_at
    out["action"] = action
    out["appliedRulePriority"] = rule.priority
    out["storageClass"] = image.storage_class
    return out


@dataclass(frozen=True)
class Preview:
    """A finished preview: the text previewed and what it would do, oldest image first."""

    text: str
    results: tuple[dict[str, Any], ...]
    summary: dict[str, Any]

    @classmethod
    def of(cls, text: str, policy: LifecyclePolicy, decisions: Sequence[Decision]) -> Preview:
        results = tuple(map(preview_entry, decisions))
        expiring = sum(d.rule.action == "expire" for d in decisions)
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


def _actable(repo: Repository) -> list[Image]:
    """The images a policy may act on, in push order."""
    return list(repo.images.values())


def _decisions(repo: Repository, policy: LifecyclePolicy, now: datetime.datetime) -> list[Decision]:
    """What ``policy`` does to the repository's images now.

    An image that an index in the repository references is never expired (BatchDeleteImage will
    not delete it by digest either); rules still count it.
    """
    decisions = evaluate(policy, _actable(repo), now)
    if repo.parents:
        decisions = [
            d
            for d in decisions
            if not (d.action_type == "EXPIRE" and d.image.digest in repo.parents)
        ]
    return decisions


class LifecycleModel:
    """The lifecycle operations of one registry (they need only its repositories)."""

    def __init__(self, repositories: Repositories) -> None:
        self.repositories = repositories

    def _with_policy(self, name: str) -> tuple[Repository, str]:
        repo = self.repositories.require(name)
        if repo.lifecycle_policy_text is None:
            raise LifecyclePolicyNotFoundException(name=name, registry_id=repo.registry_id)
        return repo, repo.lifecycle_policy_text

    @staticmethod
    def _policy_api(repo: Repository, text: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "registryId": repo.registry_id,
            "repositoryName": repo.name,
            "lifecyclePolicyText": text,
        }
        if repo.lifecycle_evaluated_at is not None:
            out["lastEvaluatedAt"] = repo.lifecycle_evaluated_at
        return out

    @staticmethod
    def store(repo: Repository, text: str) -> str:
        """Give ``repo`` the policy ``text`` (validated, kept as ECR keeps it); the stored text.

        The one way to set ``Repository.lifecycle_policy_text`` (PutLifecyclePolicy, a repository
        creation template).
        """
        parsed(text)
        repo.lifecycle_policy_text = compact_text(text)
        return repo.lifecycle_policy_text

    def put(self, name: str, text: str) -> dict[str, Any]:
        """PutLifecyclePolicy: validate, store as ECR stores it, answer the stored text."""
        repo = self.repositories.require(name)
        self.store(repo, text)
        return {
            "registryId": repo.registry_id,
            "repositoryName": repo.name,
            "lifecyclePolicyText": repo.lifecycle_policy_text,
        }

    def get(self, name: str) -> dict[str, Any]:
        """GetLifecyclePolicy."""
        repo, text = self._with_policy(name)
        return self._policy_api(repo, text)

    def delete(self, name: str) -> dict[str, Any]:
        """DeleteLifecyclePolicy: answer the policy, then remove it."""
        repo, text = self._with_policy(name)
        out = self._policy_api(repo, text)
        repo.lifecycle_policy_text = None
        repo.lifecycle_evaluated_at = None
        return out

    def start_preview(self, name: str, text: str | None, now: datetime.datetime) -> dict[str, Any]:
        """StartLifecyclePolicyPreview: evaluate ``text`` (or the stored policy) now."""
        repo = self.repositories.require(name)
        if text is None:
            repo, text = self._with_policy(name)
        policy = parsed(text)
        preview = Preview.of(text, policy, _decisions(repo, policy, now))
        repo.lifecycle_preview = preview
        return {
            "registryId": repo.registry_id,
            "repositoryName": repo.name,
            "lifecyclePolicyText": text,
            "status": "IN_PROGRESS",
        }

    def get_preview(
        self,
        name: str,
        image_ids: Sequence[dict[str, Any]] | None,
        tag_status: str | None,
        max_results: int | None,
        next_token: str | None,
    ) -> dict[str, Any]:
        """GetLifecyclePolicyPreview: the finished preview, filtered and paged."""
        repo = self.repositories.require(name)
        preview = repo.lifecycle_preview
        if not isinstance(preview, Preview):
            raise LifecyclePolicyPreviewNotFoundException(name=name, registry_id=repo.registry_id)
        digests = None
        if image_ids is not None:
            for member in ("maxResults", "nextToken"):
                if (max_results if member == "maxResults" else next_token) is not None:
                    raise InvalidParameterException(
                        path=member,
                        constraint=f"{member} cannot be used when imageIds is specified",
                    )
            digests = [d for d in (_digest_of(repo, i) for i in image_ids) if d is not None]
        results = preview.selected(tag_status, digests)
        start = _paging.decode_token(next_token, "GetLifecyclePolicyPreview", repo.arn)
        size = min(_paging.page_size(max_results), _PREVIEW_PAGE_MAX)
        page = results[start : start + size]
        out: dict[str, Any] = {
            "registryId": repo.registry_id,
            "repositoryName": repo.name,
            "lifecyclePolicyText": preview.text,
            "status": "COMPLETE",
            "previewResults": page,
            "summary": dict(preview.summary),
        }
        if start + size < len(results):
            out["nextToken"] = _paging.encode_token(
                "GetLifecyclePolicyPreview", repo.arn, start + size
            )
        return out

    def plan(self, now: datetime.datetime) -> list[tuple[Repository, list[Decision]]]:
        """A lifecycle pass: every policy's decisions now, by repository name.

        Each evaluated policy's ``lastEvaluatedAt`` becomes ``now``.
        """
        planned = []
        for repo in sorted(self.repositories.values(), key=lambda r: r.name):
            if repo.lifecycle_policy_text is None:
                continue
            decisions = _decisions(repo, parsed(repo.lifecycle_policy_text), now)
            repo.lifecycle_evaluated_at = now
            planned.append((repo, decisions))
        return planned


def _digest_of(repo: Repository, image_id: dict[str, Any]) -> str | None:
    image = repo.find_image(image_id)
    return None if image is None else image.digest
