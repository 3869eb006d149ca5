"""botocore's service models of the services ecrfake answers (a leaf: imports nothing from ecrfake).

Models are loaded straight from botocore's data files rather than through a Session, so a user's
``AWS_PROFILE`` naming a missing profile cannot break the fake, and once per process. The installed
botocore decides what exists: an operation or shape that release lacks is ``None`` here, never an
error, so ecrfake works with every botocore from its floor up (a client only sends what its own
model knows).
"""

from __future__ import annotations

import functools
import os
from typing import Any

__all__ = [
    "ECR",
    "INSPECTOR2",
    "has_operation",
    "operation_model",
    "operation_names",
    "output_members",
    "service_model",
    "shape",
    "takes_registry_id",
]

ECR = "ecr"
INSPECTOR2 = "inspector2"


@functools.cache
def service_model(service: str = ECR) -> Any:
    """botocore's ``ServiceModel`` of ``service`` (loaded once per process)."""
    import botocore.loaders
    import botocore.model

    loader = botocore.loaders.create_loader(os.environ.get("AWS_DATA_PATH"))
    return botocore.model.ServiceModel(loader.load_service_model(service, "service-2"), service)


@functools.cache
def operation_names(service: str = ECR) -> frozenset[str]:
    """The operations the installed botocore's model of ``service`` has."""
    return frozenset(service_model(service).operation_names)


def has_operation(name: str, service: str = ECR) -> bool:
    return name in operation_names(service)


def operation_model(name: str, service: str = ECR) -> Any:
    """botocore's model of the operation, or ``None`` when the installed botocore lacks it.

    Only real names reach the cache: hand-made requests may name anything, and caching every name
    they send would grow without bound over a long run.
    """
    return _known_operation_model(name, service) if has_operation(name, service) else None


@functools.cache
def _known_operation_model(name: str, service: str) -> Any:
    return service_model(service).operation_model(name)


@functools.cache
def output_members(name: str, service: str = ECR) -> tuple[str, ...]:
    """The members of an operation's output shape (``()`` when the operation or output is absent)."""
    model = operation_model(name, service)
    if model is None or model.output_shape is None:
        return ()
    return tuple(model.output_shape.members)


def shape(name: str, service: str = ECR) -> Any:
    """A named shape of the model, or ``None`` when the installed botocore lacks it."""
    import botocore.model

    try:
        return service_model(service).shape_for(name)
    except botocore.model.NoShapeFoundError:
        return None


_takes_registry_id: dict[str, bool] = {}


def takes_registry_id(name: str, model: Any) -> bool:
    """Whether an ECR operation's input has a ``registryId`` (cached by name; any copy of the model)."""
    known = _takes_registry_id.get(name)
    if known is None:
        input_shape = model.input_shape
        known = input_shape is not None and "registryId" in input_shape.members
        _takes_registry_id[name] = known
    return known
