"""One test (at least) per row of decisions.md: the traceable index of ecrfake's choices.

Each test is named ``test_decision_<N>_<what>`` and its docstring quotes the decision it pins. Many
rows are covered in more depth elsewhere; these tests assert exactly what the decision says.
"""

from __future__ import annotations

import datetime

import boto3
import freezegun
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from ecrfake import basic_finding, enhanced_finding, mock_ecr_scanning
from tests.conftest import make_index, make_manifest

ACCOUNT = "123456789012"
START = datetime.datetime(2024, 3, 1, 12, 0, tzinfo=datetime.timezone.utc)
TAG = {"imageTag": "1.0"}
ACTIVE = {"status": "ACTIVE", "description": "Continuous scan is selected for image."}
COMPLETE = {"status": "COMPLETE", "description": "The scan was completed successfully."}
CRITICAL = enhanced_finding("CVE-2021-44228", severity="CRITICAL", package_name="log4j-core")


def _rule(frequency, *filters):
    return {
        "scanFrequency": frequency,
        "repositoryFilters": [{"filter": f, "filterType": "WILDCARD"} for f in filters],
    }


def _configure(ecr, scan_type, *rules):
    ecr.put_registry_scanning_configuration(scanType=scan_type, rules=list(rules))


def _error(exc_info):
    return exc_info.value.response["Error"]["Code"], exc_info.value.response["Error"]["Message"]


def _findings(ecr, repo="app", image_id=TAG):
    return ecr.describe_image_scan_findings(repositoryName=repo, imageId=image_id)


def _batch_get(ecr, name):
    out = ecr.batch_get_repository_scanning_configuration(repositoryNames=[name])
    (config,) = out["scanningConfigurations"]
    return config


def _no_retry_client():
    """botocore's standard retry mode retries LimitExceededException with backoff."""
    return boto3.client(
        "ecr", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1})
    )


@pytest.fixture
def app(ecr):
    ecr.create_repository(repositoryName="app")
    return "app"


# -- 1 ------------------------------------------------------------------------------------------


def test_decision_1_start_image_scan_under_enhanced_raises_validation(ecr, app, push_image):
    """Decision 1: "StartImageScan when the image's registry uses ENHANCED scanning:
    `ValidationException`, message says manual scans are not supported with enhanced scanning"."""
    push_image(app, "1.0")
    _configure(ecr, "ENHANCED")

    with pytest.raises(ClientError) as exc:
        ecr.start_image_scan(repositoryName=app, imageId=TAG)

    code, message = _error(exc)
    assert code == "ValidationException"
    assert message.startswith("Manual scans using enhanced scanning are not supported")


# -- 2 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scan_type", "frequency"), [("BASIC", "CONTINUOUS_SCAN"), ("ENHANCED", "MANUAL")]
)
def test_decision_2_frequency_the_scan_type_refuses_raises_validation(ecr, scan_type, frequency):
    """Decision 2: "BASIC accepts `SCAN_ON_PUSH` and `MANUAL`; ENHANCED accepts `SCAN_ON_PUSH` and
    `CONTINUOUS_SCAN`; another value of the enum is `ValidationException`"."""
    with pytest.raises(ClientError) as exc:
        _configure(ecr, scan_type, _rule(frequency, "*"))

    assert _error(exc)[0] == "ValidationException"
    assert ecr.get_registry_scanning_configuration()["scanningConfiguration"] == {
        "scanType": "BASIC",
        "rules": [],
    }


@pytest.mark.parametrize(
    ("scan_type", "frequencies"),
    [("BASIC", ["SCAN_ON_PUSH", "MANUAL"]), ("ENHANCED", ["SCAN_ON_PUSH", "CONTINUOUS_SCAN"])],
)
def test_decision_2_frequencies_the_scan_type_accepts_are_stored(ecr, scan_type, frequencies):
    """Decision 2: "BASIC accepts `SCAN_ON_PUSH` and `MANUAL`; ENHANCED accepts `SCAN_ON_PUSH` and
    `CONTINUOUS_SCAN`"."""
    rules = [_rule(f, "a*") for f in frequencies]

    _configure(ecr, scan_type, *rules)

    stored = ecr.get_registry_scanning_configuration()["scanningConfiguration"]
    assert stored == {"scanType": scan_type, "rules": rules}


def test_decision_2_frequency_outside_the_enum_raises_invalid_parameter(ecr):
    """Decision 2: "A value outside the enum, like `HOURLY`, is `InvalidParameterException`"."""
    with pytest.raises(ClientError) as exc:
        _configure(ecr, "BASIC", _rule("HOURLY", "*"))

    code, message = _error(exc)
    assert code == "InvalidParameterException"
    assert message.startswith(
        "Invalid parameter at 'rules.1.member.scanFrequency' failed to satisfy constraint: "
    )


