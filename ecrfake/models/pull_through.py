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
from dataclasses import dataclass
from typing import Any

from ecrfake import _clock
from ecrfake.exceptions import (
    CredentialNotUsed,
    CredentialRequired,
    EcrError,
    EcrFakeError,
    PullThroughCacheRuleAlreadyExistsException,
    PullThroughCacheRuleNotFoundException,
    PullThroughRuleLimit,
    RoleNotUsed,
    RoleRequired,
    UpstreamMismatch,
    UpstreamPrefixWithRoot,
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

__all__ = ["MAX_RULES", "PullRecord", "PullThroughCacheRule", "PullThroughModel"]

#: Pull-through cache rules per registry: a fixed quota (ECR service quotas page).
MAX_RULES = 50

_DESCRIBE = "DescribePullThroughCacheRules"


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

    def __init__(self, account_id: str, region: str) -> None:
        self.account_id = account_id
        self.region = region
        self.rules: OrderedStore[PullThroughCacheRule] = OrderedStore()
        #: Every ``simulate_pull``, oldest first (for tests that want to look).
        self.pulls: list[PullRecord] = []

    # -- rules (called by handlers) ---------------------------------------------------------------

    def _not_found(self, prefix: str) -> PullThroughCacheRuleNotFoundException:
        return PullThroughCacheRuleNotFoundException(prefix=prefix, registry_id=self.account_id)

    def get_rule(self, prefix: str) -> PullThroughCacheRule:
        rule = self.rules.get(prefix_key(prefix))
        if rule is None:
            raise self._not_found(prefix)
        return rule

    def _check_access(
        self, upstream: str, url: str, credential_arn: str | None, custom_role_arn: str | None
    ) -> None:
        """Which upstreams take a secret, which take a role, and whose they must be (decision 15)."""
        account, region = self.account_id, self.region
        if upstream in CREDENTIAL_UPSTREAMS:
            if credential_arn is None:
                raise CredentialRequired(upstream=upstream)
            check_credential_arn(credential_arn, account, region)
        elif credential_arn is not None:
            raise CredentialNotUsed(upstream=upstream)
        if upstream != "ecr":
            if custom_role_arn is not None:
                raise RoleNotUsed(upstream=upstream)
            return
        if custom_role_arn is not None:
            check_custom_role_arn(custom_role_arn, account)
        elif ecr_upstream_account(url) != account:
            raise RoleRequired(url=url, account=account)

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
            raise UpstreamMismatch(url=upstream_registry_url, upstream=upstream_registry)
        if (
            prefix_key(ecr_repository_prefix) == ROOT
            and upstream_repository_prefix is not None
            and prefix_key(upstream_repository_prefix) != ROOT
        ):
            raise UpstreamPrefixWithRoot()
        self._check_access(derived, upstream_registry_url, credential_arn, custom_role_arn)
        key = prefix_key(ecr_repository_prefix)
        if key in self.rules:
            raise PullThroughCacheRuleAlreadyExistsException(
                prefix=ecr_repository_prefix, registry_id=self.account_id
            )
        if len(self.rules) >= MAX_RULES:
            raise PullThroughRuleLimit(limit=MAX_RULES, registry_id=self.account_id)
        rule = PullThroughCacheRule(
            registry_id=self.account_id,
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
        scope = f"{self.account_id}/{self.region}"
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

    # -- pulls (coordinated by RegistryModel.simulate_pull) -------------------------------------

    def fill_source(
        self, repository_name: str, tag: str, manifest: str | None, *, repo_exists: bool
    ) -> tuple[PullThroughCacheRule, str, str]:
        """What a pull of a name that is not cached yet caches: (rule, upstream repository, manifest).

        The rule with the longest prefix that covers the name; ``manifest`` or a deterministic
        synthetic one. A name no rule covers is ``EcrFakeError`` (there is nothing to pull).
        """
        rule = self.rule_for(repository_name)
        if rule is None:
            raise self._nothing_to_pull(repository_name, tag, repo_exists=repo_exists)
        upstream_repo = rule.upstream_repository(repository_name)
        body = manifest
        if body is None:
            body = synthetic_manifest(rule.upstream_registry_url, upstream_repo, tag)
        self._check_cacheable(body)
        return rule, upstream_repo, body

    def record_pull(
        self, repository_name: str, tag: str, digest: str, now: datetime.datetime, *, cached: bool
    ) -> None:
        """Remember one pull (``pulls``), naming the rule that covers the name, if any."""
        rule = self.rule_for(repository_name)
        self.pulls.append(
            PullRecord(
                repository_name=repository_name,
                tag=tag,
                image_digest=digest,
                pulled_at=now,
                cached=cached,
                rule_prefix=rule.ecr_repository_prefix if rule is not None else None,
                upstream_registry_url=rule.upstream_registry_url if rule is not None else None,
                upstream_repository=(
                    rule.upstream_repository(repository_name) if rule is not None else None
                ),
            )
        )

    def _nothing_to_pull(self, name: str, tag: str, *, repo_exists: bool) -> EcrFakeError:
        prefixes = [rule.ecr_repository_prefix for rule in self.rules.values()]
        rules = ", ".join(prefixes) if prefixes else "none"
        where = (
            f"the repository {name!r} has no image tagged {tag!r}"
            if repo_exists
            else f"there is no repository {name!r}"
        )
        return EcrFakeError(
            f"simulate_pull: {where} in registry {self.account_id} ({self.region}) and no "
            f"pull-through cache rule covers that name (rules: {rules}). Create a rule whose "
            "prefix covers it, or push the image first"
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
