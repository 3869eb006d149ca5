"""Replication: PutReplicationConfiguration, DescribeImageReplicationStatus and the backfills.

The backfill operations are recent (2026); with a botocore that lacks them they are not registered
(a client of that botocore cannot send them anyway).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ecrfake import _service
from ecrfake._operations import Call, Handler, operation

__all__: list[str] = []


def _modelled(name: str) -> Callable[[Handler], Handler]:
    """``@operation(name)`` when the installed botocore has the operation, else leave it be."""
    if _service.operation_model(name) is None:
        return lambda func: func
    return operation(name)


@operation("PutReplicationConfiguration")
def put_replication_configuration(call: Call) -> dict[str, Any]:
    return call.registry.put_replication_configuration(call.params["replicationConfiguration"])


@operation("DescribeImageReplicationStatus")
def describe_image_replication_status(call: Call) -> dict[str, Any]:
    p = call.params
    return call.registry.describe_image_replication_status(p["repositoryName"], p["imageId"])


@_modelled("StartReplicationBackfill")
def start_replication_backfill(call: Call) -> dict[str, Any]:
    backfill = call.registry.start_replication_backfill(call.params["destination"])
    return {
        "replicationBackfillId": backfill.backfill_id,
        "registryId": call.registry_id,
        "destination": backfill.destination.to_api(),
        "status": backfill.status,
        "startedAt": backfill.started_at,
    }


@_modelled("StopReplicationBackfill")
def stop_replication_backfill(call: Call) -> dict[str, Any]:
    backfill = call.registry.stop_replication_backfill(call.params["replicationBackfillId"])
    return {
        "registryId": call.registry_id,
        "replicationBackfillId": backfill.backfill_id,
        "destination": backfill.destination.to_api(),
        "status": backfill.status,
        "startedAt": backfill.started_at,
    }


@_modelled("ListReplicationBackfills")
def list_replication_backfills(call: Call) -> dict[str, Any]:
    p = call.params
    return call.registry.list_replication_backfills(p.get("maxResults"), p.get("nextToken"))


@_modelled("DescribeReplicationBackfillResults")
def describe_replication_backfill_results(call: Call) -> dict[str, Any]:
    p = call.params
    return call.registry.describe_replication_backfill_results(
        p["replicationBackfillId"],
        p.get("resultStatusFilter"),
        p.get("maxResults"),
        p.get("nextToken"),
    )
