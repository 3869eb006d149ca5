"""Private image replication: the registry's replication configuration and what it does to a push.

* :class:`ReplicationConfiguration` is what PutReplicationConfiguration stores and DescribeRegistry
  returns. Its rules pick repositories with ``PREFIX_MATCH`` filters (a rule without filters picks
  every repository) and name destinations (a region and a registry id). The model's own limits
  (25 rules, 100 destinations and 1..100 filters per rule, the filter pattern) are checked by
  dispatch; this module adds the rules between fields: no destination may be the source registry
  itself, and a destination must be in the source's partition.
* :class:`ReplicationModel` is one source registry's replication state: the configuration, the
  per-destination status of each replicated image (DescribeImageReplicationStatus), the plans a
  test made with ``plan_replication``, and the coordination of a push into every destination.

The model is given the other registries only as a lookup callable (``(account, region) ->
target``), never a pointer; a target is anything with :class:`ReplicaTarget`'s methods (the
destination registry model). Everything runs under the one state lock dispatch holds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ecrfake._aws import ACCOUNT_RE, REGION_RE, partition_of
from ecrfake.exceptions import (
    EcrFakeError,
    ReplicationAcrossPartitions,
    ReplicationDestinationIsSource,
)

__all__ = [
    "FAILURE_CODES",
    "Destination",
    "RegistryLookup",
    "Replica",
    "ReplicaTarget",
    "ReplicationConfiguration",
    "ReplicationModel",
    "ReplicationPlan",
    "ReplicationRecord",
    "ReplicationRule",
]

#: ecrfake's failure codes (AWS documents the member, not its values): the destination registry's
#: policy does not grant the source account ``ecr:ReplicateImage``; the destination repository is
#: missing and the policy does not grant ``ecr:CreateRepository``; the destination refused the
#: image (an immutable tag already taken). ``plan_replication`` may name any other code.
FAILURE_CODES = ("ACCESS_DENIED", "REPOSITORY_NOT_FOUND", "IMAGE_TAG_ALREADY_EXISTS")
_STATUSES = ("COMPLETE", "FAILED")


@dataclass(frozen=True)
class Destination:
    region: str
    registry_id: str

    @classmethod
    def from_api(cls, raw: dict[str, Any]) -> Destination:
        return cls(region=raw["region"], registry_id=raw["registryId"])

    def to_api(self) -> dict[str, str]:
        return {"region": self.region, "registryId": self.registry_id}


@dataclass(frozen=True)
class ReplicationRule:
    destinations: tuple[Destination, ...]
    filters: tuple[str, ...]
    delete_replication: bool | None = None

    def matches(self, repository_name: str) -> bool:
        """``PREFIX_MATCH``: the name starts with a filter; no filters: every repository."""
        return not self.filters or any(repository_name.startswith(f) for f in self.filters)

    def to_api(self) -> dict[str, Any]:
        out: dict[str, Any] = {"destinations": [d.to_api() for d in self.destinations]}
        if self.filters:
            out["repositoryFilters"] = [
                {"filter": f, "filterType": "PREFIX_MATCH"} for f in self.filters
            ]
        if self.delete_replication is not None:
            out["deleteReplication"] = {"enabled": self.delete_replication}
        return out


@dataclass(frozen=True)
class ReplicationConfiguration:
    rules: tuple[ReplicationRule, ...] = ()

    @classmethod
    def parse(cls, raw: dict[str, Any], account_id: str, region: str) -> ReplicationConfiguration:
        """Check a validated ``replicationConfiguration`` against the source registry."""
        rules = []
        for rule in raw["rules"]:
            destinations = tuple(Destination.from_api(d) for d in rule["destinations"])
            for destination in destinations:
                if destination.region == region and destination.registry_id == account_id:
                    raise ReplicationDestinationIsSource()
                if partition_of(destination.region) != partition_of(region):
                    raise ReplicationAcrossPartitions(destination=destination.region, source=region)
            filters = tuple(f["filter"] for f in rule.get("repositoryFilters") or ())
            delete = rule.get("deleteReplication")
            rules.append(
                ReplicationRule(
                    destinations=destinations,
                    filters=filters,
                    delete_replication=None if delete is None else bool(delete["enabled"]),
                )
            )
        return cls(tuple(rules))

    def destinations_for(self, repository_name: str) -> list[tuple[Destination, bool]]:
        """Each destination a push into the repository goes to (once, in rule order).

        The flag says whether deletions replicate there (some matching rule enables it).
        """
        out: dict[Destination, bool] = {}
        for rule in self.rules:
            if rule.matches(repository_name):
                for destination in rule.destinations:
                    out[destination] = out.get(destination, False) or bool(rule.delete_replication)
        return list(out.items())

    def covers(self, destination: Destination) -> bool:
        return any(destination in rule.destinations for rule in self.rules)

    def to_api(self) -> dict[str, Any]:
        return {"rules": [rule.to_api() for rule in self.rules]}


@dataclass(frozen=True)
class Replica:
    """One image as it leaves the source: what the destination receives."""

    source_account: str
    source_region: str
    repository_name: str
    digest: str
    manifest: str
    media_type: str
    tags: tuple[str, ...]
    #: For an image index: the images it references, replicated with it (untagged).
    children: tuple[Replica, ...] = ()
    #: ``(digest, bytes)`` of the image's layers the source repository holds (shared, not copied).
    layers: tuple[tuple[str, bytes], ...] = ()


class ReplicaTarget(Protocol):
    """What replication needs of a destination registry."""

    account_id: str
    region: str

    def accept_replica(self, replica: Replica) -> str | None:
        """Store the replica; ``None`` on success, else the failure code."""

    def remove_replica(self, repository_name: str, digest: str, tag: str | None) -> None:
        """Replicate a deletion: the tag (``tag`` given) or the whole image."""


RegistryLookup = Callable[[str, str], ReplicaTarget]


@dataclass
class ReplicationRecord:
    """The status of one image in one destination."""

    destination: Destination
    status: str
    failure_code: str | None = None
    #: While IN_PROGRESS under a plan: polls left, how it ends, and what to deliver.
    polls_left: int = 0
    final_status: str | None = None
    final_failure_code: str | None = None
    pending: Replica | None = None

    def to_api(self) -> dict[str, str]:
        out = {**self.destination.to_api(), "status": self.status}
        if self.failure_code is not None:
            out["failureCode"] = self.failure_code
        return out


@dataclass
class ReplicationPlan:
    """How the next replication of an image (to one destination, or to any) goes."""

    repository_name: str
    image_key: tuple[str, str] | None
    destination: Destination | None
    status: str | None
    failure_code: str | None
    polls: int

    def describe(self, account_id: str, region: str, pushed: bool) -> str:
        """One line for ``unused_seeds``: which plan, and why it is unused."""
        if self.image_key is None:
            image, missing = "any image", "no image was pushed"
        else:
            kind, value = self.image_key
            image = f"image {{{kind}: '{value}'}}"
            missing = f"no image with that {'tag' if kind == 'imageTag' else 'digest'} was pushed"
        reason = (
            "no push of it was replicated since the plan (does a replication rule match it?)"
            if pushed
            else missing
        )
        return (
            f"replication plan for repository '{self.repository_name}', {image}, in registry "
            f"{account_id}/{region}: {reason}"
        )

    def applies(self, replica: Replica) -> bool:
        """Whether the plan names this image (any image of the repository when no image id)."""
        if self.repository_name != replica.repository_name:
            return False
        if self.image_key is None:
            return True
        kind, value = self.image_key
        return value == replica.digest if kind == "imageDigest" else value in replica.tags


def check_plan(
    status: str | None, failure_code: str | None, polls: int, destination: Any
) -> Destination | None:
    """Check ``plan_replication``'s arguments (``EcrFakeError`` naming the rule)."""
    if status is not None and status not in _STATUSES:
        raise EcrFakeError(
            f"plan_replication: status {status!r} is not one of {list(_STATUSES)} (None: COMPLETE)"
        )
    if failure_code is not None and status != "FAILED":
        raise EcrFakeError("plan_replication: failure_code is only for status='FAILED'")
    if failure_code is not None and (not isinstance(failure_code, str) or not failure_code):
        raise EcrFakeError(f"plan_replication: failure_code {failure_code!r} is not a text")
    if isinstance(polls, bool) or not isinstance(polls, int) or polls < 0:
        raise EcrFakeError(f"plan_replication: polls {polls!r} must be an integer >= 0")
    if destination is None:
        return None
    if (
        isinstance(destination, dict)
        and set(destination) == {"region", "registryId"}
        and isinstance(destination["region"], str)
        and REGION_RE.match(destination["region"])
        and isinstance(destination["registryId"], str)
        and ACCOUNT_RE.match(destination["registryId"])
    ):
        return Destination.from_api(destination)
    raise EcrFakeError(
        f"plan_replication: destination {destination!r} must be "
        "{'region': '<region>', 'registryId': '<account>'} or None (every destination)"
    )