def test_decision_2_more_than_two_rules_raises_invalid_parameter(ecr):
    """Decision 2: "Model-constraint violations (more than 2 rules, ...) are
    `InvalidParameterException` in the `Invalid parameter at '<member>' failed to satisfy
    constraint: ...` form"."""
    with pytest.raises(ClientError) as exc:
        _configure(ecr, "BASIC", *[_rule("SCAN_ON_PUSH", "*")] * 3)

    code, message = _error(exc)
    assert code == "InvalidParameterException"
    assert message.startswith("Invalid parameter at 'rules' failed to satisfy constraint: ")


def test_decision_2_first_of_two_matching_rules_of_one_frequency_wins(ecr, app):
    """Decision 2: "When two rules of the same frequency match, the first rule in the list wins"."""
    _configure(ecr, "BASIC", _rule("SCAN_ON_PUSH", "ap*"), _rule("SCAN_ON_PUSH", "app"))

    config = _batch_get(ecr, app)

    assert config["scanFrequency"] == "SCAN_ON_PUSH"
    assert config["appliedScanFilters"] == [{"filter": "ap*", "filterType": "WILDCARD"}]


def test_decision_2_basic_manual_rule_reports_manual_and_flag_still_scans(ecr, push_image):
    """Decision 2: "A matching BASIC `MANUAL` rule shows `MANUAL` with its filters in BatchGet; the
    repository flag still turns scan on push on"."""
    ecr.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})
    _configure(ecr, "BASIC", _rule("MANUAL", "app"))

    config = _batch_get(ecr, "app")
    push_image("app", "1.0")

    assert config["scanOnPush"] is True
    assert config["scanFrequency"] == "MANUAL"
    assert config["appliedScanFilters"] == [{"filter": "app", "filterType": "WILDCARD"}]
    assert _findings(ecr)["imageScanStatus"] == COMPLETE


# -- 3 ------------------------------------------------------------------------------------------


def test_decision_3_enhanced_without_rules_is_stored_and_scans_nothing(ecr, app, push_image):
    """Decision 3: "ENHANCED with no rules: Stored and read back as given (empty rule list). No
    repository matches, so none is scanned"."""
    _configure(ecr, "ENHANCED")
    push_image(app, "1.0")

    stored = ecr.get_registry_scanning_configuration()["scanningConfiguration"]
    assert stored == {"scanType": "ENHANCED", "rules": []}
    assert _batch_get(ecr, app)["scanFrequency"] == "MANUAL"
    with pytest.raises(ClientError) as exc:
        _findings(ecr)
    assert _error(exc)[0] == "ScanNotFoundException"


# -- 4 ------------------------------------------------------------------------------------------


def test_decision_4_basic_repository_flag_without_rule_scans_on_push(ecr, push_image):
    """Decision 4: "BASIC, repository-level `scanOnPush=true`, no matching rule: The push is
    scanned. BatchGetRepositoryScanningConfiguration reports `scanOnPush: true`, `scanFrequency:
    SCAN_ON_PUSH`, `appliedScanFilters: []`"."""
    ecr.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})
    push_image("app", "1.0")

    config = _batch_get(ecr, "app")

    assert (config["scanOnPush"], config["scanFrequency"], config["appliedScanFilters"]) == (
        True,
        "SCAN_ON_PUSH",
        [],
    )
    assert _findings(ecr)["imageScanStatus"] == COMPLETE


def test_decision_4_repository_flag_has_no_effect_under_enhanced(ecr, push_image):
    """Decision 4: "Under ENHANCED the repository flag has no effect"."""
    ecr.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})
    _configure(ecr, "ENHANCED", _rule("SCAN_ON_PUSH", "other"))
    push_image("app", "1.0")

    assert _batch_get(ecr, "app")["scanFrequency"] == "MANUAL"
    with pytest.raises(ClientError) as exc:
        _findings(ecr)
    assert _error(exc)[0] == "ScanNotFoundException"


# -- 5 ------------------------------------------------------------------------------------------


def test_decision_5_applied_filters_are_every_matching_filter_of_the_winner_in_order(ecr):
    """Decision 5: "Every filter of the winning rule that matches the name, in the order given"."""
    ecr.create_repository(repositoryName="team/app")
    _configure(ecr, "BASIC", _rule("SCAN_ON_PUSH", "team/*", "nomatch", "app", "*"))

    config = _batch_get(ecr, "team/app")

    assert [f["filter"] for f in config["appliedScanFilters"]] == ["team/*", "app", "*"]


