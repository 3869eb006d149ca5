"""Check a response dict against botocore's output shape (ECR, or Inspector2 for operations named
``inspector2:<Operation>``): members, types, required, enums.

``botocore.validate`` checks names, types and required members (it is what botocore's Stubber uses on
canned responses); it ignores enums, so :func:`enum_errors` walks the shape for those. Run on the dict
ecrfake serialises, not on what boto3 parsed (parsing drops unknown keys silently).
"""

from __future__ import annotations

from typing import Any

from botocore.validate import ParamValidator

from ._floor import MODEL_IS_CURRENT

# Enhanced (Inspector) severities are counted under Inspector's own strings (decision 14): real ECR
# returns "UNTRIAGED" as a findingSeverityCounts key although the model's enum lacks it.
_ENUM_EXTRAS = {"FindingSeverity": {"UNTRIAGED"}}

# Real ECR answers "imageIds": [] when nothing matched, although the output shape says min 1
# (BatchDeleteImage body captured in aws/aws-cli#6424; ListImages of an empty repository).
_EMPTY_LIST_OK = {".imageIds"}


# Inspector2's State shape marks errorCode/errorMessage required; ecrfake leaves them out for an
# account or resource type without an error rather than invent an error code for a healthy one
# (docs/inspector2.md, behaviour notes).
_OPTIONAL_REQUIRED = {"errorCode", "errorMessage"}


def _allowed(error: tuple[str, str, dict[str, Any]], service: str = "ecr") -> bool:
    kind, name, extra = error
    if kind == "unknown field" and not MODEL_IS_CURRENT:
        return True  # a member newer than the installed model: real ECR sends it too (tests/_floor)
    if service == "inspector2" and kind == "missing required field":
        return extra.get("required_name") in _OPTIONAL_REQUIRED
    return kind == "invalid length" and name in _EMPTY_LIST_OK and extra.get("param") == 0


def enum_errors(shape: Any, value: Any, path: str = "") -> list[str]:
    errors: list[str] = []
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value:
                errors += enum_errors(member, value[name], f"{path}.{name}")
    elif kind == "list" and isinstance(value, list):
        for i, item in enumerate(value):
            errors += enum_errors(shape.member, item, f"{path}[{i}]")
    elif kind == "map" and isinstance(value, dict):
        for k, v in value.items():
            errors += enum_errors(shape.key, k, f"{path}<key>")
            errors += enum_errors(shape.value, v, f"{path}[{k}]")
    elif kind == "string" and shape.enum:
        allowed = set(shape.enum) | _ENUM_EXTRAS.get(shape.name, set())
        if value not in allowed and MODEL_IS_CURRENT:  # older models lack newer values
            errors.append(f"{path}: {value!r} is not one of {sorted(allowed)}")
    return errors


def shape_errors(operation: str, result: dict[str, Any]) -> list[str]:
    from ecrfake._service import service_model

    service, _, name = operation.rpartition(":")
    service = service or "ecr"
    shape = service_model(service).operation_model(name).output_shape
    if shape is None or not shape.members:
        return [] if result == {} else [f"{operation} has no output but returned {result!r}"]
    report = ParamValidator().validate(result, shape)
    report._errors = [e for e in report._errors if not _allowed(e, service)]
    errors = [report.generate_report()] if report.has_errors() else []
    return errors + enum_errors(shape, result)
