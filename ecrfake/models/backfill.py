"""Replication backfills: replicating the images a registry held before a rule matched them.

What the model docs and the User Guide ("Replication backfill") say, and ecrfake does:

* A backfill targets one destination, which must be in the registry's replication configuration
  (else ``ValidationException``). Only one backfill may be in progress per destination Region
  (``ReplicationBackfillInProgressException``), at most 10 per registry (``LimitExceededException``).
* Each image and tag combination is one replication (an untagged image is one, by digest).
* Statuses: ``PREPARING`` -> ``IN_PROGRESS`` -> ``COMPLETE`` / ``FAILED``; ``STOPPING`` ->
  ``STOPPED``. Only a ``PREPARING`` or ``IN_PROGRESS`` backfill can be stopped
  (``ReplicationBackfillInvalidStatusException``). ``FAILED`` once at least 100 replications were
  processed and 50% or more of them failed. Per-image results appear once it is terminal. Terminal
  backfills are kept 90 days after they end.

In the fake a backfill starts ``PREPARING`` and does all its work at the next read of the registry's
backfills (ListReplicationBackfills or DescribeReplicationBackfillResults), so a test can stop it
before that: it then reads ``STOPPED`` with no progress (nothing was replicated).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ecrfake.exceptions import (
    BackfillDestinationNotConfigured,
    BackfillLimit,
    InvalidParameterException,
    ReplicationBackfillInProgressException,
    ReplicationBackfillInvalidStatusException,
    ReplicationBackfillNotFoundException,
)
from ecrfake.models import _paging
from ecrfake.models.replication import Destination, ReplicationConfiguration

__all__ = ["MAX_IN_PROGRESS", "RETENTION", "Backfill", "BackfillResult", "BackfillStore"]

MAX_IN_PROGRESS = 10
RETENTION = datetime.timedelta(days=90)
LIST_PAGE = 25  # "If this parameter is not used, then ListReplicationBackfills returns up to 25"
_TERMINAL = ("COMPLETE", "FAILED", "STOPPED")
_STOPPABLE = ("PREPARING", "IN_PROGRESS")
#: ecrfake's code for a backfill that crossed the documented failure threshold.
THRESHOLD_FAILURE = "REPLICATION_FAILURE_THRESHOLD_EXCEEDED"


@dataclass(frozen=True)
class BackfillResult:
    repository_name: str
    image_id: dict[str, str]
    status: str
    failure_code: str | None = None
    #: Only for an image index ("present only when the image is a manifest list").
    sub_image_failure_codes: tuple[str, ...] | None = None

    def to_api(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "repositoryName": self.repository_name,
            "imageId": dict(self.image_id),
            "status": self.status,
        }
        if self.failure_code is not None:
            out["failureCode"] = self.failure_code
        if self.sub_image_failure_codes is not None:
            out["subImageFailureCodes"] = list(self.sub_image_failure_codes)
        return out


@dataclass(eq=False)
class Backfill:
    backfill_id: str
    destination: Destination
    started_at: datetime.datetime
    status: str = "PREPARING"
    ended_at: datetime.datetime | None = None
    failure_code: str | None = None
    results: list[BackfillResult] | None = None
    seq: int = 0

    @property
    def terminal(self) -> bool:
        return self.status in _TERMINAL

    def progress(self) -> dict[str, Any] | None:
        """``None`` until preparation finished (and for one stopped while preparing)."""
        if self.results is None:
            return None
        failed = [r for r in self.results if r.status == "FAILED"]
        return {
            "totalReplicationCount": len(self.results),
            "completedReplicationCount": len(self.results) - len(failed),
            "failedReplicationCount": len(failed),
            "failureCodes": list(dict.fromkeys(r.failure_code for r in failed if r.failure_code)),
        }

    def summary(self) -> dict[str, Any]:
        """The API's ``ReplicationBackfillSummary``."""
        out: dict[str, Any] = {
            "replicationBackfillId": self.backfill_id,
            "destination": self.destination.to_api(),
            "status": self.status,
            "startedAt": self.started_at,
        }
        if self.failure_code is not None:
            out["failureCode"] = self.failure_code
        progress = self.progress()
        if progress is not None:
            out["progress"] = progress
        if self.ended_at is not None:
            out["endedAt"] = self.ended_at
        return out


#: Runs a backfill's replications: given the destination, the per-image results.
Runner = Callable[[Destination], list[BackfillResult]]