def test_decision_5_enhanced_continuous_beats_scan_on_push(ecr, app):
    """Decision 5: "ENHANCED: `CONTINUOUS_SCAN` beats `SCAN_ON_PUSH`"."""
    _configure(ecr, "ENHANCED", _rule("SCAN_ON_PUSH", "app"), _rule("CONTINUOUS_SCAN", "a*"))

    config = _batch_get(ecr, app)

    assert config["scanFrequency"] == "CONTINUOUS_SCAN"
    assert config["appliedScanFilters"] == [{"filter": "a*", "filterType": "WILDCARD"}]


# -- 6 ------------------------------------------------------------------------------------------


def test_decision_6_star_crosses_slash(ecr):
    """Decision 6: "Yes. `*` is any run of characters, including `/`"."""
    ecr.create_repository(repositoryName="org/team/app")
    _configure(ecr, "BASIC", _rule("SCAN_ON_PUSH", "org*app"))

    assert _batch_get(ecr, "org/team/app")["scanFrequency"] == "SCAN_ON_PUSH"


def test_decision_6_filter_without_star_matches_names_containing_it(ecr):
    """Decision 6: "A filter without `*` matches names that contain it"."""
    ecr.create_repository(repositoryName="org/payments-api")
    ecr.create_repository(repositoryName="org/billing")
    _configure(ecr, "BASIC", _rule("SCAN_ON_PUSH", "payments"))

    assert _batch_get(ecr, "org/payments-api")["scanFrequency"] == "SCAN_ON_PUSH"
    assert _batch_get(ecr, "org/billing")["scanFrequency"] == "MANUAL"


# -- 7 ------------------------------------------------------------------------------------------


def test_decision_7_index_scanned_on_push_is_unsupported_image(ecr, push_image):
    """Decision 7: "`UNSUPPORTED_IMAGE`: a scan of something that is not a scannable image (image
    index / manifest list, non-image artifact)"."""
    ecr.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})
    child = make_manifest("child")
    push_image("app", "child", manifest=child)
    push_image("app", "1.0", manifest=make_index([child]))

    out = _findings(ecr)

    assert out["imageScanStatus"]["status"] == "UNSUPPORTED_IMAGE"
    assert "imageScanFindings" not in out


def test_decision_7_manual_scan_of_index_raises_unsupported_image_type(ecr, app, push_image):
    """Decision 7: "A manual StartImageScan of one is refused with `UnsupportedImageTypeException`
    instead"."""
    child = make_manifest("child")
    push_image(app, "child", manifest=child)
    push_image(app, "1.0", manifest=make_index([child]))

    with pytest.raises(ClientError) as exc:
        ecr.start_image_scan(repositoryName=app, imageId=TAG)

    assert _error(exc) == (
        "UnsupportedImageTypeException",
        "An artifact with media type 'application/vnd.oci.image.index.v1+json' cannot be scanned. "
        "For more information, see the Amazon ECR documentation.",
    )


def test_decision_7_enhanced_continuous_is_pending_then_active(ecr, ecr_fake, app, push_image):
    """Decision 7: "Enhanced: `PENDING` while the first scan has not finished, then `ACTIVE`
    ("Continuous scan is selected for image.") for CONTINUOUS_SCAN"."""
    _configure(ecr, "ENHANCED", _rule("CONTINUOUS_SCAN", "*"))
    ecr_fake.registry().plan_scan(app, TAG, polls=1)
    push_image(app, "1.0")

    first, second = _findings(ecr), _findings(ecr)

    assert first["imageScanStatus"] == {"status": "PENDING"}
    assert "imageScanFindings" not in first
    assert second["imageScanStatus"] == ACTIVE


def test_decision_7_enhanced_scan_on_push_is_complete(ecr, app, push_image):
    """Decision 7: "... `COMPLETE` for SCAN_ON_PUSH"."""
    _configure(ecr, "ENHANCED", _rule("SCAN_ON_PUSH", "*"))
    push_image(app, "1.0")

    assert _findings(ecr)["imageScanStatus"] == COMPLETE


