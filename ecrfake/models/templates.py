"""Repository creation templates: the settings ECR gives a repository it creates on your behalf.

A template is keyed by its prefix. ECR documents that "there is always an assumed ``/`` applied to
the end of the prefix": ``prod`` and ``prod/`` are one template, and it applies to repositories whose
name begins with ``prod/`` (not to one named ``prod``). ``ROOT`` applies to every repository that no
other template matches. Among the templates that apply to the creation at hand (their ``appliedFor``
names it: ``PULL_THROUGH_CACHE``, ``REPLICATION`` or ``CREATE_ON_PUSH``) the longest matching prefix
wins, ``ROOT`` last. Templates act only when a repository is created.

Pure model: no registry, no lock. The registry asks :meth:`TemplateStore.match` when it creates a
repository and applies :meth:`RepositoryCreationTemplate.settings`.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ecrfake._aws import partition_of
from ecrfake.exceptions import (
    AppliedForEmpty,
    ForeignRoleArn,
    InvalidParameterException,
    InvalidPolicyText,
    InvalidTagParameterException,
    MalformedRoleArn,
    TemplateAlreadyExistsException,
    TemplateNotFoundException,
    TooManyTagsException,
)
from ecrfake.models import _paging
from ecrfake.models._collections import OrderedStore
from ecrfake.models._tags import merged_tags, tags_to_api
from ecrfake.models.policy_document import PolicyDocument
from ecrfake.models.repository import check_settings

__all__ = [
    "APPLIED_FOR",
    "ROOT",
    "RepositoryCreationTemplate",
    "TemplateSettings",
    "TemplateStore",
    "template_key",
]

ROOT = "ROOT"
_EXCLUSION_MODES = ("MUTABLE_WITH_EXCLUSION", "IMMUTABLE_WITH_EXCLUSION")
APPLIED_FOR = ("PULL_THROUGH_CACHE", "REPLICATION", "CREATE_ON_PUSH")
_ROLE_ARN = re.compile(r"arn:(aws(?:-[a-z]+)*):iam::([0-9]{12}):role/[\w+=,.@/-]+")
#: The members a template carries, request name -> attribute.
_MEMBERS = {
    "description": "description",
    "encryptionConfiguration": "encryption",
    "resourceTags": "resource_tags",
    "imageTagMutability": "image_tag_mutability",
    "imageTagMutabilityExclusionFilters": "mutability_exclusions",
    "repositoryPolicy": "repository_policy",
    "lifecyclePolicy": "lifecycle_policy",
    "appliedFor": "applied_for",
    "customRoleArn": "custom_role_arn",
}


def template_key(prefix: str) -> str:
    """The identity of a prefix: the assumed trailing ``/`` makes ``a`` and ``a/`` one template."""
    return prefix if prefix == ROOT else prefix.rstrip("/")


@dataclass(frozen=True)
class TemplateSettings:
    """What a repository created from a template gets (the CreateRepository members, and policies)."""

    prefix: str
    image_tag_mutability: str | None
    mutability_exclusions: list[dict[str, str]] | None
    encryption: dict[str, str] | None
    tags: list[dict[str, str]]
    repository_policy: str | None
    lifecycle_policy: str | None
    custom_role_arn: str | None


@dataclass(eq=False)
class RepositoryCreationTemplate:
    prefix: str
    applied_for: list[str]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    description: str | None = None
    encryption: dict[str, str] | None = None
    resource_tags: list[dict[str, str]] = field(default_factory=list)
    image_tag_mutability: str | None = None
    mutability_exclusions: list[dict[str, str]] | None = None
    repository_policy: str | None = None
    lifecycle_policy: str | None = None
    custom_role_arn: str | None = None

    def matches(self, repository_name: str) -> bool:
        """Whether this (non-ROOT) template's prefix covers the name (``prefix/`` begins it)."""
        key = template_key(self.prefix)
        return key != ROOT and repository_name.startswith(key + "/")

    def settings(self) -> TemplateSettings:
        return TemplateSettings(
            prefix=self.prefix,
            image_tag_mutability=self.image_tag_mutability,
            mutability_exclusions=(
                None
                if self.mutability_exclusions is None
                else [dict(f) for f in self.mutability_exclusions]
            ),
            encryption=None if self.encryption is None else dict(self.encryption),
            tags=[dict(t) for t in self.resource_tags],
            repository_policy=self.repository_policy,
            lifecycle_policy=self.lifecycle_policy,
            custom_role_arn=self.custom_role_arn,
        )

    def to_api(self) -> dict[str, Any]:
        """The API's ``RepositoryCreationTemplate`` shape."""
        out: dict[str, Any] = {
            "prefix": self.prefix,
            "appliedFor": list(self.applied_for),
            "imageTagMutability": self.image_tag_mutability or "MUTABLE",
            "resourceTags": [dict(t) for t in self.resource_tags],
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
        }
        if self.description is not None:
            out["description"] = self.description
        if self.encryption is not None:
            out["encryptionConfiguration"] = dict(self.encryption)
        if self.mutability_exclusions:
            out["imageTagMutabilityExclusionFilters"] = [
                dict(f) for f in self.mutability_exclusions
            ]
        if self.repository_policy is not None:
            out["repositoryPolicy"] = self.repository_policy
        if self.lifecycle_policy is not None:
            out["lifecyclePolicy"] = self.lifecycle_policy
        if self.custom_role_arn is not None:
            out["customRoleArn"] = self.custom_role_arn
        return out


