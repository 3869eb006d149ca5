"""Pull-through cache rules and what a pull through them does.

A :class:`PullThroughCacheRule` maps a namespace of the private registry (its ECR repository prefix,
or ``ROOT``) to an upstream registry. :class:`PullThroughModel` keeps a registry's rules (at most 50,
in creation order) and answers ``Registry.simulate_pull``: the rule with the longest prefix that
covers the name wins (``ROOT`` covers names no other rule takes; decision 17), a missing repository
is created with ECR's defaults, and the image is cached through ``Registry.push_image`` so scanning
applies exactly as on a push.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ecrfake import _clock
from ecrfake.exceptions import (
    EcrError,
    EcrFakeError,
    LimitExceededException,
    PullThroughCacheRuleAlreadyExistsException,
    PullThroughCacheRuleNotFoundException,
    ValidationException,
)
from ecrfake.models import _paging
from ecrfake.models._collections import OrderedStore
from ecrfake.models._upstreams import (
    CREDENTIAL_UPSTREAMS,
    ROOT,
    check_credential_arn,
    check_custom_role_arn,
    ecr_upstream_account,
    synthetic_manifest,
    upstream_of_url,
)
from ecrfake.models.manifest import parse_manifest

if TYPE_CHECKING:
    from ecrfake.models.registry import Registry

__all__ = ["MAX_RULES", "PullRecord", "PullThroughCacheRule", "PullThroughModel"]

#: Pull-through cache rules per registry: a fixed quota (ECR service quotas page).
MAX_RULES = 50

_DESCRIBE = "DescribePullThroughCacheRules"
_REPOSITORY_NAME = re.compile(
    r"[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*"
)


def prefix_key(prefix: str) -> str:
    """The identity of a prefix: ECR assumes a trailing ``/``, so ``a/b/`` and ``a/b`` are one."""
    return prefix[:-1] if prefix.endswith("/") else prefix


@dataclass(eq=False)
class PullThroughCacheRule:
    """One rule, as CreatePullThroughCacheRule stored it."""

    registry_id: str
    ecr_repository_prefix: str
    upstream_registry_url: str
    upstream_registry: str
    created_at: datetime.datetime
    credential_arn: str | None = None
    custom_role_arn: str | None = None
    upstream_repository_prefix: str = ROOT
    updated_at: datetime.datetime | None = None

    @property
    def key(self) -> str:
        return prefix_key(self.ecr_repository_prefix)

    def covers(self, repository_name: str) -> bool:
        """Whether the name lies in this rule's namespace (``ROOT`` covers every name)."""
        return self.key == ROOT or repository_name.startswith(self.key + "/")

    def upstream_repository(self, repository_name: str) -> str:
        """The upstream repository a covered name maps to (user guide's prefix mapping table)."""
        rest = repository_name if self.key == ROOT else repository_name[len(self.key) + 1 :]
        upstream = prefix_key(self.upstream_repository_prefix)
        return rest if upstream == ROOT else f"{upstream}/{rest}"

    def to_api(self) -> dict[str, Any]:
        """Every member of the API's ``PullThroughCacheRule``; handlers pick their output's."""
        out: dict[str, Any] = {
            "ecrRepositoryPrefix": self.ecr_repository_prefix,
            "upstreamRegistryUrl": self.upstream_registry_url,
            "createdAt": self.created_at,
            "registryId": self.registry_id,
            "upstreamRegistry": self.upstream_registry,
            "upstreamRepositoryPrefix": self.upstream_repository_prefix,
        }
        if self.credential_arn is not None:
            out["credentialArn"] = self.credential_arn
        if self.custom_role_arn is not None:
            out["customRoleArn"] = self.custom_role_arn
        if self.updated_at is not None:
            out["updatedAt"] = self.updated_at
        return out


@dataclass(frozen=True)
class PullRecord:
    """One ``simulate_pull``: what was pulled, through which rule, and whether it was cached then."""

    repository_name: str
    tag: str
    image_digest: str
    pulled_at: datetime.datetime
    cached: bool
    rule_prefix: str | None = None
    upstream_registry_url: str | None = None
    upstream_repository: str | None = None