def test_decision_7_continuous_image_past_rescan_duration_is_eligibility_expired(ecr_fake):
    """Decision 7: "`SCAN_ELIGIBILITY_EXPIRED` for a continuously scanned image pushed longer ago
    than the re-scan duration (default 30 days, settable on the registry)"."""
    with freezegun.freeze_time(START) as frozen:
        ecr = boto3.client("ecr", region_name="us-east-1")
        _configure(ecr, "ENHANCED", _rule("CONTINUOUS_SCAN", "*"))
        ecr.create_repository(repositoryName="app")
        ecr.put_image(repositoryName="app", imageManifest=make_manifest("a"), imageTag="1.0")
        frozen.tick(datetime.timedelta(days=30))
        at_30_days = _findings(ecr)["imageScanStatus"]["status"]
        frozen.tick(datetime.timedelta(seconds=1))
        past_30_days = _findings(ecr)["imageScanStatus"]["status"]
        ecr_fake.registry().rescan_duration = datetime.timedelta(days=31)
        with_31_days = _findings(ecr)["imageScanStatus"]["status"]

    assert (at_30_days, past_30_days, with_31_days) == (
        "ACTIVE",
        "SCAN_ELIGIBILITY_EXPIRED",
        "ACTIVE",
    )


def test_decision_7_findings_unavailable_when_no_rule_matches_then_active_again(
    ecr, ecr_fake, app, push_image
):
    """Decision 7: "`FINDINGS_UNAVAILABLE` for an image that had enhanced findings but whose
    repository no longer matches any enhanced rule. ... An image in `FINDINGS_UNAVAILABLE` returns
    to `ACTIVE` with its findings when a rule matches its repository again"."""
    _configure(ecr, "ENHANCED", _rule("CONTINUOUS_SCAN", "*"))
    ecr_fake.registry().seed_enhanced_findings(app, TAG, [CRITICAL])
    push_image(app, "1.0")

    _configure(ecr, "ENHANCED", _rule("CONTINUOUS_SCAN", "other"))
    unavailable = _findings(ecr)
    _configure(ecr, "ENHANCED", _rule("CONTINUOUS_SCAN", "app"))
    back = _findings(ecr)

    assert unavailable["imageScanStatus"]["status"] == "FINDINGS_UNAVAILABLE"
    assert "imageScanFindings" not in unavailable
    assert back["imageScanStatus"] == ACTIVE
    assert back["imageScanFindings"]["findingSeverityCounts"] == {"CRITICAL": 1}


@pytest.mark.parametrize("status", ["LIMIT_EXCEEDED", "IMAGE_ARCHIVED", "FAILED"])
def test_decision_7_planned_end_status_carries_status_and_description_only(
    ecr, ecr_fake, app, push_image, status
):
    """Decision 7: "`LIMIT_EXCEEDED`, `IMAGE_ARCHIVED`, `IMAGE_SIZE_EXCEEDED` appear only when a
    test asks for them with `plan_scan`. ... `FAILED` and the other end states carry a status and
    description only"."""
    push_image(app, "1.0")
    ecr_fake.registry().plan_scan(app, TAG, status=status, description="planned")
    ecr.start_image_scan(repositoryName=app, imageId=TAG)

    out = _findings(ecr)

    assert out["imageScanStatus"] == {"status": status, "description": "planned"}
    assert "imageScanFindings" not in out


def test_decision_7_image_size_exceeded_only_when_planned(ecr, ecr_fake, app, push_image):
    """Decision 7: "`IMAGE_SIZE_EXCEEDED` appear[s] only when a test asks for [it] with
    `plan_scan`"."""
    _configure(ecr, "ENHANCED", _rule("SCAN_ON_PUSH", "*"))
    push_image(app, "big", manifest=make_manifest("big", layer_sizes=(10**12,)))
    ecr_fake.registry().plan_scan(app, TAG, status="IMAGE_SIZE_EXCEEDED")
    push_image(app, "1.0")

    big = _findings(ecr, image_id={"imageTag": "big"})
    planned = _findings(ecr)

    assert big["imageScanStatus"] == COMPLETE
    assert planned["imageScanStatus"]["status"] == "IMAGE_SIZE_EXCEEDED"
    assert "imageScanFindings" not in planned


def test_decision_7_held_basic_scan_reads_in_progress(ecr, ecr_fake, app, push_image):
    """Decision 7: "A scan held by `plan_scan(polls=N)` reads `IN_PROGRESS` for basic"."""
    push_image(app, "1.0")
    ecr_fake.registry().plan_scan(app, TAG, polls=2)
    ecr.start_image_scan(repositoryName=app, imageId=TAG)

    statuses = [_findings(ecr)["imageScanStatus"] for _ in range(3)]

    assert statuses == [{"status": "IN_PROGRESS"}, {"status": "IN_PROGRESS"}, COMPLETE]


# -- 8 ------------------------------------------------------------------------------------------


