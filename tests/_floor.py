"""The suite at an older botocore: what the installed ECR model knows, and tests that need more.

ecrfake answers each client from that client's own model, and real ECR sends members and enum
values that an older client's model lacks (its parser keeps or drops them). So:

* the response shape check (conftest) is strict at botocore >= ``REFERENCE_BOTOCORE``, the model
  ecrfake is written against; below it, members and enum values that installed model does not know
  are what real ECR would send, and are let through;
* a test that needs an operation, member or enum value the installed model lacks carries
  :func:`needs_model`, which skips it there with the reason. CI runs the suite at the newest
  botocore too, where every such test runs.
"""

from __future__ import annotations

import functools
from typing import Any

import botocore
import pytest

#: The botocore whose ECR model ecrfake is written against (reference/ecr-behavior.md [model]).
REFERENCE_BOTOCORE = (1, 44, 8)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".")[:3] if part.isdigit())


INSTALLED_BOTOCORE = _version(botocore.__version__)
MODEL_IS_CURRENT = INSTALLED_BOTOCORE >= REFERENCE_BOTOCORE


@functools.cache
def _model(service: str = "ecr") -> Any:
    from ecrfake._service import service_model

    return service_model(service)


def has_operation(name: str, service: str = "ecr") -> bool:
    return name in _model(service).operation_names


def has_shape(shape: str, service: str = "ecr") -> bool:
    return shape in _model(service).shape_names


def has_member(shape: str, member: str, service: str = "ecr") -> bool:
    return has_shape(shape, service) and member in _model(service).shape_for(shape).members


def has_enum(shape: str, value: str, service: str = "ecr") -> bool:
    return has_shape(shape, service) and value in (_model(service).shape_for(shape).enum or ())


def model_lacks(
    *,
    operation: str | None = None,
    member: tuple[str, str] | None = None,
    enum: tuple[str, str] | None = None,
    service: str = "ecr",
) -> str | None:
    """What the installed model of ``service`` lacks of what is named, or ``None``."""
    if operation is not None and not has_operation(operation, service):
        return f"operation {operation}"
    if member is not None and not has_member(*member, service=service):
        return f"member {member[0]}.{member[1]}"
    if enum is not None and not has_enum(*enum, service=service):
        return f"enum value {enum[0]} {enum[1]!r}"
    return None


def needs_model(**what: Any) -> pytest.MarkDecorator:
    """Skip the test where the installed botocore's model lacks ``what`` (see model_lacks)."""
    lacking = model_lacks(**what)
    service = what.get("service", "ecr")
    return pytest.mark.skipif(
        lacking is not None,
        reason=f"botocore {botocore.__version__}'s {service} model lacks {lacking}; "
        "runs at newer botocore",
    )


def needs_current_model(what: str) -> pytest.MarkDecorator:
    """Skip below ``REFERENCE_BOTOCORE``: the test quotes ``what`` as the current model has it."""
    return pytest.mark.skipif(
        not MODEL_IS_CURRENT,
        reason=f"quotes the current ECR model's {what}; botocore {botocore.__version__}'s differs",
    )
