"""The one renderer of ECR's constraint texts, over every kind of constraint it renders."""

from __future__ import annotations

import pytest

from ecrfake import _service
from ecrfake._validate import CONSTRAINT_TEXTS, constraint_text, enum_text, quoted_pattern
from ecrfake.exceptions import InvalidParameterException

from .._floor import needs_current_model


@pytest.mark.parametrize(
    ("kind", "values", "text"),
    [
        ("required", {}, "Member must not be null"),
        ("type", {"type": "String"}, "Member must be of type String"),
        ("string_min", {"limit": 2}, "must have length greater than or equal to 2"),
        ("string_max", {"limit": 256}, "must have length less than or equal to 256"),
        ("size_min", {"limit": 1}, "Member must have length greater than or equal to 1"),
        ("size_max", {"limit": 100}, "Member must have length less than or equal to 100"),
        ("value_min", {"limit": 1}, "Member must have value greater than or equal to 1"),
        ("value_max", {"limit": 1000}, "Member must have value less than or equal to 1000"),
        (
            "enum",
            {"values": "BASIC, ENHANCED"},
            "Member must satisfy enum value set: [BASIC, ENHANCED]",
        ),
        ("pattern", {"pattern": "[0-9]{12}"}, "must satisfy regular expression '[0-9]{12}'"),
    ],
)
def test_constraint_text_every_kind(kind, values, text):
    assert constraint_text(kind, **values) == text


def test_constraint_texts_cover_exactly_the_rendered_kinds():
    assert set(CONSTRAINT_TEXTS) == {
        "required", "type", "string_min", "string_max", "size_min", "size_max",
        "value_min", "value_max", "enum", "pattern",
    }  # fmt: skip


@needs_current_model("RepositoryName pattern")
def test_quoted_pattern_unescapes_slashes_as_ecr_prints_them():
    model = _service.shape("RepositoryName").metadata["pattern"]
    assert "\\/" in model
    assert (
        quoted_pattern(model)
        == "[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*"
    )


def test_enum_text_uses_ecrs_order_where_captured_else_the_models():
    mutability = tuple(_service.shape("ImageTagMutability").enum)
    assert enum_text("ImageTagMutability", mutability) == (
        "IMMUTABLE, MUTABLE, MUTABLE_WITH_EXCLUSION, IMMUTABLE_WITH_EXCLUSION"
    )
    assert enum_text("ScanType", ("BASIC", "ENHANCED")) == "BASIC, ENHANCED"


def test_enum_text_falls_back_to_the_model_when_its_values_differ():
    # An older botocore without the *_WITH_EXCLUSION values keeps its own list.
    assert enum_text("ImageTagMutability", ("MUTABLE", "IMMUTABLE")) == "MUTABLE, IMMUTABLE"


def test_rendered_text_in_ecrs_message_form():
    error = InvalidParameterException(
        path="maxResults", constraint=constraint_text("value_max", limit=1000)
    )
    assert error.message == (
        "Invalid parameter at 'maxResults' failed to satisfy constraint: "
        "'Member must have value less than or equal to 1000'"
    )
