"""Account settings: GetAccountSetting, PutAccountSetting. The settings, their defaults and values
live in :mod:`ecrfake.models.account_settings`.
"""

from __future__ import annotations

from typing import Any

from ecrfake._operations import Call, operation

__all__: list[str] = []


@operation("GetAccountSetting")
def get_account_setting(call: Call) -> dict[str, Any]:
    name = call.params["name"]
    return {"name": name, "value": call.registry.account_settings.get(name)}


@operation("PutAccountSetting")
def put_account_setting(call: Call) -> dict[str, Any]:
    p = call.params
    return {"name": p["name"], "value": call.registry.account_settings.put(p["name"], p["value"])}
