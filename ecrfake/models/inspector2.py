"""Amazon Inspector's view of one registry's enhanced findings.

Every enhanced finding ECR serves for an image under enhanced scanning is also one Inspector2
``Finding`` with the same ``findingArn``. :func:`to_inspector_finding` turns the ECR form (as
:func:`ecrfake.models.served_findings.serve_enhanced` fills it in) into Inspector's: ``score``/``scoreDetails``
become ``inspectorScore``/``inspectorScoreDetails.adjustedCvss``, the resource gains its region,
partition and the repository's tags, the recommendation's ``url`` is spelt ``Url`` as Inspector
spells it, and the Inspector-only members a seed may carry (``epss``, ``exploitabilityDetails``)
appear here and only here.

:class:`InspectorFindings` keeps the findings of one registry, including closed ones (Inspector
closes a finding when its image is deleted or leaves enhanced scanning; it reads ``CLOSED``, it is
not gone), indexed by repository and image so that a ListFindings filtered by repository reads only
that repository's findings.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ecrfake.findings import INSPECTOR_ONLY_MEMBERS
from ecrfake.models.inspector2_fields import (
    FINDING_FIELDS,
    RESOURCE_TYPE,
    SEVERITY_RANK,
    SORT_FIELDS,
    sort_records,
)
from ecrfake.models.inspector2_filters import compile_criteria, equality_values

__all__ = [
    "ACTIVE",
    "CLOSED",
    "FINDING_FIELDS",
    "INSPECTOR_ONLY_MEMBERS",
    "RESOURCE_TYPE",
    "SEVERITY_RANK",
    "SORT_FIELDS",
    "FindingRecord",
    "InspectorFindings",
    "sort_records",
    "to_inspector_finding",
]

ACTIVE = "ACTIVE"
CLOSED = "CLOSED"


def _adjusted_cvss(cvss: Mapping[str, Any]) -> dict[str, Any] | None:
    """ECR's ``scoreDetails.cvss`` as Inspector's ``adjustedCvss`` (None without a vector)."""
    if not cvss.get("scoringVector") or cvss.get("score") is None:
        return None
    out: dict[str, Any] = {
        "scoreSource": cvss.get("scoreSource") or "NVD",
        "cvssSource": cvss.get("scoreSource") or "NVD",
        "version": cvss.get("version") or "3.1",
        "score": cvss["score"],
        "scoringVector": cvss["scoringVector"],
        "adjustments": list(cvss.get("adjustments") or []),
    }
    return out


def _package_details(details: Mapping[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(dict(details))
    # Inspector's CvssScore requires every member; entries the seed left incomplete are dropped.
    cvss = [
        c
        for c in out.get("cvss") or []
        if all(c.get(k) is not None for k in ("baseScore", "scoringVector", "source", "version"))
    ]
    if "cvss" in out:
        out["cvss"] = cvss
    return out


def to_inspector_finding(
    served: Mapping[str, Any],
    *,
    region: str,
    partition: str,
    repository_tags: Mapping[str, str] | None = None,
    status: str | None = None,
    updated_at: datetime.datetime | None = None,
) -> dict[str, Any]:
    """Inspector2's ``Finding`` for one ECR enhanced finding as served for its image.

    ``status`` and ``updated_at`` override the served values (a closed finding); everything else
    comes from ``served``. The result is a fresh dict; ``served`` is not modified.
    """
    out: dict[str, Any] = {
        "findingArn": served["findingArn"],
        "awsAccountId": served["awsAccountId"],
        "type": served.get("type", "PACKAGE_VULNERABILITY"),
        "description": served.get("description") or served.get("title") or served["findingArn"],
    }
    if served.get("title") is not None:
        out["title"] = served["title"]
    recommendation = dict((served.get("remediation") or {}).get("recommendation") or {})
    if "url" in recommendation:
        recommendation["Url"] = recommendation.pop("url")
    out["remediation"] = {"recommendation": recommendation} if recommendation else {}
    out["severity"] = served.get("severity", "UNTRIAGED")
    out["firstObservedAt"] = served["firstObservedAt"]
    out["lastObservedAt"] = served["lastObservedAt"]
    out["updatedAt"] = updated_at or served.get("updatedAt") or served["lastObservedAt"]
    out["status"] = status or served.get("status") or ACTIVE
    resources = []
    for resource in served.get("resources") or []:
        converted: dict[str, Any] = {
            "type": resource.get("type", RESOURCE_TYPE),
            "id": resource["id"],
            "partition": partition,
            "region": region,
        }
        tags = dict(repository_tags or {})
        tags.update(resource.get("tags") or {})
        if tags:
            converted["tags"] = tags
        if resource.get("details"):
            converted["details"] = copy.deepcopy(dict(resource["details"]))
        resources.append(converted)
    out["resources"] = resources
    if served.get("score") is not None:
        out["inspectorScore"] = served["score"]
        adjusted = _adjusted_cvss((served.get("scoreDetails") or {}).get("cvss") or {})
        if adjusted is not None:
            out["inspectorScoreDetails"] = {"adjustedCvss": adjusted}
    if served.get("packageVulnerabilityDetails") is not None:
        out["packageVulnerabilityDetails"] = _package_details(served["packageVulnerabilityDetails"])
    for member in ("fixAvailable", "exploitAvailable", *INSPECTOR_ONLY_MEMBERS):
        if served.get(member) is not None:
            out[member] = copy.deepcopy(served[member])
    return out


class FindingRecord:
    """One Inspector finding and the facts filters, sorting and aggregations read from it.

    ``api`` is never mutated once the record is built: a change (closing, re-observing) makes a new
    record, so an event that kept a reference keeps the finding as it was.
    """

    __slots__ = (
        "account",
        "api",
        "architecture",
        "arn",
        "digest",
        "epss",
        "exploit",
        "first",
        "fix",
        "last",
        "packages",
        "pushed_at",
        "registry",
        "related",
        "repository",
        "resource_id",
        "resource_tags",
        "score",
        "severity",
        "source",
        "status",
        "tags",
        "title",
        "type",
        "updated",
        "vendor_severity",
        "vulnerability_id",
    )

    def __init__(self, api: dict[str, Any]) -> None:
        self.api = api
        self.arn: str = api["findingArn"]
        self.account: str = api["awsAccountId"]
        self.type: str = api["type"]
        self.severity: str = api["severity"]
        self.status: str = api["status"]
        self.title: str | None = api.get("title")
        self.first: datetime.datetime = api["firstObservedAt"]
        self.last: datetime.datetime = api["lastObservedAt"]
        self.updated: datetime.datetime = api["updatedAt"]
        self.score: float | None = api.get("inspectorScore")
        self.fix: str | None = api.get("fixAvailable")
        self.exploit: str | None = api.get("exploitAvailable")
        self.epss: float | None = (api.get("epss") or {}).get("score")
        resource = api["resources"][0] if api["resources"] else {}
        image = (resource.get("details") or {}).get("awsEcrContainerImage") or {}
        self.resource_id: str | None = resource.get("id")
        self.resource_tags: dict[str, str] = resource.get("tags") or {}
        self.repository: str = image.get("repositoryName", "")
        self.digest: str = image.get("imageHash", "")
        self.tags: tuple[str, ...] = tuple(image.get("imageTags") or ())
        self.registry: str | None = image.get("registry")
        self.architecture: str | None = image.get("architecture")
        self.pushed_at: datetime.datetime | None = image.get("pushedAt")
        details = api.get("packageVulnerabilityDetails") or {}
        self.vulnerability_id: str | None = details.get("vulnerabilityId")
        self.source: str | None = details.get("source")
        self.vendor_severity: str | None = details.get("vendorSeverity")
        self.packages: tuple[dict[str, Any], ...] = tuple(details.get("vulnerablePackages") or ())
        self.related: tuple[str, ...] = tuple(details.get("relatedVulnerabilities") or ())

    def with_status(self, status: str, now: datetime.datetime) -> FindingRecord:
        """The same finding with another status, updated at ``now``."""
        api = dict(self.api)
        api["status"] = status
        api["updatedAt"] = now
        return FindingRecord(api)

    @property
    def package_names(self) -> tuple[str, ...]:
        return tuple(p["name"] for p in self.packages if p.get("name"))

    @property
    def layer_hashes(self) -> tuple[str, ...]:
        return tuple(p["sourceLayerHash"] for p in self.packages if p.get("sourceLayerHash"))


class InspectorFindings:
    """One registry's Inspector findings (active and closed), in the order they were first seen.

    Indexed by repository name and by image ``(repository, digest)``; the index is what makes a
    ListFindings filtered by ``ecrImageRepositoryName`` read only that repository's findings.
    """

    def __init__(self) -> None:
        self._by_arn: dict[str, FindingRecord] = {}
        self._by_repo: dict[str, dict[str, None]] = {}
        self._by_image: dict[tuple[str, str], dict[str, None]] = {}

    def __len__(self) -> int:
        return len(self._by_arn)

    def __iter__(self) -> Iterator[FindingRecord]:
        return iter(list(self._by_arn.values()))

    def get(self, arn: str) -> FindingRecord | None:
        return self._by_arn.get(arn)

    def put(self, record: FindingRecord) -> FindingRecord | None:
        """Store ``record`` (replacing the one with its ARN, keeping its place); returns the old."""
        old = self._by_arn.get(record.arn)
        self._by_arn[record.arn] = record
        if old is None:
            self._by_repo.setdefault(record.repository, {})[record.arn] = None
            self._by_image.setdefault((record.repository, record.digest), {})[record.arn] = None
        return old

    def of_image(self, repository: str, digest: str) -> list[FindingRecord]:
        arns = self._by_image.get((repository, digest), {})
        return [self._by_arn[a] for a in arns]

    def of_repository(self, repository: str) -> list[FindingRecord]:
        return [self._by_arn[a] for a in self._by_repo.get(repository, {})]

    def repositories(self) -> list[str]:
        return list(self._by_repo)

    def replace_image(
        self,
        repository: str,
        digest: str,
        findings: Iterable[FindingRecord],
        now: datetime.datetime,
    ) -> tuple[list[FindingRecord], list[FindingRecord]]:
        """What a finished scan of one image reports now.

        Returns ``(changed, closed)``: the records that are new or differ from what was stored, and
        the formerly active findings of the image the scan no longer reports (now ``CLOSED``).
        """
        changed: list[FindingRecord] = []
        seen: set[str] = set()
        for record in findings:
            seen.add(record.arn)
            existing = self._by_arn.get(record.arn)
            if existing is not None and existing.status != record.status:
                record = record.with_status(record.status, now)  # re-opened now
            old = self.put(record)
            if old is None or old.api != record.api:
                changed.append(record)
        closed = [
            self.close(r.arn, now)
            for r in self.of_image(repository, digest)
            if r.arn not in seen and r.status != CLOSED
        ]
        return changed, closed

    def close(self, arn: str, now: datetime.datetime) -> FindingRecord:
        record = self._by_arn[arn].with_status(CLOSED, now)
        self._by_arn[arn] = record
        return record

    def close_image(
        self, repository: str, digest: str, now: datetime.datetime
    ) -> list[FindingRecord]:
        """Close every active finding of one image (deleted, or out of enhanced scanning)."""
        return [
            self.close(r.arn, now) for r in self.of_image(repository, digest) if r.status != CLOSED
        ]

    def candidates(self, criteria: Mapping[str, Any] | None) -> Sequence[FindingRecord]:
        """The records a query must look at: one repository's (or image's) when the criteria name
        repositories exactly, else all of them, in store order."""
        criteria = criteria or {}
        names = equality_values(criteria.get("ecrImageRepositoryName"))
        if names is None:
            names = equality_values(criteria.get("cloudImageRepositoryName"))
        if names is None:
            return list(self._by_arn.values())
        if len(names) == 1:
            return self.of_repository(next(iter(names)))
        wanted = set(names)
        return [r for r in self._by_arn.values() if r.repository in wanted]

    def query(
        self,
        criteria: Mapping[str, Any] | None,
        sort_criteria: Mapping[str, Any] | None = None,
    ) -> list[FindingRecord]:
        """Every record the criteria match, in ``sortCriteria`` order (else store order)."""
        predicate = compile_criteria(criteria, FINDING_FIELDS)
        pool = self.candidates(criteria)
        matched = list(pool) if predicate is None else [r for r in pool if predicate(r)]
        return sort_records(matched, sort_criteria)
