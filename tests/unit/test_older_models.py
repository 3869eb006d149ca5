"""Test controls under an older botocore: what its ECR model lacks is never required.

The installed botocore is the only model ecrfake has. These tests take the current model and remove
what an older release lacks (``fixAvailable`` arrived after the other finding members), then check
that the builders leave such a member out by default and refuse it, saying why, when it is asked for.
"""

from __future__ import annotations

import copy

import botocore
import botocore.model
import pytest

from ecrfake import EcrFakeError, _service, enhanced_finding


@pytest.fixture
def model_without_fix_available(monkeypatch):
    shapes = copy.deepcopy(_service.service_model()._shape_resolver._shape_map)
    del shapes["EnhancedImageScanFinding"]["members"]["fixAvailable"]
    resolver = botocore.model.ShapeResolver(shapes)

    def shape(name, service=_service.ECR):
        try:
            return resolver.get_shape_by_name(name)
        except botocore.model.NoShapeFoundError:
            return None

    monkeypatch.setattr(_service, "shape", shape)


def test_enhanced_finding_leaves_out_members_the_installed_model_lacks(model_without_fix_available):
    finding = enhanced_finding("CVE-2024-1", severity="HIGH", fixed_in_version="2.0")

    assert "fixAvailable" not in finding
    assert finding["severity"] == "HIGH"


def test_enhanced_finding_member_the_installed_model_lacks_raises_ecr_fake_error(
    model_without_fix_available,
):
    with pytest.raises(EcrFakeError) as exc:
        enhanced_finding("CVE-2024-1", severity="HIGH", fix_available="YES")

    assert "unknown field 'fix_available'" in str(exc.value)
    assert f"installed botocore {botocore.__version__}" in str(exc.value)


def test_enhanced_finding_with_the_current_model_has_fix_available():
    assert enhanced_finding("CVE-2024-1", severity="HIGH", fixed_in_version="2")[
        "fixAvailable"
    ] == ("YES")