class TemplateStore:
    """The templates of one registry, in creation order."""

    def __init__(self, account_id: str, region: str) -> None:
        self.account_id = account_id
        self.region = region
        self._templates: OrderedStore[RepositoryCreationTemplate] = OrderedStore()

    def __len__(self) -> int:
        return len(self._templates)

    def get(self, prefix: str) -> RepositoryCreationTemplate:
        template = self._templates.get(template_key(prefix))
        if template is None:
            raise TemplateNotFoundException(prefix=prefix, registry_id=self.account_id)
        return template

    # -- operations -------------------------------------------------------------------------------

    def create(self, params: dict[str, Any], now: datetime.datetime) -> RepositoryCreationTemplate:
        """CreateRepositoryCreationTemplate: check the members, refuse a prefix already taken."""
        prefix = params["prefix"]
        key = template_key(prefix)
        if key in self._templates:
            raise TemplateAlreadyExistsException(prefix=prefix, registry_id=self.account_id)
        template = RepositoryCreationTemplate(
            prefix=prefix, applied_for=[], created_at=now, updated_at=now
        )
        self._apply(template, params, creating=True)
        self._templates.add(key, template)
        return template

    def update(self, params: dict[str, Any], now: datetime.datetime) -> RepositoryCreationTemplate:
        """UpdateRepositoryCreationTemplate: members given replace the stored ones; others stay."""
        template = self.get(params["prefix"])
        draft = RepositoryCreationTemplate(**{**template.__dict__})
        self._apply(draft, params, creating=False)
        template.__dict__.update(draft.__dict__)
        template.updated_at = now
        return template

    def delete(self, prefix: str) -> RepositoryCreationTemplate:
        template = self.get(prefix)
        self._templates.remove(template_key(prefix))
        return template

    def describe(
        self, prefixes: Sequence[str] | None, max_results: int | None, next_token: str | None
    ) -> tuple[list[RepositoryCreationTemplate], str | None]:
        """DescribeRepositoryCreationTemplates: one page, of the named prefixes when given.

        A named prefix without a template is left out (the operation lists no not-found error).
        """
        wanted = None if prefixes is None else {template_key(p) for p in prefixes}
        scope = f"{self.account_id}/{self.region}/{sorted(wanted) if wanted is not None else '*'}"
        after = _paging.decode_token(next_token, "DescribeRepositoryCreationTemplates", scope)
        predicate = None if wanted is None else (lambda t: template_key(t.prefix) in wanted)
        page, last = self._templates.page(after, _paging.page_size(max_results), predicate)
        token = (
            None
            if last is None
            else _paging.encode_token("DescribeRepositoryCreationTemplates", scope, last)
        )
        return page, token

    def match(self, repository_name: str, applied_for: str) -> RepositoryCreationTemplate | None:
        """The template a repository created for ``applied_for`` gets, or ``None`` (ECR defaults).

        The longest prefix that covers the name among the templates applying to that kind of
        creation; ``ROOT`` (if it applies) when none does.
        """
        best: RepositoryCreationTemplate | None = None
        root: RepositoryCreationTemplate | None = None
        for template in self._templates.values():
            if applied_for not in template.applied_for:
                continue
            if template_key(template.prefix) == ROOT:
                root = template
            elif template.matches(repository_name) and (
                best is None or len(template_key(template.prefix)) > len(template_key(best.prefix))
            ):
                best = template
        return best or root

    # -- checks -----------------------------------------------------------------------------------

    def _apply(
        self, template: RepositoryCreationTemplate, params: dict[str, Any], *, creating: bool
    ) -> None:
        for member, attr in _MEMBERS.items():
            if member in params and params[member] is not None:
                setattr(template, attr, params[member])
        if "appliedFor" in params:
            template.applied_for = list(dict.fromkeys(params["appliedFor"]))
            if not template.applied_for:
                raise AppliedForEmpty()
        if (
            not creating
            and params.get("imageTagMutability") not in (None, *_EXCLUSION_MODES)
            and params.get("imageTagMutabilityExclusionFilters") is None
        ):
            # a plain mode given without filters: the stored filters (of a *_WITH_EXCLUSION mode)
            # go, or the template could never leave an exclusion mode
            template.mutability_exclusions = None
        # Tag mutability, its exclusions and encryption follow CreateRepository's rules.
        check_settings(
            self.account_id,
            self.region,
            template.image_tag_mutability,
            template.mutability_exclusions,
            template.encryption,
        )
        if "resourceTags" in params:
            try:
                checked = merged_tags({}, params["resourceTags"] or [])
            except (InvalidTagParameterException, TooManyTagsException) as exc:
                raise InvalidParameterException(
                    path="resourceTags", constraint=exc.message
                ) from None
            template.resource_tags = tags_to_api(checked)
        if params.get("lifecyclePolicy"):
            _check_lifecycle_json(params["lifecyclePolicy"])
        if params.get("repositoryPolicy"):
            PolicyDocument.parse(params["repositoryPolicy"], kind="repository")
        role = params.get("customRoleArn")
        if role:
            self._check_role(role)
        elif role == "":
            template.custom_role_arn = None

    def _check_role(self, role: str) -> None:
        """The custom role is an IAM role ARN "in the same account as the registry" (model doc)."""
        found = _ROLE_ARN.fullmatch(role)
        if found is None:
            raise MalformedRoleArn(arn=role)
        if found.group(1) != partition_of(self.region) or found.group(2) != self.account_id:
            raise ForeignRoleArn(arn=role, account=self.account_id)


def _check_lifecycle_json(text: str) -> None:
    """A lifecycle policy is a JSON object (its rules are the lifecycle model's to judge)."""
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        parsed = None
    if not isinstance(parsed, dict):
        raise InvalidPolicyText(kind="lifecycle")
