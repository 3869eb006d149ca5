"""Pull-time update exclusions: Register/Deregister/ListPullTimeUpdateExclusion(s)."""

from __future__ import annotations

from typing import Any

from ecrfake import _clock
from ecrfake._operations import Call
from ecrfake.handlers._paging import page
from ecrfake.handlers.replication import _modelled

__all__: list[str] = []


@_modelled("RegisterPullTimeUpdateExclusion")
def register_pull_time_update_exclusion(call: Call) -> dict[str, Any]:
    arn = call.params["principalArn"]
    created = call.registry.pull_time_exclusions.register(arn, _clock.now())
    return {"principalArn": arn, "createdAt": created}


@_modelled("DeregisterPullTimeUpdateExclusion")
def deregister_pull_time_update_exclusion(call: Call) -> dict[str, Any]:
    arn = call.registry.pull_time_exclusions.deregister(call.params["principalArn"])
    return {"principalArn": arn}


@_modelled("ListPullTimeUpdateExclusions")
def list_pull_time_update_exclusions(call: Call) -> dict[str, Any]:
    p = call.params
    arns, token = call.registry.pull_time_exclusions.list_page(
        p.get("maxResults"), p.get("nextToken")
    )
    return page("pullTimeUpdateExclusions", arns, token)
