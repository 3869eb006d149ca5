"""Amazon Inspector for one registry: its findings, account state and configuration.

``RegistryModel`` owns one :class:`InspectorModel` and tells it what happens on the ECR side (an
enhanced scan finished, an image was deleted, a repository left enhanced scanning); the Inspector2
handlers read it. It gets what it needs in its constructor (account, region, partition, an
``emit`` callable for events) and never a pointer back to the registry. Coverage is ECR's own
state seen through Inspector's codes, so the registry builds the :class:`CoverageRecord` list and
this model filters, pages and counts it.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ecrfake.exceptions import AggregationRequestMismatch, InvalidPageToken
from ecrfake.models import events
from ecrfake.models.inspector2 import ACTIVE, CLOSED, FindingRecord, InspectorFindings
from ecrfake.models.inspector2_account import InspectorAccount
from ecrfake.models.inspector2_aggregations import AGGREGATION_MEMBERS, aggregate
from ecrfake.models.inspector2_coverage import (
    CoverageRecord,
    coverage_statistics,
    filter_coverage,
)

__all__ = ["Emit", "InspectorModel", "decode_page_token", "encode_page_token"]

#: ``emit(builder, *args)``: record one event for this registry at the current time.
Emit = Callable[..., None]

DEFAULT_PAGE = {"ListFindings": 50, "ListFindingAggregations": 50, "ListCoverage": 100}
#: ListCoverageStatistics answers at most 5 groups a page (``CountsList`` has max 5).
STATISTICS_PAGE = 5


def _fingerprint(request: Any) -> str:
    text = json.dumps(request, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def encode_page_token(operation: str, request: Any, offset: int) -> str:
    raw = json.dumps([operation, _fingerprint(request), offset]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_page_token(token: str | None, operation: str, request: Any) -> int:
    """Where a page starts; a token not issued for this operation and request is refused."""
    if token is None:
        return 0
    try:
        op, fingerprint, offset = json.loads(
            base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        )
    except (ValueError, TypeError, binascii.Error, UnicodeError, RecursionError):
        op = fingerprint = offset = None
    valid = (
        op == operation
        and fingerprint == _fingerprint(request)
        and isinstance(offset, int)
        and not isinstance(offset, bool)
        and offset >= 0
    )
    if not valid:
        raise InvalidPageToken(operation=operation)
    assert isinstance(offset, int)
    return offset


def _page(
    items: Sequence[Any], operation: str, params: Mapping[str, Any], size: int
) -> tuple[Sequence[Any], str | None]:
    request = {k: v for k, v in params.items() if k != "nextToken"}
    start = decode_page_token(params.get("nextToken"), operation, request)
    end = start + size
    token = encode_page_token(operation, request, end) if end < len(items) else None
    return items[start:end], token


class InspectorModel:
    """One account's Inspector in one region."""

    def __init__(self, account_id: str, region: str, partition: str, emit: Emit) -> None:
        self.account_id = account_id
        self.region = region
        self.partition = partition
        self.emit = emit
        self.findings = InspectorFindings()
        self.account = InspectorAccount(account_id)

    # -- hooks from the ECR side --------------------------------------------------------------------

    def image_scanned(
        self,
        repository: str,
        digest: str,
        tags: Sequence[str],
        records: Sequence[FindingRecord],
        now: datetime.datetime,
        *,
        initial: bool,
    ) -> None:
        """An enhanced scan of one image finished (or re-observed it): its findings now.

        Emits "Inspector2 Finding" for every finding that is new or changed or now closed, and
        "Inspector2 Scan" after the image's initial scan.
        """
        changed, closed = self.findings.replace_image(repository, digest, records, now)
        for record in (*changed, *closed):
            self.emit(events.inspector2_finding, record.api)
        if initial:
            self.emit(
                events.inspector2_scan,
                self.partition,
                repository,
                digest,
                tuple(tags),
                tuple(r.severity for r in records),
            )

    def image_gone(self, repository: str, digest: str, now: datetime.datetime) -> None:
        """The image was deleted or left enhanced scanning: its findings close (not vanish)."""
        for record in self.findings.close_image(repository, digest, now):
            self.emit(events.inspector2_finding, record.api)

    # -- ListFindings, BatchGetFindingDetails, ListFindingAggregations --------------------------------

    def list_findings(self, params: Mapping[str, Any]) -> dict[str, Any]:
        matched = self.findings.query(params.get("filterCriteria"), params.get("sortCriteria"))
        size = params.get("maxResults") or DEFAULT_PAGE["ListFindings"]
        page, token = _page(matched, "ListFindings", params, size)
        out: dict[str, Any] = {"findings": [r.api for r in page]}
        if token is not None:
            out["nextToken"] = token
        return out

    def finding_details(self, arns: Sequence[str]) -> dict[str, Any]:
        details: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        for arn in arns:
            record = self.findings.get(arn)
            if record is None:
                errors.append(
                    {
                        "findingArn": arn,
                        "errorCode": "FINDING_DETAILS_NOT_FOUND",
                        "errorMessage": f"No finding with ARN {arn} exists in account "
                        f"{self.account_id} in {self.region}.",
                    }
                )
                continue
            package = record.api.get("packageVulnerabilityDetails") or {}
            detail: dict[str, Any] = {
                "findingArn": arn,
                "referenceUrls": list(package.get("referenceUrls") or []),
                "cwes": [],
                "tools": [],
                "ttps": [],
                "evidences": [],
            }
            if record.epss is not None:
                detail["epssScore"] = record.epss
            details.append(detail)
        return {"findingDetails": details, "errors": errors}

    def list_finding_aggregations(self, params: Mapping[str, Any]) -> dict[str, Any]:
        kind = params["aggregationType"]
        request = params.get("aggregationRequest") or {}
        # The union's member must be the one the type names (AWS: ValidationException otherwise).
        member = AGGREGATION_MEMBERS[kind]
        given = [k for k, v in request.items() if v is not None]
        if given and given != [member]:
            raise AggregationRequestMismatch(member=member, kind=kind, given=", ".join(given))
        items = aggregate(list(self.findings), kind, request.get(member), params.get("accountIds"))
        size = params.get("maxResults") or DEFAULT_PAGE["ListFindingAggregations"]
        page, token = _page(items, "ListFindingAggregations", params, size)
        out: dict[str, Any] = {"aggregationType": kind, "responses": list(page)}
        if token is not None:
            out["nextToken"] = token
        return out

    # -- coverage --------------------------------------------------------------------------------

    def list_coverage(
        self, records: Sequence[CoverageRecord], params: Mapping[str, Any]
    ) -> dict[str, Any]:
        matched = filter_coverage(records, params.get("filterCriteria"))
        size = params.get("maxResults") or DEFAULT_PAGE["ListCoverage"]
        page, token = _page(matched, "ListCoverage", params, size)
        out: dict[str, Any] = {"coveredResources": [r.to_api() for r in page]}
        if token is not None:
            out["nextToken"] = token
        return out

    def list_coverage_statistics(
        self, records: Sequence[CoverageRecord], params: Mapping[str, Any]
    ) -> dict[str, Any]:
        matched = filter_coverage(records, params.get("filterCriteria"))
        total, groups = coverage_statistics(matched, params.get("groupBy"))
        out: dict[str, Any] = {"totalCounts": total}
        if params.get("groupBy") is not None:
            page, token = _page(groups, "ListCoverageStatistics", params, STATISTICS_PAGE)
            if page:
                out["countsByGroup"] = list(page)
            if token is not None:
                out["nextToken"] = token
        return out

    # -- counts for tests and docs ---------------------------------------------------------------

    def active_count(self) -> int:
        return sum(1 for r in self.findings if r.status == ACTIVE)

    def closed_count(self) -> int:
        return sum(1 for r in self.findings if r.status == CLOSED)
