"""Amazon Inspector (``inspector2``): findings, aggregations, coverage, account state, configuration.

Inspector reads the same truth as ECR: every enhanced finding of an image under enhanced scanning
is one Inspector finding with the same ``findingArn``. Requests act on the caller's own account in
the request's region. The behaviour lives in :mod:`ecrfake.models.inspector2_service` and the
registry's Inspector coordination (:mod:`ecrfake.models.registry_inspector`); see
docs/inspector2.md. Every Inspector2 operation not registered here raises
``OperationNotImplementedError`` naming it.
"""

from __future__ import annotations

from typing import Any

from ecrfake._operations import Call, operation

__all__: list[str] = []

INSPECTOR2 = "inspector2"


@operation("ListFindings", service=INSPECTOR2)
def list_findings(call: Call) -> dict[str, Any]:
    call.registry.refresh_inspector()
    return call.registry.inspector.list_findings(call.params)


@operation("BatchGetFindingDetails", service=INSPECTOR2)
def batch_get_finding_details(call: Call) -> dict[str, Any]:
    call.registry.refresh_inspector()
    return call.registry.inspector.finding_details(call.params["findingArns"])


@operation("ListFindingAggregations", service=INSPECTOR2)
def list_finding_aggregations(call: Call) -> dict[str, Any]:
    call.registry.refresh_inspector()
    return call.registry.inspector.list_finding_aggregations(call.params)


@operation("ListCoverage", service=INSPECTOR2)
def list_coverage(call: Call) -> dict[str, Any]:
    return call.registry.inspector.list_coverage(call.registry.coverage_records(), call.params)


@operation("ListCoverageStatistics", service=INSPECTOR2)
def list_coverage_statistics(call: Call) -> dict[str, Any]:
    records = call.registry.coverage_records()
    return call.registry.inspector.list_coverage_statistics(records, call.params)


@operation("BatchGetAccountStatus", service=INSPECTOR2)
def batch_get_account_status(call: Call) -> dict[str, Any]:
    return call.registry.inspector_account_status(call.params.get("accountIds"))


@operation("Enable", service=INSPECTOR2)
def enable(call: Call) -> dict[str, Any]:
    p = call.params
    return call.registry.inspector_enable(p["resourceTypes"], p.get("accountIds"))


@operation("Disable", service=INSPECTOR2)
def disable(call: Call) -> dict[str, Any]:
    p = call.params
    return call.registry.inspector_disable(p.get("resourceTypes"), p.get("accountIds"))


@operation("GetConfiguration", service=INSPECTOR2)
def get_configuration(call: Call) -> dict[str, Any]:
    return call.registry.inspector_configuration()


@operation("UpdateConfiguration", service=INSPECTOR2)
def update_configuration(call: Call) -> dict[str, Any]:
    return call.registry.inspector_update_configuration(call.params.get("ecrConfiguration"))