@dataclass
class BackfillStore:
    account_id: str
    region: str
    backfills: dict[str, Backfill] = field(default_factory=dict)
    _seq: int = 0

    def start(
        self, destination: Destination, config: ReplicationConfiguration, now: datetime.datetime
    ) -> Backfill:
        """StartReplicationBackfill."""
        if not config.covers(destination):
            raise BackfillDestinationNotConfigured(
                region=destination.region,
                registry_id=destination.registry_id,
                source=self.account_id,
            )
        running = [b for b in self.backfills.values() if not b.terminal]
        if any(b.destination.region == destination.region for b in running):
            raise ReplicationBackfillInProgressException(
                region=destination.region, registry_id=self.account_id
            )
        if len(running) >= MAX_IN_PROGRESS:
            raise BackfillLimit(registry_id=self.account_id, limit=MAX_IN_PROGRESS)
        self._seq += 1
        backfill = Backfill(str(uuid.uuid4()), destination, now, seq=self._seq)
        self.backfills[backfill.backfill_id] = backfill
        return backfill

    def get(self, backfill_id: str, now: datetime.datetime) -> Backfill:
        backfill = self.backfills.get(backfill_id.lower())
        if backfill is None or self._expired(backfill, now):
            raise ReplicationBackfillNotFoundException(
                backfill_id=backfill_id, registry_id=self.account_id
            )
        return backfill

    def stop(self, backfill_id: str, now: datetime.datetime) -> Backfill:
        """StopReplicationBackfill: a backfill still preparing stops with nothing replicated."""
        backfill = self.get(backfill_id, now)
        if backfill.status not in _STOPPABLE:
            raise ReplicationBackfillInvalidStatusException(
                backfill_id=backfill_id, status=backfill.status
            )
        backfill.status = "STOPPED"
        backfill.ended_at = now
        return backfill

    def advance(self, run: Runner, now: datetime.datetime) -> None:
        """Do the work of every backfill still preparing (the fake's backfills take no time)."""
        for backfill in sorted(self.backfills.values(), key=lambda b: b.seq):
            if backfill.status != "PREPARING":
                continue
            results = run(backfill.destination)
            backfill.results = results
            failed = sum(1 for r in results if r.status == "FAILED")
            if len(results) >= 100 and failed * 2 >= len(results):
                backfill.status, backfill.failure_code = "FAILED", THRESHOLD_FAILURE
            else:
                backfill.status = "COMPLETE"
            backfill.ended_at = now

    def list_page(
        self, max_results: int | None, next_token: str | None, now: datetime.datetime
    ) -> tuple[list[Backfill], str | None]:
        """ListReplicationBackfills: in start order, 25 a page unless told."""
        scope = f"{self.account_id}/{self.region}"
        after = _paging.decode_token(next_token, "ListReplicationBackfills", scope)
        limit = LIST_PAGE if max_results is None else max_results
        kept = [
            b
            for b in sorted(self.backfills.values(), key=lambda b: b.seq)
            if b.seq > after and not self._expired(b, now)
        ]
        page = kept[:limit]
        token = None
        if len(kept) > limit:
            token = _paging.encode_token("ListReplicationBackfills", scope, page[-1].seq)
        return page, token

    def results_page(
        self,
        backfill: Backfill,
        status_filter: str | None,
        max_results: int | None,
        next_token: str | None,
    ) -> tuple[list[BackfillResult], str | None]:
        """DescribeReplicationBackfillResults' ``results``: empty until the backfill is terminal."""
        scope = f"{backfill.backfill_id}/{status_filter}"
        after = _paging.decode_token(next_token, "DescribeReplicationBackfillResults", scope)
        if not backfill.terminal or backfill.results is None:
            if after:
                raise InvalidParameterException(
                    path="nextToken", constraint="The token is not valid for this request"
                )
            return [], None
        kept = [r for r in backfill.results if status_filter is None or r.status == status_filter]
        limit = _paging.page_size(max_results)
        page = kept[after : after + limit]
        token = None
        if after + limit < len(kept):
            token = _paging.encode_token("DescribeReplicationBackfillResults", scope, after + limit)
        return page, token

    @staticmethod
    def _expired(backfill: Backfill, now: datetime.datetime) -> bool:
        return backfill.ended_at is not None and now - backfill.ended_at > RETENTION