@dataclass
class ReplicationModel:
    """The replication state of one source registry."""

    account_id: str
    region: str
    config: ReplicationConfiguration = field(default_factory=ReplicationConfiguration)
    records: dict[tuple[str, str], dict[Destination, ReplicationRecord]] = field(
        default_factory=dict
    )
    plans: list[ReplicationPlan] = field(default_factory=list)

    def put_configuration(self, raw: dict[str, Any]) -> ReplicationConfiguration:
        """PutReplicationConfiguration: replaces the whole configuration."""
        self.config = ReplicationConfiguration.parse(raw, self.account_id, self.region)
        return self.config

    def add_plan(self, plan: ReplicationPlan) -> None:
        self.plans.append(plan)

    def _take_plan(
        self, replica: Replica, destinations: Sequence[Destination]
    ) -> ReplicationPlan | None:
        """The first unused plan for this image and one of these destinations (used up)."""
        for plan in self.plans:
            if plan.applies(replica) and (
                plan.destination is None or plan.destination in destinations
            ):
                self.plans.remove(plan)
                return plan
        return None

    # -- the work -------------------------------------------------------------------------------

    def on_push(self, replica: Replica, lookup: RegistryLookup) -> list[ReplicationRecord]:
        """Replicate a push into every destination a rule names for its repository.

        A plan of the test's applies to this push (to its destination, or to every destination)
        and is used up by it.
        """
        destinations = [d for d, _ in self.config.destinations_for(replica.repository_name)]
        plan = self._take_plan(replica, destinations) if self.plans and destinations else None
        out = []
        for destination in destinations:
            applies = plan is not None and plan.destination in (None, destination)
            out.append(self.replicate(replica, destination, lookup, plan if applies else None))
        return out

    def replicate(
        self,
        replica: Replica,
        destination: Destination,
        lookup: RegistryLookup,
        plan: ReplicationPlan | None = None,
    ) -> ReplicationRecord:
        """Deliver one replica to one destination now (or hold it, as a plan says)."""
        key = (replica.repository_name, replica.digest)
        record = ReplicationRecord(destination=destination, status="IN_PROGRESS")
        self.records.setdefault(key, {})[destination] = record
        if plan is not None and plan.polls > 0:
            record.polls_left = plan.polls
            record.final_status = plan.status
            record.final_failure_code = plan.failure_code
            record.pending = replica
            return record
        status = plan.status if plan is not None else None
        code = plan.failure_code if plan is not None else None
        self._finish(record, replica, status, code, lookup)
        return record

    def _finish(
        self,
        record: ReplicationRecord,
        replica: Replica,
        status: str | None,
        failure_code: str | None,
        lookup: RegistryLookup,
    ) -> None:
        record.pending = None
        if status == "FAILED":
            record.status, record.failure_code = "FAILED", failure_code or "REPLICATION_FAILED"
            return
        target = lookup(record.destination.registry_id, record.destination.region)
        code = target.accept_replica(replica)
        record.status, record.failure_code = (
            ("COMPLETE", None) if code is None else ("FAILED", code)
        )

    def statuses(
        self, repository_name: str, digest: str, lookup: RegistryLookup
    ) -> list[dict[str, str]]:
        """DescribeImageReplicationStatus: one answered call (a held replication moves on)."""
        out = []
        for record in self.records.get((repository_name, digest), {}).values():
            if record.pending is not None:
                if record.polls_left > 0:
                    record.polls_left -= 1
                else:
                    self._finish(
                        record,
                        record.pending,
                        record.final_status,
                        record.final_failure_code,
                        lookup,
                    )
            out.append(record.to_api())
        return out

    def on_image_deleted(self, repository_name: str, digest: str, lookup: RegistryLookup) -> None:
        """The image is gone from the source: its statuses go, and the deletion replicates where
        a rule enables ``deleteReplication``."""
        self.records.pop((repository_name, digest), None)
        for destination, delete in self.config.destinations_for(repository_name):
            if delete:
                lookup(destination.registry_id, destination.region).remove_replica(
                    repository_name, digest, None
                )

    def on_tag_removed(
        self, repository_name: str, digest: str, tag: str, lookup: RegistryLookup
    ) -> None:
        """A tag left an image that keeps other tags: the same tag goes where deletes replicate."""
        for destination, delete in self.config.destinations_for(repository_name):
            if delete:
                lookup(destination.registry_id, destination.region).remove_replica(
                    repository_name, digest, tag
                )

    def forget_repository(self, repository_name: str, digests: Sequence[str]) -> None:
        for digest in digests:
            self.records.pop((repository_name, digest), None)
