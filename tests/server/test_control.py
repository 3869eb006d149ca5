"""The control API and its Python client: the handle, over HTTP."""

from __future__ import annotations

import datetime
import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from ecrfake import EcrFakeError, basic_finding, enhanced_finding, mock_ecr_scanning
from ecrfake.remote import RemoteError, RemoteFake
from ecrfake.server import Server
from tests.conftest import make_manifest


def _post(server: Server, path: str, payload: Any) -> tuple[int, dict[str, Any]]:
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    request = urllib.request.Request(f"{server.url}/_ecrfake/v1/{path}", data=data, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_health_reports_ok(remote: RemoteFake) -> None:
    assert remote.health()["status"] == "ok"


def test_seed_basic_findings_served_by_describe_image_scan_findings(
    remote: RemoteFake, client: Any
) -> None:
    ecr = client()
    ecr.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})
    remote.registry().seed_basic_findings(
        "app", {"imageTag": "1.0"}, [basic_finding("CVE-2019-5021", severity="HIGH")]
    )
    ecr.put_image(repositoryName="app", imageTag="1.0", imageManifest=make_manifest())
    found = ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageTag": "1.0"})
    assert [f["name"] for f in found["imageScanFindings"]["findings"]] == ["CVE-2019-5021"]


def test_seed_enhanced_findings_iso_timestamps_become_datetimes(
    remote: RemoteFake, client: Any
) -> None:
    ecr = client()
    ecr.create_repository(repositoryName="app")
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED",
        rules=[
            {
                "scanFrequency": "CONTINUOUS_SCAN",
                "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
            }
        ],
    )
    finding = enhanced_finding("CVE-2021-44228", severity="CRITICAL")
    finding["firstObservedAt"] = "2024-01-02T03:04:05Z"
    remote.registry().seed_enhanced_findings("app", {"imageTag": "1.0"}, [finding])
    ecr.put_image(repositoryName="app", imageTag="1.0", imageManifest=make_manifest())
    found = ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageTag": "1.0"})
    (served,) = found["imageScanFindings"]["enhancedFindings"]
    assert served["firstObservedAt"] == datetime.datetime(
        2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc
    )


def test_plan_scan_bad_status_raises_the_in_process_message(remote: RemoteFake) -> None:
    with mock_ecr_scanning() as fake, pytest.raises(EcrFakeError) as in_process:
        fake.registry().plan_scan("app", {"imageTag": "1"}, status="NOPE")
    with pytest.raises(EcrFakeError) as remote_error:
        remote.registry().plan_scan("app", {"imageTag": "1"}, status="NOPE")
    assert str(remote_error.value) == str(in_process.value)


def test_registry_control_error_is_400_ecrfakeerror(server: Server, remote: RemoteFake) -> None:
    status, body = _post(
        server, "registry/plan_scan", {"args": ["app", {"imageTag": "1"}], "kwargs": {"polls": -1}}
    )
    assert status == 400
    assert body["error"] == "EcrFakeError" and "polls" in body["message"]


def test_registry_control_wrong_arguments_is_400_bad_request(server: Server) -> None:
    status, body = _post(server, "registry/plan_scan", {"args": [], "kwargs": {"colour": 1}})
    assert status == 400
    assert body["error"] == "BadRequest" and "plan_scan" in body["message"]


def test_registry_control_unknown_is_404(server: Server) -> None:
    status, body = _post(server, "registry/no_such_control", {})
    assert status == 404
    assert body["error"] == "NotFound" and "seed_basic_findings" in body["message"]


def test_control_body_not_json_is_400(server: Server) -> None:
    status, body = _post(server, "fake/reset", b"{not json")
    assert status == 400 and body["error"] == "BadRequest"


def test_fake_control_activation_methods_are_not_served(server: Server) -> None:
    for name in ("start", "stop", "registry"):
        status, _ = _post(server, f"fake/{name}", {})
        assert status == 404, name