def test_decision_8_rolling_window_counts_from_scan_on_push(ecr_fake):
    """Decision 8: "Rolling: a new basic scan of the same image is refused with
    `LimitExceededException` until 24 hours after the start of the previous one (a scan on push
    counts ...)"."""
    with freezegun.freeze_time(START) as frozen:
        ecr = _no_retry_client()
        ecr.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})
        ecr.put_image(repositoryName="app", imageManifest=make_manifest("a"), imageTag="1.0")
        frozen.tick(datetime.timedelta(hours=24) - datetime.timedelta(seconds=1))
        with pytest.raises(ClientError) as exc:
            ecr.start_image_scan(repositoryName="app", imageId=TAG)
        frozen.tick(datetime.timedelta(seconds=1))
        started = ecr.start_image_scan(repositoryName="app", imageId=TAG)

    assert _error(exc) == (
        "LimitExceededException",
        "The scan quota per image has been exceeded. Wait and try again.",
    )
    assert started["imageScanStatus"] == {"status": "IN_PROGRESS"}


def test_decision_8_scan_still_in_progress_counts(ecr_fake):
    """Decision 8: "... and so does a scan still in progress"."""
    ecr = _no_retry_client()
    ecr.create_repository(repositoryName="app")
    ecr.put_image(repositoryName="app", imageManifest=make_manifest("a"), imageTag="1.0")
    ecr_fake.registry().plan_scan("app", TAG, polls=5)
    ecr.start_image_scan(repositoryName="app", imageId=TAG)

    with pytest.raises(ClientError) as exc:
        ecr.start_image_scan(repositoryName="app", imageId=TAG)

    assert _error(exc)[0] == "LimitExceededException"


# -- 9 ------------------------------------------------------------------------------------------


def test_decision_9_never_scanned_image_raises_scan_not_found(ecr, app, push_image):
    """Decision 9: "DescribeImageScanFindings for an image never scanned (any scan type, including
    ENHANCED repositories outside every filter): `ScanNotFoundException`"."""
    digest = push_image(app, "1.0")["imageDigest"]

    with pytest.raises(ClientError) as exc:
        _findings(ecr, image_id={"imageDigest": digest})

    assert _error(exc) == (
        "ScanNotFoundException",
        f"Image scan does not exist for the image with '{{imageDigest:'{digest}', "
        f"imageTag:'null'}}' in the repository with name 'app' in the registry with id "
        f"'{ACCOUNT}'",
    )


def test_decision_9_enhanced_repository_outside_every_filter_raises_scan_not_found(
    ecr, app, push_image
):
    """Decision 9: "... including ENHANCED repositories outside every filter:
    `ScanNotFoundException`"."""
    _configure(ecr, "ENHANCED", _rule("CONTINUOUS_SCAN", "prod-*"))
    push_image(app, "1.0")

    with pytest.raises(ClientError) as exc:
        _findings(ecr)

    assert _error(exc) == (
        "ScanNotFoundException",
        "Image scan does not exist for the image with '{imageDigest:'null', imageTag:'1.0'}' in "
        f"the repository with name 'app' in the registry with id '{ACCOUNT}'",
    )


# -- 10 -----------------------------------------------------------------------------------------


def _detail(ecr, repo="app"):
    (detail,) = ecr.describe_images(repositoryName=repo, imageIds=[TAG])["imageDetails"]
    return detail


def test_decision_10_never_scanned_image_has_no_scan_fields(ecr, app, push_image):
    """Decision 10: "A never-scanned image has neither field"."""
    push_image(app, "1.0")

    detail = _detail(ecr)

    assert "imageScanStatus" not in detail
    assert "imageScanFindingsSummary" not in detail


@pytest.mark.parametrize("scan_type", ["BASIC", "ENHANCED"])
def test_decision_10_finished_scan_carries_status_and_summary(
    ecr, ecr_fake, app, push_image, scan_type
):
    """Decision 10: "As the 2021 API documents: a scanned image carries `imageScanStatus` and, once
    a scan has finished, `imageScanFindingsSummary` (counts, completion time) for basic and enhanced
    scans alike"."""
    with freezegun.freeze_time(START):
        if scan_type == "ENHANCED":
            _configure(ecr, "ENHANCED", _rule("SCAN_ON_PUSH", "*"))
            ecr_fake.registry().seed_enhanced_findings(app, TAG, [CRITICAL])
        else:
            ecr_fake.registry().seed_basic_findings(
                app, TAG, [basic_finding("CVE-1", severity="CRITICAL")]
            )
        push_image(app, "1.0")
        if scan_type == "BASIC":
            ecr.start_image_scan(repositoryName=app, imageId=TAG)

        detail = _detail(ecr)

    assert detail["imageScanStatus"] == COMPLETE
    summary = detail["imageScanFindingsSummary"]
    assert summary["findingSeverityCounts"] == {"CRITICAL": 1}
    assert summary["imageScanCompletedAt"] == START