class PullThroughModel:
    """The pull-through cache rules of one registry, and the pulls made through them."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.rules: OrderedStore[PullThroughCacheRule] = OrderedStore()
        #: Every ``simulate_pull``, oldest first (for tests that want to look).
        self.pulls: list[PullRecord] = []

    # -- rules (called by handlers) ---------------------------------------------------------------

    def _not_found(self, prefix: str) -> PullThroughCacheRuleNotFoundException:
        return PullThroughCacheRuleNotFoundException(
            f"The pull through cache rule with the ECR repository prefix '{prefix}' does not "
            f"exist in the registry with id '{self.registry.account_id}'"
        )

    def get_rule(self, prefix: str) -> PullThroughCacheRule:
        rule = self.rules.get(prefix_key(prefix))
        if rule is None:
            raise self._not_found(prefix)
        return rule

    def _check_access(
        self, upstream: str, url: str, credential_arn: str | None, custom_role_arn: str | None
    ) -> None:
        """Which upstreams take a secret, which take a role, and whose they must be (decision 15)."""
        account, region = self.registry.account_id, self.registry.region
        if upstream in CREDENTIAL_UPSTREAMS:
            if credential_arn is None:
                raise ValidationException(
                    f"The upstream registry {upstream} requires authentication. Specify a "
                    "credentialArn of an AWS Secrets Manager secret whose name starts with "
                    "ecr-pullthroughcache/ and try again"
                )
            check_credential_arn(credential_arn, account, region)
        elif credential_arn is not None:
            raise ValidationException(
                f"The upstream registry {upstream} does not use a credentialArn. Remove the "
                "credentialArn and try again"
            )
        if upstream != "ecr":
            if custom_role_arn is not None:
                raise ValidationException(
                    f"A customRoleArn can only be specified for the ecr upstream registry, not "
                    f"for {upstream}"
                )
            return
        if custom_role_arn is not None:
            check_custom_role_arn(custom_role_arn, account)
        elif ecr_upstream_account(url) != account:
            raise ValidationException(
                f"The upstream registry {url} is in another account. Specify a customRoleArn of "
                f"an IAM role in account {account} that Amazon ECR can assume and try again"
            )

    def create_rule(
        self,
        ecr_repository_prefix: str,
        upstream_registry_url: str,
        *,
        upstream_registry: str | None = None,
        credential_arn: str | None = None,
        custom_role_arn: str | None = None,
        upstream_repository_prefix: str | None = None,
    ) -> PullThroughCacheRule:
        """CreatePullThroughCacheRule, after the model's own constraints were checked."""
        derived = upstream_of_url(upstream_registry_url)
        if upstream_registry is not None and upstream_registry != derived:
            raise ValidationException(
                f"The upstream registry URL {upstream_registry_url} does not match the upstream "
                f"registry {upstream_registry}. Specify the URL of {upstream_registry} or omit "
                "upstreamRegistry and try again"
            )
        if (
            prefix_key(ecr_repository_prefix) == ROOT
            and upstream_repository_prefix is not None
            and prefix_key(upstream_repository_prefix) != ROOT
        ):
            raise ValidationException(
                "The upstreamRepositoryPrefix can only be specified when the "
                "ecrRepositoryPrefix is not ROOT"
            )
        self._check_access(derived, upstream_registry_url, credential_arn, custom_role_arn)
        key = prefix_key(ecr_repository_prefix)
        if key in self.rules:
            raise PullThroughCacheRuleAlreadyExistsException(
                f"A pull through cache rule with the ECR repository prefix "
                f"'{ecr_repository_prefix}' already exists in the registry with id "
                f"'{self.registry.account_id}'"
            )
        if len(self.rules) >= MAX_RULES:
            raise LimitExceededException(
                f"The maximum number of pull through cache rules ({MAX_RULES}) for the registry "
                f"with id '{self.registry.account_id}' has been reached"
            )
        rule = PullThroughCacheRule(
            registry_id=self.registry.account_id,
            ecr_repository_prefix=ecr_repository_prefix,
            upstream_registry_url=upstream_registry_url,
            upstream_registry=derived,
            created_at=_clock.now(),
            credential_arn=credential_arn,
            custom_role_arn=custom_role_arn,
            upstream_repository_prefix=upstream_repository_prefix or ROOT,
        )
        self.rules.add(key, rule)
        return rule

    def describe_rules(
        self,
        prefixes: list[str] | None = None,
        max_results: int | None = None,
        next_token: str | None = None,
    ) -> tuple[list[PullThroughCacheRule], str | None]:
        """One page of rules in creation order (only ``prefixes`` when given; each must exist)."""
        wanted: set[str] | None = None
        if prefixes is not None:
            for prefix in prefixes:
                self.get_rule(prefix)
            wanted = {prefix_key(p) for p in prefixes}
        scope = f"{self.registry.account_id}/{self.registry.region}"
        if wanted is not None:
            scope += "?" + ",".join(sorted(wanted))
        after = _paging.decode_token(next_token, _DESCRIBE, scope)
        page, resume = self.rules.page(
            after,
            _paging.page_size(max_results),
            None if wanted is None else (lambda rule: rule.key in wanted),
        )
        token = None if resume is None else _paging.encode_token(_DESCRIBE, scope, resume)
        return page, token

    def update_rule(
        self, prefix: str, credential_arn: str | None = None, custom_role_arn: str | None = None
    ) -> PullThroughCacheRule:
        """UpdatePullThroughCacheRule: a member left out keeps its current value."""
        rule = self.get_rule(prefix)
        new_credential = credential_arn if credential_arn is not None else rule.credential_arn
        new_role = custom_role_arn if custom_role_arn is not None else rule.custom_role_arn
        self._check_access(
            rule.upstream_registry, rule.upstream_registry_url, new_credential, new_role
        )
        rule.credential_arn = new_credential
        rule.custom_role_arn = new_role
        rule.updated_at = _clock.now()
        return rule

    def delete_rule(self, prefix: str) -> PullThroughCacheRule:
        """DeletePullThroughCacheRule: repositories already cached through it stay."""
        rule = self.get_rule(prefix)
        self.rules.remove(rule.key)
        return rule

    def validate_rule(self, prefix: str) -> tuple[PullThroughCacheRule, str | None]:
        """ValidatePullThroughCacheRule: the rule and why it fails (None: valid; decision 15)."""
        rule = self.get_rule(prefix)
        try:
            self._check_access(
                rule.upstream_registry,
                rule.upstream_registry_url,
                rule.credential_arn,
                rule.custom_role_arn,
            )
        except ValidationException as problem:
            return rule, problem.message
        return rule, None

    def rule_for(self, repository_name: str) -> PullThroughCacheRule | None:
        """The rule that covers a name: the longest prefix wins, ``ROOT`` is the fallback."""
        best: PullThroughCacheRule | None = None
        for rule in self.rules.values():
            if not rule.covers(repository_name):
                continue
            if (
                best is None
                or best.key == ROOT
                or (rule.key != ROOT and len(rule.key) > len(best.key))
            ):
                best = rule
        return best

    # -- simulate_pull (public through Registry) --------------------------------------------------

    def simulate_pull(self, repository_name: str, tag: str, manifest: str | None) -> dict[str, str]:
        """See :meth:`ecrfake.models.registry.Registry.simulate_pull`."""
        if (
            not isinstance(repository_name, str)
            or not 2 <= len(repository_name) <= 256
            or not _REPOSITORY_NAME.fullmatch(repository_name)
        ):
            raise EcrFakeError(
                f"simulate_pull: {repository_name!r} is not a valid repository name (2-256 "
                "lowercase letters, digits, '.', '_', '-' in '/'-separated components)"
            )
        if not isinstance(tag, str) or not tag:
            raise EcrFakeError(f"simulate_pull: tag must be a non-empty string, not {tag!r}")
        if manifest is not None and not isinstance(manifest, str):
            raise EcrFakeError("simulate_pull: manifest must be a JSON string or None")
        repo = self.registry.repositories.get(repository_name)
        image = repo.find_image({"imageTag": tag}) if repo is not None else None
        rule = self.rule_for(repository_name)
        upstream_repo = rule.upstream_repository(repository_name) if rule is not None else None
        cached = image is None
        if image is None:
            if rule is None or upstream_repo is None:
                raise self._nothing_to_pull(repository_name, tag, repo_exists=repo is not None)
            body = manifest
            if body is None:
                body = synthetic_manifest(rule.upstream_registry_url, upstream_repo, tag)
            self._check_cacheable(body)
            if repo is None:
                repo = self.registry.create_repository(
                    repository_name, created_by_pull_through=rule.ecr_repository_prefix
                )
            image = self.registry.push_image(repo, body, tag=tag)
        elif manifest is not None and parse_manifest(manifest).digest != image.digest:
            raise EcrFakeError(
                f"simulate_pull: {repository_name}:{tag} is already cached as {image.digest}; "
                "ecrfake does not model the upstream moving a tag. Push the new manifest with "
                "put_image, or delete the cached image first"
            )
        now = _clock.now()
        image.last_recorded_pull_time = now
        self.pulls.append(
            PullRecord(
                repository_name=repository_name,
                tag=tag,
                image_digest=image.digest,
                pulled_at=now,
                cached=cached,
                rule_prefix=rule.ecr_repository_prefix if rule is not None else None,
                upstream_registry_url=rule.upstream_registry_url if rule is not None else None,
                upstream_repository=upstream_repo,
            )
        )
        return {"imageDigest": image.digest, "imageTag": tag}

    def _nothing_to_pull(self, name: str, tag: str, *, repo_exists: bool) -> EcrFakeError:
        prefixes = [rule.ecr_repository_prefix for rule in self.rules.values()]
        rules = ", ".join(prefixes) if prefixes else "none"
        where = (
            f"the repository {name!r} has no image tagged {tag!r}"
            if repo_exists
            else f"there is no repository {name!r}"
        )
        return EcrFakeError(
            f"simulate_pull: {where} in registry {self.registry.account_id} "
            f"({self.registry.region}) and no pull-through cache rule covers that name (rules: "
            f"{rules}). Create a rule whose prefix covers it, or push the image first"
        )

    @staticmethod
    def _check_cacheable(manifest: str) -> None:
        try:
            info = parse_manifest(manifest)
        except EcrError as error:
            raise EcrFakeError(f"simulate_pull: manifest is not usable: {error.message}") from None
        if info.children:
            raise EcrFakeError(
                "simulate_pull: manifest is an image index; pass one image manifest (ecrfake "
                "does not fetch the images an index references)"
            )