def test_reset_forgets_every_registry(remote: RemoteFake, client: Any) -> None:
    client().create_repository(repositoryName="app")
    client(region="eu-west-1").create_repository(repositoryName="other")
    remote.reset()
    assert client().describe_repositories()["repositories"] == []
    assert client(region="eu-west-1").describe_repositories()["repositories"] == []


def test_registry_addressed_by_account_and_region(remote: RemoteFake, client: Any) -> None:
    client(region="eu-west-1").create_repository(repositoryName="app")
    state = remote.registry(region="eu-west-1").state()
    assert state["region"] == "eu-west-1"
    assert [r["repositoryName"] for r in state["repositories"]] == ["app"]
    assert remote.registry().state()["repositories"] == []
    assert remote.registry(account_id="111122223333").state()["account_id"] == "111122223333"


def test_state_lists_images_with_iso_timestamps(remote: RemoteFake, client: Any) -> None:
    ecr = client()
    ecr.create_repository(repositoryName="app")
    pushed = ecr.put_image(repositoryName="app", imageTag="1.0", imageManifest=make_manifest())
    (repository,) = remote.registry().state()["repositories"]
    (image,) = repository["images"]
    assert image["imageDigest"] == pushed["image"]["imageId"]["imageDigest"]
    assert image["imageTags"] == ["1.0"]
    assert datetime.datetime.fromisoformat(image["imagePushedAt"]).tzinfo is not None
    assert datetime.datetime.fromisoformat(repository["createdAt"]).tzinfo is not None


def test_set_rescan_duration_in_days(remote: RemoteFake) -> None:
    registry = remote.registry()
    assert registry.rescan_duration == 30
    registry.rescan_duration = datetime.timedelta(days=14)
    assert registry.rescan_duration == 14
    assert registry.set("rescan_duration", 180) == 180


def test_set_rescan_duration_null_does_what_none_does_in_process(remote: RemoteFake) -> None:
    with mock_ecr_scanning() as fake:
        try:
            fake.registry().rescan_duration = None  # type: ignore[assignment]
        except EcrFakeError as error:
            refused: EcrFakeError | None = error
        else:
            refused = None
    registry = remote.registry()
    if refused is None:  # LIFETIME supported: null reads back as null
        registry.rescan_duration = None
        assert registry.rescan_duration is None
    else:
        with pytest.raises(EcrFakeError) as remote_error:
            registry.rescan_duration = None
        assert str(remote_error.value) == str(refused)
        assert registry.rescan_duration == 30


def test_set_unknown_attribute_is_400(server: Server) -> None:
    status, body = _post(server, "registry/set", {"name": "colour", "value": 1})
    assert status == 400 and "rescan_duration" in body["message"]


def test_set_rescan_duration_not_a_number_is_400(server: Server) -> None:
    status, body = _post(server, "registry/set", {"name": "rescan_duration", "value": "7"})
    assert status == 400 and "days" in body["message"]


def test_simulate_pull_under_a_rule_creates_the_repository(remote: RemoteFake, client: Any) -> None:
    ecr = client()
    ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="ecr-public", upstreamRegistryUrl="public.ecr.aws"
    )
    image_id = remote.registry().simulate_pull("ecr-public/nginx/nginx", "1.27")
    assert image_id["imageTag"] == "1.27" and image_id["imageDigest"].startswith("sha256:")
    listed = ecr.list_images(repositoryName="ecr-public/nginx/nginx")["imageIds"]
    assert listed == [image_id]
    (pull,) = remote.registry().state()["attributes"]["pulls"]
    assert (
        pull["repository_name"] == "ecr-public/nginx/nginx" and pull["rule_prefix"] == "ecr-public"
    )
    assert datetime.datetime.fromisoformat(pull["pulled_at"]).tzinfo is not None


def test_remote_registry_unknown_control_raises_attribute_error(remote: RemoteFake) -> None:
    with pytest.raises(AttributeError, match="seed_basic_findings"):
        remote.registry().no_such_control  # noqa: B018