def test_decision_10_unfinished_scan_has_status_without_summary(ecr, ecr_fake, app, push_image):
    """Decision 10: "... and, once a scan has finished, `imageScanFindingsSummary`"."""
    push_image(app, "1.0")
    ecr_fake.registry().plan_scan(app, TAG, polls=1)
    ecr.start_image_scan(repositoryName=app, imageId=TAG)

    detail = _detail(ecr)

    assert detail["imageScanStatus"] == {"status": "IN_PROGRESS"}
    assert "imageScanFindingsSummary" not in detail


# -- 11 -----------------------------------------------------------------------------------------


def test_decision_11_scans_of_the_other_type_are_hidden_then_reappear(ecr, app, push_image):
    """Decision 11: "Scans of the other type are hidden while the type is switched and reappear when
    it is switched back"."""
    push_image(app, "1.0")
    ecr.start_image_scan(repositoryName=app, imageId=TAG)
    _configure(ecr, "ENHANCED", _rule("SCAN_ON_PUSH", "other"))

    with pytest.raises(ClientError) as exc:
        _findings(ecr)
    _configure(ecr, "BASIC")

    assert _error(exc)[0] == "ScanNotFoundException"
    assert _findings(ecr)["imageScanStatus"] == COMPLETE


def test_decision_11_switch_to_enhanced_scans_matching_images_at_once(
    ecr, ecr_fake, app, push_image
):
    """Decision 11: "Switching to ENHANCED puts the images of every matching repository under
    enhanced scanning at once (continuous: `ACTIVE` with their seeded enhanced findings)"."""
    push_image(app, "1.0")
    ecr_fake.registry().seed_enhanced_findings(app, TAG, [CRITICAL])

    _configure(ecr, "ENHANCED", _rule("CONTINUOUS_SCAN", "*"))
    out = _findings(ecr)

    assert out["imageScanStatus"] == ACTIVE
    assert out["imageScanFindings"]["findingSeverityCounts"] == {"CRITICAL": 1}
    assert len(out["imageScanFindings"]["enhancedFindings"]) == 1


# -- 12 -----------------------------------------------------------------------------------------


def test_decision_12_token_the_fake_did_not_issue_raises_invalid_parameter(ecr, app):
    """Decision 12: "`nextToken` that the fake did not issue ... `InvalidParameterException`"."""
    with pytest.raises(ClientError) as exc:
        ecr.describe_images(repositoryName=app, nextToken="not-a-token")

    assert _error(exc)[0] == "InvalidParameterException"


def test_decision_12_token_issued_for_another_operation_raises_invalid_parameter(ecr, push_image):
    """Decision 12: "`nextToken` ... issued for another operation or collection:
    `InvalidParameterException`"."""
    for name in ("app", "other"):
        ecr.create_repository(repositoryName=name)
        push_image(name, "1.0")
        push_image(name, "2.0")
    token = ecr.describe_images(repositoryName="app", maxResults=1)["nextToken"]

    for call in (
        lambda: ecr.list_images(repositoryName="app", nextToken=token),
        lambda: ecr.describe_images(repositoryName="other", nextToken=token),
    ):
        with pytest.raises(ClientError) as exc:
            call()
        assert _error(exc)[0] == "InvalidParameterException"


@pytest.mark.parametrize("paging", [{"maxResults": 5}, {"nextToken": "x"}])
def test_decision_12_image_ids_with_paging_raises_invalid_parameter(ecr, app, push_image, paging):
    """Decision 12: "... or `imageIds` combined with `nextToken`/`maxResults`:
    `InvalidParameterException`"."""
    push_image(app, "1.0")

    with pytest.raises(ClientError) as exc:
        ecr.describe_images(repositoryName=app, imageIds=[TAG], **paging)

    assert _error(exc)[0] == "InvalidParameterException"


# -- 13 -----------------------------------------------------------------------------------------


def test_decision_13_basic_scan_without_seed_has_empty_findings(ecr, app, push_image):
    """Decision 13: "A finished basic scan has `findings: []` and `findingSeverityCounts: {}`"."""
    push_image(app, "1.0")
    ecr.start_image_scan(repositoryName=app, imageId=TAG)

    findings = _findings(ecr)["imageScanFindings"]

    assert findings["findings"] == []
    assert findings["findingSeverityCounts"] == {}
    assert "enhancedFindings" not in findings


