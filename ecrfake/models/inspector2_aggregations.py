"""ListFindingAggregations over one registry's Inspector findings.

Each aggregation type groups findings by one fact and counts them by severity
(``severityCounts``: ``all``, ``critical``, ``high``, ``medium``, ``low``, ``informational``,
``untriaged``). ecrfake counts ``ACTIVE`` findings only, as Inspector's dashboard and aggregation
views do (closed and suppressed findings are not part of an account's exposure; see
docs/inspector2.md). The types that apply to container images are answered from the findings:
``AWS_ECR_CONTAINER``, ``CONTAINER_IMAGE``, ``REPOSITORY``, ``IMAGE_LAYER``, ``PACKAGE``, ``TITLE``,
``FINDING_TYPE`` and ``ACCOUNT``; the others (EC2, Lambda, AMI, code repositories) have no
findings in ecrfake and answer an empty list.

Groups are sorted by ``sortBy`` (default ``CRITICAL``) in ``sortOrder`` (default ``DESC``), ties
broken by the group's name ascending, so pages are stable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ecrfake.models.inspector2 import ACTIVE, RESOURCE_TYPE, FindingRecord
from ecrfake.models.inspector2_filters import (
    DATE,
    NUMBER,
    STRING,
    STRINGS,
    Field,
    compile_criteria,
)

__all__ = ["AGGREGATION_MEMBERS", "aggregate", "severity_counts"]

#: AggregationType -> the member of AggregationRequest / AggregationResponse it uses.
AGGREGATION_MEMBERS = {
    "FINDING_TYPE": "findingTypeAggregation",
    "PACKAGE": "packageAggregation",
    "TITLE": "titleAggregation",
    "REPOSITORY": "repositoryAggregation",
    "AMI": "amiAggregation",
    "AWS_EC2_INSTANCE": "ec2InstanceAggregation",
    "AWS_ECR_CONTAINER": "awsEcrContainerAggregation",
    "IMAGE_LAYER": "imageLayerAggregation",
    "ACCOUNT": "accountAggregation",
    "AWS_LAMBDA_FUNCTION": "lambdaFunctionAggregation",
    "LAMBDA_LAYER": "lambdaLayerAggregation",
    "CODE_REPOSITORY": "codeRepositoryAggregation",
    "VM_INSTANCE": "vmInstanceAggregation",
    "CONTAINER_IMAGE": "containerImageAggregation",
    "SERVERLESS_FUNCTION": "serverlessFunctionAggregation",
}

_COUNT_KEYS = ("critical", "high", "medium", "low", "informational", "untriaged")


def severity_counts(records: Iterable[FindingRecord]) -> dict[str, int]:
    counts = dict.fromkeys(("all", *_COUNT_KEYS), 0)
    for record in records:
        counts["all"] += 1
        key = record.severity.lower()
        if key in counts:
            counts[key] += 1
    return counts


def _get(name: str) -> Callable[[FindingRecord], Any]:
    return lambda record: getattr(record, name)


#: Request member -> how it reads a finding, per aggregation type (all lists of StringFilter etc).
_REQUEST_FIELDS: dict[str, dict[str, Field]] = {
    "AWS_ECR_CONTAINER": {
        "resourceIds": Field(STRING, _get("resource_id")),
        "imageShas": Field(STRING, _get("digest")),
        "repositories": Field(STRING, _get("repository")),
        "architectures": Field(STRING, _get("architecture")),
        "imageTags": Field(STRINGS, _get("tags")),
        "lastInUseAt": Field(DATE, lambda r: None),
        "inUseCount": Field(NUMBER, lambda r: None),
    },
    "CONTAINER_IMAGE": {
        "resourceIds": Field(STRING, _get("resource_id")),
        "imageDigests": Field(STRING, _get("digest")),
        "repositories": Field(STRING, _get("repository")),
        "registries": Field(STRING, _get("registry")),
        "architectures": Field(STRING, _get("architecture")),
        "imageTags": Field(STRINGS, _get("tags")),
        "cloudProviders": Field(STRING, lambda r: "AWS"),
        "cloudAccountIds": Field(STRING, _get("account")),
    },
    "REPOSITORY": {"repositories": Field(STRING, _get("repository"))},
    "IMAGE_LAYER": {
        "repositories": Field(STRING, _get("repository")),
        "resourceIds": Field(STRING, _get("resource_id")),
        "layerHashes": Field(STRINGS, lambda r: r.layer_hashes),
    },
    "PACKAGE": {"packageNames": Field(STRINGS, lambda r: r.package_names)},
    "TITLE": {
        "titles": Field(STRING, _get("title")),
        "vulnerabilityIds": Field(STRING, _get("vulnerability_id")),
    },
    "FINDING_TYPE": {},
    "ACCOUNT": {},
}


def _filter(
    records: Sequence[FindingRecord], kind: str, request: Mapping[str, Any]
) -> list[FindingRecord]:
    fields = _REQUEST_FIELDS[kind]
    criteria = {k: v for k, v in request.items() if k in fields}
    predicate = compile_criteria(criteria, fields)
    out = [r for r in records if r.status == ACTIVE and (predicate is None or predicate(r))]
    finding_type = request.get("findingType")
    if finding_type is not None:
        out = [r for r in out if r.type == finding_type]
    resource_type = request.get("resourceType")
    if resource_type is not None and resource_type != RESOURCE_TYPE:
        out = []
    return out


def _group(
    records: Iterable[FindingRecord], keys: Callable[[FindingRecord], Iterable[Any]]
) -> dict[Any, list[FindingRecord]]:
    groups: dict[Any, list[FindingRecord]] = {}
    for record in records:
        for key in dict.fromkeys(keys(record)):
            groups.setdefault(key, []).append(record)
    return groups


def _image_group(kind: str, records: list[FindingRecord]) -> dict[str, Any]:
    first = records[0]
    if kind == "AWS_ECR_CONTAINER":
        out: dict[str, Any] = {
            "resourceId": first.resource_id,
            "imageSha": first.digest,
            "repository": first.repository,
            "imageTags": list(first.tags),
            "accountId": first.account,
            "severityCounts": severity_counts(records),
        }
    else:  # CONTAINER_IMAGE, the provider-neutral form
        out = {
            "resourceId": first.resource_id,
            "cloudProvider": "AWS",
            "cloudAccountId": first.account,
            "imageDigest": first.digest,
            "repository": first.repository,
            "registry": first.registry,
            "imageTags": list(first.tags),
            "accountId": first.account,
            "severityCounts": severity_counts(records),
            "exploitAvailableActiveFindingsCount": sum(r.exploit == "YES" for r in records),
            "fixAvailableActiveFindingsCount": sum(r.fix == "YES" for r in records),
        }
        if first.registry is None:
            del out["registry"]
    if first.architecture is not None:
        out["architecture"] = first.architecture
    return out


def _responses(kind: str, records: list[FindingRecord]) -> list[tuple[str, dict[str, Any]]]:
    """(group name, AggregationResponse member value) for every group."""
    if kind in ("AWS_ECR_CONTAINER", "CONTAINER_IMAGE"):
        groups = _group(records, lambda r: [r.resource_id])
        return [(str(k), _image_group(kind, g)) for k, g in groups.items()]
    if kind == "REPOSITORY":
        groups = _group(records, lambda r: [r.repository])
        return [
            (
                k,
                {
                    "repository": k,
                    "accountId": g[0].account,
                    "severityCounts": severity_counts(g),
                    "affectedImages": len({r.digest for r in g}),
                },
            )
            for k, g in groups.items()
        ]
    if kind == "IMAGE_LAYER":
        groups = _group(
            records, lambda r: [(r.repository, r.resource_id, h) for h in r.layer_hashes]
        )
        return [
            (
                "/".join(str(p) for p in k),
                {
                    "repository": k[0],
                    "resourceId": k[1],
                    "layerHash": k[2],
                    "accountId": g[0].account,
                    "severityCounts": severity_counts(g),
                },
            )
            for k, g in groups.items()
        ]
    if kind == "PACKAGE":
        groups = _group(records, lambda r: r.package_names)
        return [
            (k, {"packageName": k, "accountId": g[0].account, "severityCounts": severity_counts(g)})
            for k, g in groups.items()
        ]
    if kind == "TITLE":
        groups = _group(records, lambda r: [r.title or r.vulnerability_id or r.arn])
        out = []
        for k, g in groups.items():
            item: dict[str, Any] = {
                "title": k,
                "accountId": g[0].account,
                "severityCounts": severity_counts(g),
            }
            if g[0].vulnerability_id is not None:
                item["vulnerabilityId"] = g[0].vulnerability_id
            out.append((k, item))
        return out
    if kind in ("FINDING_TYPE", "ACCOUNT"):
        groups = _group(records, lambda r: [r.account])
        return [
            (
                k,
                {
                    "accountId": k,
                    "severityCounts": severity_counts(g),
                    "exploitAvailableCount": sum(r.exploit == "YES" for r in g),
                    "fixAvailableCount": sum(r.fix == "YES" for r in g),
                },
            )
            for k, g in groups.items()
        ]
    return []


def _sort_value(item: dict[str, Any], sort_by: str) -> int:
    if sort_by == "AFFECTED_IMAGES":
        return int(item.get("affectedImages", 0))
    counts = item.get("severityCounts") or {}
    return int(counts.get({"CRITICAL": "critical", "HIGH": "high"}.get(sort_by, "all"), 0))


def aggregate(
    records: Sequence[FindingRecord],
    kind: str,
    request: Mapping[str, Any] | None,
    account_filters: Sequence[Mapping[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """The ``responses`` of ListFindingAggregations (every page, in order) for one type.

    Each item is an ``AggregationResponse`` union value: ``{<member>: {...}}``.
    """
    if kind not in _REQUEST_FIELDS:
        return []
    request = dict(request or {})
    pool: Sequence[FindingRecord] = records
    if account_filters:
        predicate = compile_criteria(
            {"awsAccountId": account_filters}, {"awsAccountId": Field(STRING, _get("account"))}
        )
        if predicate is not None:
            pool = [r for r in records if predicate(r)]
    items = _responses(kind, _filter(pool, kind, request))
    sort_by = request.get("sortBy") or "CRITICAL"
    descending = (request.get("sortOrder") or "DESC") == "DESC"
    items.sort(key=lambda pair: pair[0])
    items.sort(key=lambda pair: _sort_value(pair[1], sort_by), reverse=descending)
    member = AGGREGATION_MEMBERS[kind]
    return [{member: item} for _name, item in items]
