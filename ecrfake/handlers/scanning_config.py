"""Registry scanning configuration operations (handlers).

GetRegistryScanningConfiguration, PutRegistryScanningConfiguration and
BatchGetRepositoryScanningConfiguration. None of them takes a ``registryId``: they act on the
caller's registry in the client's region. The rules live in :mod:`ecrfake.models.scan_config`.
"""

from __future__ import annotations

from typing import Any

from ecrfake._dispatch import Call, operation
from ecrfake.exceptions import RepositoryNotFoundException
from ecrfake.models.scan_config import replace_config

__all__: list[str] = []


@operation("GetRegistryScanningConfiguration")
def get_registry_scanning_configuration(call: Call) -> dict[str, Any]:
    return {
        "registryId": call.registry_id,
        "scanningConfiguration": call.registry.scanning.config.to_api(),
    }


@operation("PutRegistryScanningConfiguration")
def put_registry_scanning_configuration(call: Call) -> dict[str, Any]:
    p = call.params
    config = replace_config(call.registry.scanning, p.get("scanType"), p.get("rules"))
    return {"registryScanningConfiguration": config.to_api()}


@operation("BatchGetRepositoryScanningConfiguration")
def batch_get_repository_scanning_configuration(call: Call) -> dict[str, Any]:
    """One entry per distinct name, in request order; missing repositories go to ``failures``."""
    registry = call.registry
    config = registry.scanning.config
    found: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    for name in dict.fromkeys(call.params["repositoryNames"]):
        repo = registry.repositories.get(name)
        if repo is None:
            failures.append(
                {
                    "repositoryName": name,
                    "failureCode": "REPOSITORY_NOT_FOUND",
                    "failureReason": RepositoryNotFoundException(name, registry.account_id).message,
                }
            )
            continue
        effective = config.effective(repo)
        found.append(
            {
                "repositoryArn": repo.arn,
                "repositoryName": repo.name,
                "scanOnPush": repo.scan_on_push,  # the repository's own flag, never recomputed
                "scanFrequency": effective.frequency,
                "appliedScanFilters": effective.applied_filters_to_api(),
            }
        )
    return {"scanningConfigurations": found, "failures": failures}
