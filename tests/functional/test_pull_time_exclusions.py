"""Pull-time update exclusions through boto3, and their effect on simulate_pull's pull time."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from botocore.exceptions import ClientError

from ecrfake import EcrFakeError

from .._floor import needs_model
from ..conftest import code_and_message

pytestmark = needs_model(operation="RegisterPullTimeUpdateExclusion")

ROLE = "arn:aws:iam::123456789012:role/scanner"
T0 = datetime.datetime(2030, 3, 1, 12, 0, tzinfo=datetime.timezone.utc)


def pull_time(ecr, name="app", tag="v1"):
    (detail,) = ecr.describe_images(repositoryName=name, imageIds=[{"imageTag": tag}])[
        "imageDetails"
    ]
    return detail.get("lastRecordedPullTime")


def test_register_pull_time_update_exclusion_answers_principal_and_time(ecr):
    with time_machine.travel(T0, tick=False):
        out = ecr.register_pull_time_update_exclusion(principalArn=ROLE)
    assert out["principalArn"] == ROLE and out["createdAt"] == T0
    assert ecr.list_pull_time_update_exclusions()["pullTimeUpdateExclusions"] == [ROLE]


def test_register_pull_time_update_exclusion_twice_raises_already_exists(ecr):
    ecr.register_pull_time_update_exclusion(principalArn=ROLE)
    with pytest.raises(ClientError) as exc:
        ecr.register_pull_time_update_exclusion(principalArn=ROLE)
    code, message = code_and_message(exc)
    assert code == "ExclusionAlreadyExistsException" and ROLE in message


def test_register_pull_time_update_exclusion_past_100_raises_limit_exceeded(ecr):
    for i in range(100):
        ecr.register_pull_time_update_exclusion(principalArn=f"arn:aws:iam::123456789012:user/u{i}")
    with pytest.raises(ClientError) as exc:
        ecr.register_pull_time_update_exclusion(principalArn=ROLE)
    assert code_and_message(exc)[0] == "LimitExceededException"


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:iam::123456789012:root",
        "arn:aws:iam::123:role/x",
        "role/x",
        "arn:aws:sts::123456789012:assumed-role/r/s",
    ],
)
def test_register_pull_time_update_exclusion_bad_arn_raises_invalid_parameter(ecr, arn):
    with pytest.raises(ClientError) as exc:
        ecr.register_pull_time_update_exclusion(principalArn=arn)
    assert code_and_message(exc)[0] == "InvalidParameterException"


def test_deregister_pull_time_update_exclusion_missing_raises_not_found(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.deregister_pull_time_update_exclusion(principalArn=ROLE)
    assert code_and_message(exc)[0] == "ExclusionNotFoundException"


def test_deregister_pull_time_update_exclusion_removes_it(ecr):
    ecr.register_pull_time_update_exclusion(principalArn=ROLE)
    assert ecr.deregister_pull_time_update_exclusion(principalArn=ROLE)["principalArn"] == ROLE
    assert ecr.list_pull_time_update_exclusions()["pullTimeUpdateExclusions"] == []


def test_list_pull_time_update_exclusions_pages(ecr):
    arns = [f"arn:aws:iam::123456789012:user/u{i}" for i in range(7)]
    for arn in arns:
        ecr.register_pull_time_update_exclusion(principalArn=arn)
    page = ecr.list_pull_time_update_exclusions(maxResults=3)
    seen = list(page["pullTimeUpdateExclusions"])
    while "nextToken" in page:
        page = ecr.list_pull_time_update_exclusions(maxResults=3, nextToken=page["nextToken"])
        seen += page["pullTimeUpdateExclusions"]
    assert seen == arns


def test_simulate_pull_by_excluded_principal_leaves_last_recorded_pull_time(
    ecr, ecr_fake, push_image
):
    ecr.create_repository(repositoryName="app")
    push_image("app", "v1")
    reg = ecr_fake.registry()
    with time_machine.travel(T0, tick=False):
        reg.simulate_pull("app", "v1")
    ecr.register_pull_time_update_exclusion(principalArn=ROLE)
    later = T0 + datetime.timedelta(days=3)
    with time_machine.travel(later, tick=False):
        reg.simulate_pull("app", "v1", principal_arn=ROLE)
        reg.simulate_pull(
            "app", "v1", principal_arn="arn:aws:sts::123456789012:assumed-role/scanner/s1"
        )
        assert pull_time(ecr) == T0
        reg.simulate_pull("app", "v1", principal_arn="arn:aws:iam::123456789012:role/deployer")
        assert pull_time(ecr) == later


def test_simulate_pull_by_principal_after_deregistration_records_pull_time(
    ecr, ecr_fake, push_image
):
    ecr.create_repository(repositoryName="app")
    push_image("app", "v1")
    ecr.register_pull_time_update_exclusion(principalArn=ROLE)
    reg = ecr_fake.registry()
    reg.simulate_pull("app", "v1", principal_arn=ROLE)
    assert pull_time(ecr) is None
    ecr.deregister_pull_time_update_exclusion(principalArn=ROLE)
    with time_machine.travel(T0, tick=False):
        reg.simulate_pull("app", "v1", principal_arn=ROLE)
    assert pull_time(ecr) == T0


@pytest.mark.parametrize("principal", ["scanner", 42, ""])
def test_simulate_pull_bad_principal_arn_raises_ecrfake_error(ecr, ecr_fake, push_image, principal):
    ecr.create_repository(repositoryName="app")
    push_image("app", "v1")
    with pytest.raises(EcrFakeError, match="principal_arn"):
        ecr_fake.registry().simulate_pull("app", "v1", principal_arn=principal)