def test_decision_13_enhanced_scan_without_seed_has_empty_enhanced_findings(ecr, app, push_image):
    """Decision 13: "... an enhanced one has `enhancedFindings: []`. ecrfake never invents
    vulnerabilities"."""
    _configure(ecr, "ENHANCED", _rule("SCAN_ON_PUSH", "*"))
    push_image(app, "1.0")

    findings = _findings(ecr)["imageScanFindings"]

    assert findings["enhancedFindings"] == []
    assert findings["findings"] == []  # sent alongside, as real ECR does (aws/aws-cli#6759)
    assert findings["findingSeverityCounts"] == {}


# -- 14 -----------------------------------------------------------------------------------------


def test_decision_14_enhanced_counts_are_keyed_by_finding_severity(ecr, ecr_fake, app, push_image):
    """Decision 14: "Keyed by each finding's `severity` string (`CRITICAL`, `HIGH`, `MEDIUM`, `LOW`,
    `INFORMATIONAL`, `UNTRIAGED`), counting findings"."""
    _configure(ecr, "ENHANCED", _rule("CONTINUOUS_SCAN", "*"))
    seeds = [
        enhanced_finding(f"CVE-2024-{i}", severity=s)
        for i, s in enumerate(["CRITICAL", "UNTRIAGED", "UNTRIAGED", "LOW", "INFORMATIONAL"])
    ]
    ecr_fake.registry().seed_enhanced_findings(app, TAG, seeds)
    push_image(app, "1.0")

    counts = _findings(ecr)["imageScanFindings"]["findingSeverityCounts"]

    assert counts == {"CRITICAL": 1, "UNTRIAGED": 2, "LOW": 1, "INFORMATIONAL": 1}


# -- 15 -----------------------------------------------------------------------------------------


def _secret(account=ACCOUNT, region="us-east-1", name="hub"):
    return f"arn:aws:secretsmanager:{region}:{account}:secret:ecr-pullthroughcache/{name}-AbCdEf"


def _hub_rule(ecr, prefix="hub", **kw):
    args = {"upstreamRegistryUrl": "registry-1.docker.io", "credentialArn": _secret(), **kw}
    return ecr.create_pull_through_cache_rule(ecrRepositoryPrefix=prefix, **args)


@pytest.mark.parametrize("prefix", ["ab", "a" * 30, "ROOT"])
def test_decision_15_prefixes_of_2_to_30_characters_or_root_are_accepted(ecr, prefix):
    """Decision 15: "Prefixes 2-30 characters or `ROOT`"."""
    out = ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix=prefix, upstreamRegistryUrl="public.ecr.aws"
    )

    assert out["ecrRepositoryPrefix"] == prefix


def test_decision_15_prefix_over_30_characters_raises_invalid_parameter(ecr):
    """Decision 15: "Prefixes 2-30 characters" (the model's constraint:
    `InvalidParameterException`)."""
    with pytest.raises(ClientError) as exc:
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix="a" * 31, upstreamRegistryUrl="public.ecr.aws"
        )

    assert _error(exc) == (
        "InvalidParameterException",
        "Invalid parameter at 'ecrRepositoryPrefix' failed to satisfy constraint: 'must have "
        "length less than or equal to 30'",
    )


def test_decision_15_fifty_first_rule_raises_limit_exceeded(ecr_fake):
    """Decision 15: "At most 50 rules (`LimitExceededException` past that)"."""
    ecr = _no_retry_client()
    for i in range(50):
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix=f"p{i:02d}", upstreamRegistryUrl="public.ecr.aws"
        )

    with pytest.raises(ClientError) as exc:
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix="p50", upstreamRegistryUrl="public.ecr.aws"
        )

    assert _error(exc)[0] == "LimitExceededException"


@pytest.mark.parametrize(
    "url",
    [
        "registry-1.docker.io",
        "ghcr.io",
        "myregistry.azurecr.io",
        "registry.gitlab.com",
        "cgr.dev",
    ],
)
def test_decision_15_credential_upstream_without_credential_raises_validation(ecr, url):
    """Decision 15: "Upstreams that need credentials (Docker Hub, GitHub, Azure, GitLab, Chainguard)
    require a `credentialArn` ...; a missing one ... is `ValidationException`"."""
    with pytest.raises(ClientError) as exc:
        ecr.create_pull_through_cache_rule(ecrRepositoryPrefix="up", upstreamRegistryUrl=url)

    assert _error(exc)[0] == "ValidationException"


@pytest.mark.parametrize(
    "arn", [_secret(account="210987654321"), _secret(region="eu-west-1")], ids=["account", "region"]
)
def test_decision_15_credential_of_another_account_or_region_raises_validation(ecr, arn):
    """Decision 15: "... or one for another account or region, is `ValidationException`"."""
    with pytest.raises(ClientError) as exc:
        _hub_rule(ecr, credentialArn=arn)

    assert _error(exc)[0] == "ValidationException"


