"""Managed signing: the registry's signing configuration and each pushed image's signing statuses.

As ECR's API reference and "Managed signing" page define it: a configuration is up to 10 rules,
each naming an AWS Signer signing profile and optionally up to 100 repository filters. A rule with
no filter matches every repository; a ``WILDCARD_MATCH`` filter matches the whole repository name,
``*`` standing for any run of characters (``myapp/*``, ``*/production``, ``*prod*``). When an image
is pushed, every rule that matches its repository starts a signing job with its profile, and
DescribeImageSigningStatus reports one status per distinct profile (``IN_PROGRESS``, ``COMPLETE``,
``FAILED`` with ``failureCode``/``failureReason``). Deleting the configuration leaves existing
signatures alone; images pushed afterwards are not signed.

In the fake a signing job finishes at once (``COMPLETE``), like a scan, unless a test planned it
with :meth:`SigningModel.plan` (``Registry.plan_signing``): then it reads ``IN_PROGRESS`` until
``polls`` more DescribeImageSigningStatus calls have been answered, and ends as planned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ecrfake.exceptions import SigningConfigurationNotFoundException
from ecrfake.models.scan_config import _glob_match

if TYPE_CHECKING:
    from ecrfake.models.repository import Repositories

__all__ = ["SIGNING_STATUSES", "SigningModel", "SigningPlan", "SigningRule", "filter_matches"]

SIGNING_STATUSES = ("IN_PROGRESS", "COMPLETE", "FAILED")


def filter_matches(pattern: str, repository_name: str) -> bool:
    """Whether a signing ``WILDCARD_MATCH`` filter matches the whole ``repository_name``."""
    if "*" not in pattern:
        return pattern == repository_name
    return _glob_match(tuple(pattern.split("*")), repository_name)


@dataclass(frozen=True)
class SigningRule:
    profile_arn: str
    filters: tuple[str, ...] = ()

    def matches(self, repository_name: str) -> bool:
        return not self.filters or any(filter_matches(f, repository_name) for f in self.filters)

    def to_api(self) -> dict[str, Any]:
        rule: dict[str, Any] = {"signingProfileArn": self.profile_arn}
        if self.filters:
            rule["repositoryFilters"] = [
                {"filter": f, "filterType": "WILDCARD_MATCH"} for f in self.filters
            ]
        return rule


@dataclass
class SigningPlan:
    """How the next signing job of one image goes (``Registry.plan_signing``)."""

    status: str = "COMPLETE"
    failure_code: str | None = None
    failure_reason: str | None = None
    polls: int = 0
    #: Only the job of this profile follows the plan (``None``: every profile's job).
    profile_arn: str | None = None


@dataclass
class _Job:
    profile_arn: str
    final: str
    failure_code: str | None
    failure_reason: str | None
    polls_left: int = 0

    def to_api(self) -> dict[str, Any]:
        status = "IN_PROGRESS" if self.polls_left > 0 else self.final
        out: dict[str, Any] = {"signingProfileArn": self.profile_arn, "status": status}
        if status == "FAILED":
            out["failureCode"] = self.failure_code or "SIGNING_FAILED"
            out["failureReason"] = self.failure_reason or "The signing job failed."
        return out


@dataclass
class SigningModel:
    """The signing configuration of one registry and the signing jobs of its images."""

    account_id: str
    rules: tuple[SigningRule, ...] | None = None
    _jobs: dict[tuple[str, str], list[_Job]] = field(default_factory=dict)
    _plans: dict[tuple[str, str], SigningPlan] = field(default_factory=dict)

    # --- configuration ---------------------------------------------------------------------------

    def put(self, rules: list[dict[str, Any]]) -> dict[str, Any]:
        """PutSigningConfiguration (the model already checked the members)."""
        self.rules = tuple(
            SigningRule(
                profile_arn=r["signingProfileArn"],
                filters=tuple(f["filter"] for f in r.get("repositoryFilters") or ()),
            )
            for r in rules
        )
        return self.config_to_api()

    def get(self) -> dict[str, Any]:
        """GetSigningConfiguration's ``signingConfiguration``."""
        if self.rules is None:
            raise SigningConfigurationNotFoundException(registry_id=self.account_id)
        return self.config_to_api()

    def delete(self) -> dict[str, Any]:
        """DeleteSigningConfiguration: the configuration that was in force."""
        config = self.get()
        self.rules = None
        return config

    def config_to_api(self) -> dict[str, Any]:
        return {"rules": [rule.to_api() for rule in self.rules or ()]}

    def profiles_for(self, repository_name: str) -> list[str]:
        """The distinct signing profiles whose rules match ``repository_name``, in rule order."""
        found = [r.profile_arn for r in self.rules or () if r.matches(repository_name)]
        return list(dict.fromkeys(found))

    # --- jobs ------------------------------------------------------------------------------------

    def plan(self, repository_name: str, image_key: str, plan: SigningPlan) -> None:
        """Decide the next signing job of the image ``image_key`` (a tag or a digest)."""
        self._plans[(repository_name, image_key)] = plan

    def on_push(self, repository_name: str, digest: str, tags: list[str]) -> None:
        """Start the signing jobs of a pushed image (none if no rule matches)."""
        profiles = self.profiles_for(repository_name)
        if not profiles:
            return
        plan = None
        for key in [digest, *tags]:
            plan = self._plans.pop((repository_name, key), None) or plan
        jobs = []
        for profile in profiles:
            applies = plan is not None and plan.profile_arn in (None, profile)
            if plan is not None and applies:
                jobs.append(
                    _Job(profile, plan.status, plan.failure_code, plan.failure_reason, plan.polls)
                )
            else:
                jobs.append(_Job(profile, "COMPLETE", None, None))
        self._jobs[(repository_name, digest)] = jobs

    def statuses(self, repository_name: str, digest: str) -> list[dict[str, Any]]:
        """DescribeImageSigningStatus's ``signingStatuses``; each call uses up one poll."""
        jobs = self._jobs.get((repository_name, digest), [])
        out = [job.to_api() for job in jobs]
        for job in jobs:
            job.polls_left = max(job.polls_left - 1, 0)
        return out

    def forget(self, repository_name: str, digest: str | None = None) -> None:
        """Drop the jobs of a deleted image (or of every image of a deleted repository)."""
        for key in [k for k in self._jobs if k[0] == repository_name and digest in (None, k[1])]:
            del self._jobs[key]

    def unused_plans(self) -> list[tuple[str, str]]:
        """``(repository, tag or digest)`` of plans no push used."""
        return list(self._plans)

    def unused_plan_lines(
        self, account_id: str, region: str, repositories: Repositories
    ) -> list[tuple[str, bool]]:
        """Each plan no push used: its ``unused_seeds`` line, and whether an image it names exists
        in ``repositories`` (then no signing rule matched the push)."""
        out = []
        for repository_name, key in self.unused_plans():
            kind = "imageDigest" if ":" in key else "imageTag"
            repo = repositories.get(repository_name)
            pushed = repo is not None and repo.find_image({kind: key}) is not None
            reason = (
                "no signing job of it started since the plan (does a signing rule match the "
                "repository?)"
                if pushed
                else f"no image with that {'tag' if kind == 'imageTag' else 'digest'} was pushed"
            )
            out.append(
                (
                    f"signing plan for repository '{repository_name}', image {{{kind}: '{key}'}}, "
                    f"in registry {account_id}/{region}: {reason}",
                    pushed,
                )
            )
        return out
