"""Repository creation templates: Create/Describe/Update/DeleteRepositoryCreationTemplate."""

from __future__ import annotations

from typing import Any

from ecrfake import _clock
from ecrfake._operations import Call, operation
from ecrfake.handlers._paging import page

__all__: list[str] = []


@operation("CreateRepositoryCreationTemplate")
def create_repository_creation_template(call: Call) -> dict[str, Any]:
    template = call.registry.templates.create(call.params, _clock.now())
    return {"registryId": call.registry_id, "repositoryCreationTemplate": template.to_api()}


@operation("DescribeRepositoryCreationTemplates")
def describe_repository_creation_templates(call: Call) -> dict[str, Any]:
    p = call.params
    templates, token = call.registry.templates.describe(
        p.get("prefixes"), p.get("maxResults"), p.get("nextToken")
    )
    return {
        "registryId": call.registry_id,
        **page("repositoryCreationTemplates", [t.to_api() for t in templates], token),
    }


@operation("UpdateRepositoryCreationTemplate")
def update_repository_creation_template(call: Call) -> dict[str, Any]:
    template = call.registry.templates.update(call.params, _clock.now())
    return {"registryId": call.registry_id, "repositoryCreationTemplate": template.to_api()}


@operation("DeleteRepositoryCreationTemplate")
def delete_repository_creation_template(call: Call) -> dict[str, Any]:
    template = call.registry.templates.delete(call.params["prefix"])
    return {"registryId": call.registry_id, "repositoryCreationTemplate": template.to_api()}
