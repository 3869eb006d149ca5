"""RegistryModel as a replication source and target, without the wire."""

from __future__ import annotations

from ecrfake.exceptions import ImageTagAlreadyExistsException, ReferencedImagesNotFoundException
from ecrfake.models.registry import RegistryModel
from ecrfake.models.registry_replication import failure_code
from ecrfake.models.state import FakeState

from ..conftest import make_manifest

RULE = {"rules": [{"destinations": [{"region": "us-west-2", "registryId": "123456789012"}]}]}


def test_failure_code_is_the_error_code_in_upper_snake_case():
    assert (
        failure_code(ImageTagAlreadyExistsException(tag="t", name="n"))
        == "IMAGE_TAG_ALREADY_EXISTS"
    )
    assert failure_code(ReferencedImagesNotFoundException(name="n", missing="d")) == (
        "REFERENCED_IMAGES_NOT_FOUND"
    )


def test_registry_built_alone_replicates_into_registries_of_its_own():
    source = RegistryModel("123456789012", "us-east-1")
    source.put_replication_configuration(RULE)
    source.create_repository("app")
    source.put_image("app", make_manifest("alone"), tag="v1")
    destination = source._lookup("123456789012", "us-west-2")
    assert destination is not source
    assert destination.get_repository("app").tag_index.keys() == {"v1"}


def test_state_registries_reach_each_other_through_the_state():
    state = FakeState()
    source = state.registry("123456789012", "us-east-1")
    source.put_replication_configuration(RULE)
    source.create_repository("app")
    source.put_image("app", make_manifest("state"), tag="v1")
    assert "app" in state.registry("123456789012", "us-west-2").repositories
    assert not hasattr(state.registry("123456789012", "us-west-2"), "state")


def test_remove_replica_of_missing_repository_or_image_does_nothing():
    state = FakeState()
    target = state.registry("123456789012", "us-west-2")
    target.remove_replica("nope", "sha256:" + "0" * 64, None)
    target.create_repository("app")
    target.remove_replica("app", "sha256:" + "0" * 64, "v1")
    assert len(target.get_repository("app").images) == 0