def test_decision_15_credential_breaking_the_pattern_raises_invalid_parameter(ecr):
    """Decision 15: "... one that breaks the model's pattern is `InvalidParameterException`"."""
    arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub/creds-AbCdEf"

    with pytest.raises(ClientError) as exc:
        _hub_rule(ecr, credentialArn=arn)

    code, message = _error(exc)
    assert code == "InvalidParameterException"
    assert message.startswith("Invalid parameter at 'credentialArn' failed to satisfy constraint: ")


def test_decision_15_overlapping_prefixes_are_allowed(ecr):
    """Decision 15: "Overlapping prefixes are allowed"."""
    _hub_rule(ecr, "hub")
    _hub_rule(ecr, "hub/library")

    rules = ecr.describe_pull_through_cache_rules()["pullThroughCacheRules"]

    assert [r["ecrRepositoryPrefix"] for r in rules] == ["hub", "hub/library"]


def test_decision_15_duplicate_prefix_with_trailing_slash_raises_already_exists(ecr):
    """Decision 15: "An exact duplicate (a trailing `/` does not make a prefix different) is
    `PullThroughCacheRuleAlreadyExistsException`"."""
    _hub_rule(ecr, "hub")

    with pytest.raises(ClientError) as exc:
        _hub_rule(ecr, "hub/")

    assert _error(exc)[0] == "PullThroughCacheRuleAlreadyExistsException"


def test_decision_15_validate_answers_is_valid_for_a_well_formed_rule(ecr, ecr_fake):
    """Decision 15: "ValidatePullThroughCacheRule answers `isValid: true` for an existing rule whose
    credential (if any) is well formed, else `false` with a `failure` text"."""
    _hub_rule(ecr, "hub")
    good = ecr.validate_pull_through_cache_rule(ecrRepositoryPrefix="hub")
    ecr_fake.registry().model.pull_through.get_rule("hub").credential_arn = _secret(
        region="eu-west-1"
    )
    bad = ecr.validate_pull_through_cache_rule(ecrRepositoryPrefix="hub")

    assert good["isValid"] is True
    assert "failure" not in good
    assert bad["isValid"] is False
    assert bad["failure"]


# -- 16 -----------------------------------------------------------------------------------------


@mock_ecr_scanning
def test_decision_16_default_account_and_the_clients_region():
    """Decision 16: "Account `123456789012`; the region is the client's"."""
    ecr = boto3.client("ecr", region_name="eu-west-1")

    repo = ecr.create_repository(repositoryName="app")["repository"]

    assert repo["registryId"] == ACCOUNT
    assert repo["repositoryArn"] == f"arn:aws:ecr:eu-west-1:{ACCOUNT}:repository/app"
    assert ecr.describe_registry()["registryId"] == ACCOUNT


# -- 17 -----------------------------------------------------------------------------------------


def test_decision_17_simulate_pull_records_the_pull_time_from_the_fake_clock(ecr, ecr_fake):
    """Decision 17: "`simulate_pull` sets the image's `lastRecordedPullTime` (DescribeImages) from
    the fake's clock"."""
    ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="ecr-public", upstreamRegistryUrl="public.ecr.aws"
    )
    with freezegun.freeze_time(START):
        ecr_fake.registry().simulate_pull("ecr-public/nginx/nginx", "1.25")
    pulled_at = START + datetime.timedelta(hours=5)
    with freezegun.freeze_time(pulled_at):
        ecr_fake.registry().simulate_pull("ecr-public/nginx/nginx", "1.25")

    (detail,) = ecr.describe_images(repositoryName="ecr-public/nginx/nginx")["imageDetails"]

    assert detail["imagePushedAt"] == START
    assert detail["lastRecordedPullTime"] == pulled_at


def test_decision_17_longer_prefix_wins(ecr, ecr_fake):
    """Decision 17: "When two rules' prefixes both match a name, the longer prefix wins"."""
    ecr.create_pull_through_cache_rule(ecrRepositoryPrefix="up", upstreamRegistryUrl="quay.io")
    ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="up/k8s", upstreamRegistryUrl="registry.k8s.io"
    )

    ecr_fake.registry().simulate_pull("up/k8s/pause", "3.9")

    (record,) = ecr_fake.registry().pulls
    assert (record.rule_prefix, record.upstream_registry_url, record.upstream_repository) == (
        "up/k8s",
        "registry.k8s.io",
        "pause",
    )