def test_remote_error_for_unknown_fake_control(remote: RemoteFake) -> None:
    with pytest.raises(RemoteError) as error:
        remote.call("no_such_method")
    assert error.value.status == 404


def test_registry_controls_mirror_the_public_registry(server: Server) -> None:
    from ecrfake.registry import Registry

    with urllib.request.urlopen(f"{server.url}/_ecrfake/v1/registry", timeout=30) as response:
        served = json.loads(response.read())
    public = sorted(
        name
        for name, value in vars(Registry).items()
        if not name.startswith("_") and callable(value)
    )
    assert served["methods"] == public
    assert "rescan_duration" in served["settable"]


def test_ecr_fake_server_fixture_serves_boto3_for_the_session(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3

        def _ecr(url):
            return boto3.client("ecr", endpoint_url=url, region_name="us-east-1",
                                aws_access_key_id="a", aws_secret_access_key="b")

        def test_one(ecr_fake_server):
            _ecr(ecr_fake_server.url).create_repository(repositoryName="kept")

        def test_two_sees_the_same_server(ecr_fake_server):
            names = [r["repositoryName"]
                     for r in _ecr(ecr_fake_server.url).describe_repositories()["repositories"]]
            assert names == ["kept"]
            ecr_fake_server.reset()
            assert _ecr(ecr_fake_server.url).describe_repositories()["repositories"] == []
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:randomly")
    result.assert_outcomes(passed=2)


def test_events_of_a_push_read_through_the_control_api(remote: RemoteFake, client: Any) -> None:
    ecr = client()
    ecr.create_repository(repositoryName="app")
    pushed = ecr.put_image(repositoryName="app", imageTag="1.0", imageManifest=make_manifest())
    (event,) = remote.events(source="aws.ecr", detail_type="ECR Image Action")
    assert event["detail"]["action-type"] == "PUSH"
    assert event["detail"]["image-digest"] == pushed["image"]["imageId"]["imageDigest"]
    assert datetime.datetime.fromisoformat(event["time"].replace("Z", "+00:00")).year >= 2024
    remote.reset()
    assert remote.events() == []


def test_inspector2_list_findings_through_the_server(remote: RemoteFake, client: Any) -> None:
    ecr = client()
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED",
        rules=[
            {
                "scanFrequency": "CONTINUOUS_SCAN",
                "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
            }
        ],
    )
    ecr.create_repository(repositoryName="app")
    remote.registry().seed_enhanced_findings(
        "app", {"imageTag": "1.0"}, [enhanced_finding("CVE-2021-44228", severity="CRITICAL")]
    )
    ecr.put_image(repositoryName="app", imageTag="1.0", imageManifest=make_manifest())
    found = client("inspector2").list_findings()["findings"]
    assert [f["packageVulnerabilityDetails"]["vulnerabilityId"] for f in found] == [
        "CVE-2021-44228"
    ]


def test_apply_lifecycle_policies_through_the_control_api(remote: RemoteFake, client: Any) -> None:
    ecr = client()
    ecr.create_repository(repositoryName="app")
    for n in range(3):
        ecr.put_image(
            repositoryName="app", imageTag=f"v{n}", imageManifest=make_manifest(f"life{n}")
        )
    policy = {
        "rules": [
            {
                "rulePriority": 1,
                "selection": {
                    "tagStatus": "any",
                    "countType": "imageCountMoreThan",
                    "countNumber": 1,
                },
                "action": {"type": "expire"},
            }
        ]
    }
    ecr.put_lifecycle_policy(repositoryName="app", lifecyclePolicyText=json.dumps(policy))
    acted = remote.registry().apply_lifecycle_policies()
    assert [(a["imageTags"], a["action"], a["appliedRulePriority"]) for a in acted] == [
        (["v0"], "EXPIRE", 1),
        (["v1"], "EXPIRE", 1),
    ]
    left = ecr.list_images(repositoryName="app")["imageIds"]
    assert [i["imageTag"] for i in left] == ["v2"]
