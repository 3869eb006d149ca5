"""Lifecycle policies through boto3: the five operations, their errors, and the lifecycle pass."""

from __future__ import annotations

import datetime
import json

import boto3
import freezegun
import pytest
import time_machine
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.conftest import code_and_message, make_index, make_manifest

from .._floor import needs_model

START = datetime.datetime(2026, 1, 1, 12, 0, tzinfo=datetime.timezone.utc)
DAY = datetime.timedelta(days=1)


def rule(priority, selection, action=None):
    return {
        "rulePriority": priority,
        "selection": selection,
        "action": action or {"type": "expire"},
    }


UNTAGGED_KEEP_1 = rule(
    1, {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1}
)
POLICY = json.dumps({"rules": [UNTAGGED_KEEP_1]}, indent=2)
COMPACT = json.dumps({"rules": [UNTAGGED_KEEP_1]}, separators=(",", ":"))


@pytest.fixture(params=["freezegun", "time-machine"])
def clock(request):
    """Moves frozen time with either library: ``clock(delta)``."""
    if request.param == "freezegun":
        with freezegun.freeze_time(START) as frozen:
            yield frozen.tick
    else:
        with time_machine.travel(START, tick=False) as traveller:
            yield traveller.shift


def push(ecr, repo, seed, tag=None):
    args = {"repositoryName": repo, "imageManifest": make_manifest(seed)}
    if tag is not None:
        args["imageTag"] = tag
    return ecr.put_image(**args)["image"]["imageId"]["imageDigest"]


# -- Put / Get / Delete ----------------------------------------------------------------------------


def test_put_lifecycle_policy_answers_the_text_as_ecr_stores_it(ecr, repo):
    out = ecr.put_lifecycle_policy(repositoryName=repo, lifecyclePolicyText=POLICY)
    assert out["registryId"] == "123456789012"
    assert out["repositoryName"] == repo
    assert out["lifecyclePolicyText"] == COMPACT


def test_get_lifecycle_policy_reads_the_stored_text_without_last_evaluated_at(ecr, repo):
    ecr.put_lifecycle_policy(repositoryName=repo, lifecyclePolicyText=POLICY)
    out = ecr.get_lifecycle_policy(repositoryName=repo)
    assert out["lifecyclePolicyText"] == COMPACT
    assert "lastEvaluatedAt" not in out


def test_put_lifecycle_policy_replaces_the_previous_policy(ecr, repo):
    ecr.put_lifecycle_policy(repositoryName=repo, lifecyclePolicyText=POLICY)
    other = json.dumps(
        {
            "rules": [
                rule(5, {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 9})
            ]
        }
    )
    ecr.put_lifecycle_policy(repositoryName=repo, lifecyclePolicyText=other)
    stored = ecr.get_lifecycle_policy(repositoryName=repo)["lifecyclePolicyText"]
    assert json.loads(stored) == json.loads(other)


def test_delete_lifecycle_policy_answers_the_policy_and_removes_it(ecr, repo):
    ecr.put_lifecycle_policy(repositoryName=repo, lifecyclePolicyText=POLICY)
    out = ecr.delete_lifecycle_policy(repositoryName=repo)
    assert out["lifecyclePolicyText"] == COMPACT
    with pytest.raises(ClientError) as exc:
        ecr.get_lifecycle_policy(repositoryName=repo)
    assert code_and_message(exc) == (
        "LifecyclePolicyNotFoundException",
        "Lifecycle policy does not exist for the repository with name 'app' in the registry with "
        "id '123456789012'",
    )


@pytest.mark.parametrize("method", ["get_lifecycle_policy", "delete_lifecycle_policy"])
def test_lifecycle_policy_read_without_a_policy_raises_not_found(ecr, repo, method):
    with pytest.raises(ClientError) as exc:
        getattr(ecr, method)(repositoryName=repo)
    assert code_and_message(exc)[0] == "LifecyclePolicyNotFoundException"


@pytest.mark.parametrize(
    ("method", "extra"),
    [
        ("put_lifecycle_policy", {"lifecyclePolicyText": POLICY}),
        ("get_lifecycle_policy", {}),
        ("delete_lifecycle_policy", {}),
        ("start_lifecycle_policy_preview", {"lifecyclePolicyText": POLICY}),
        ("get_lifecycle_policy_preview", {}),
    ],
)
def test_lifecycle_operation_on_a_missing_repository_raises_repository_not_found(
    ecr, method, extra
):
    with pytest.raises(ClientError) as exc:
        getattr(ecr, method)(repositoryName="nope", **extra)
    assert code_and_message(exc) == (
        "RepositoryNotFoundException",
        "The repository with name 'nope' does not exist in the registry with id '123456789012'",
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("x" * 120, "Could not map policyString into LifecyclePolicy."),
        (
            json.dumps({"rules": [UNTAGGED_KEEP_1, {**UNTAGGED_KEEP_1, "rulePriority": 2}]}),
            "Only one rule can select Untagged images per storage class.",
        ),
        (
            json.dumps(
                {
                    "rules": [
                        rule(
                            1,
                            {
                                "tagStatus": "any",
                                "countType": "imageCountMoreThan",
                                "countNumber": 3,
                            },
                        ),
                        rule(
                            2,
                            {
                                "tagStatus": "tagged",
                                "tagPrefixList": ["v"],
                                "countType": "imageCountMoreThan",
                                "countNumber": 3,
                            },
                        ),
                    ]
                }
            ),
            "Rule for tagStatus=ANY must have the lowest priority per storage class",
        ),
        (
            json.dumps(
                {
                    "rules": [
                        rule(
                            1,
                            {
                                "tagStatus": "untagged",
                                "countType": "imageCountMoreThan",
                                "countUnit": "days",
                                "countNumber": 3,
                            },
                        )
                    ]
                }
            ),
            "instance failed to match exactly one schema (matched 0 out of 2)",
        ),
        (
            json.dumps(
                {
                    "rules": [
                        rule(
                            1,
                            {
                                "tagStatus": "tagged",
                                "countType": "imageCountMoreThan",
                                "countNumber": 3,
                            },
                        )
                    ]
                }
            ),
            "Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED.",
        ),
    ],
)
def test_put_lifecycle_policy_refuses_invalid_text_with_ecrs_message(ecr, repo, text, reason):
    with pytest.raises(ClientError) as exc:
        ecr.put_lifecycle_policy(repositoryName=repo, lifecyclePolicyText=text)
    assert code_and_message(exc) == (
        "InvalidParameterException",
        "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle "
        f"policy validation failure: {reason}'",
    )
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    with pytest.raises(ClientError):  # nothing was stored
        ecr.get_lifecycle_policy(repositoryName=repo)


def test_put_lifecycle_policy_refuses_text_shorter_than_the_model_allows(ecr_fake, repo):
    # botocore checks the minimum length itself; a client without that check reaches the fake
    raw = boto3.client("ecr", region_name="us-east-1", config=Config(parameter_validation=False))
    with pytest.raises(ClientError) as exc:
        raw.put_lifecycle_policy(repositoryName=repo, lifecyclePolicyText=json.dumps({"rules": []}))
    code, message = code_and_message(exc)
    assert code == "InvalidParameterException"
    assert "lifecyclePolicyText" in message


# -- previews --------------------------------------------------------------------------------------


@needs_model(member=("LifecyclePolicyPreviewResult", "storageClass"))
def test_start_lifecycle_policy_preview_answers_in_progress_then_get_reads_complete(ecr, repo):
    with time_machine.travel(START, tick=False) as t:
        old = push(ecr, repo, "a")
        t.shift(DAY)
        push(ecr, repo, "b")
        started = ecr.start_lifecycle_policy_preview(
            repositoryName=repo, lifecyclePolicyText=POLICY
        )
        assert started["status"] == "IN_PROGRESS"
        assert started["lifecyclePolicyText"] == POLICY  # the draft, as sent
        preview = ecr.get_lifecycle_policy_preview(repositoryName=repo)
    assert preview["status"] == "COMPLETE"
    assert preview["lifecyclePolicyText"] == POLICY
    assert preview["previewResults"] == [
        {
            "imageDigest": old,
            "imagePushedAt": START,
            "action": {"type": "EXPIRE"},
            "appliedRulePriority": 1,
            "storageClass": "STANDARD",
        }
    ]
    assert preview["summary"] == {"expiringImageTotalCount": 1}
    assert "nextToken" not in preview


def test_start_lifecycle_policy_preview_without_text_previews_the_stored_policy(ecr, repo):
    push(ecr, repo, "a")
    push(ecr, repo, "b")
    ecr.put_lifecycle_policy(repositoryName=repo, lifecyclePolicyText=POLICY)
    started = ecr.start_lifecycle_policy_preview(repositoryName=repo)
    assert started["lifecyclePolicyText"] == COMPACT
    assert ecr.get_lifecycle_policy_preview(repositoryName=repo)["summary"] == {
        "expiringImageTotalCount": 1
    }


def test_start_lifecycle_policy_preview_without_text_or_policy_raises_policy_not_found(ecr, repo):
    with pytest.raises(ClientError) as exc:
        ecr.start_lifecycle_policy_preview(repositoryName=repo)
    assert code_and_message(exc)[0] == "LifecyclePolicyNotFoundException"


def test_start_lifecycle_policy_preview_refuses_an_invalid_draft(ecr, repo):
    with pytest.raises(ClientError) as exc:
        ecr.start_lifecycle_policy_preview(repositoryName=repo, lifecyclePolicyText="y" * 100)
    assert code_and_message(exc)[0] == "InvalidParameterException"


def test_get_lifecycle_policy_preview_before_any_preview_raises_preview_not_found(ecr, repo):
    ecr.put_lifecycle_policy(repositoryName=repo, lifecyclePolicyText=POLICY)
    with pytest.raises(ClientError) as exc:
        ecr.get_lifecycle_policy_preview(repositoryName=repo)
    assert code_and_message(exc) == (
        "LifecyclePolicyPreviewNotFoundException",
        "There is no dry run for the repository with name 'app' in the registry with id "
        "'123456789012'",
    )


def test_get_lifecycle_policy_preview_evaluates_images_as_they_were_at_start(ecr, repo):
    push(ecr, repo, "a")
    push(ecr, repo, "b")
    ecr.start_lifecycle_policy_preview(repositoryName=repo, lifecyclePolicyText=POLICY)
    push(ecr, repo, "c")  # after the start: not in the preview
    assert ecr.get_lifecycle_policy_preview(repositoryName=repo)["summary"] == {
        "expiringImageTotalCount": 1
    }


def _many(ecr, repo, count):
    with time_machine.travel(START, tick=False) as t:
        digests = []
        for n in range(count):
            digests.append(push(ecr, repo, f"m{n}", tag=f"v{n}" if n % 2 else None))
            t.shift(datetime.timedelta(minutes=1))
        text = json.dumps(
            {
                "rules": [
                    rule(
                        1, {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1}
                    )
                ]
            }
        )
        ecr.start_lifecycle_policy_preview(repositoryName=repo, lifecyclePolicyText=text)
    return digests


def test_get_lifecycle_policy_preview_pages_with_max_results_and_next_token(ecr, repo):
    digests = _many(ecr, repo, 25)
    seen, token, pages = [], None, 0
    while True:
        args = {"repositoryName": repo, "maxResults": 10}
        if token:
            args["nextToken"] = token
        page = ecr.get_lifecycle_policy_preview(**args)
        seen += [r["imageDigest"] for r in page["previewResults"]]
        assert page["summary"] == {"expiringImageTotalCount": 24}
        pages += 1
        token = page.get("nextToken")
        if not token:
            break
    assert pages == 3
    assert seen == digests[:-1]  # oldest first; the newest is kept


def test_get_lifecycle_policy_preview_paginator_walks_every_result(ecr, repo):
    digests = _many(ecr, repo, 12)
    paginator = ecr.get_paginator("get_lifecycle_policy_preview")
    pages = list(paginator.paginate(repositoryName=repo, PaginationConfig={"PageSize": 5}))
    assert [r["imageDigest"] for p in pages for r in p["previewResults"]] == digests[:-1]


def test_get_lifecycle_policy_preview_filter_keeps_tagged_or_untagged_results(ecr, repo):
    _many(ecr, repo, 9)
    tagged = ecr.get_lifecycle_policy_preview(repositoryName=repo, filter={"tagStatus": "TAGGED"})
    untagged = ecr.get_lifecycle_policy_preview(
        repositoryName=repo, filter={"tagStatus": "UNTAGGED"}
    )
    assert all("imageTags" in r for r in tagged["previewResults"])
    assert all("imageTags" not in r for r in untagged["previewResults"])
    assert len(tagged["previewResults"]) + len(untagged["previewResults"]) == 8


def test_get_lifecycle_policy_preview_image_ids_keep_those_images(ecr, repo):
    digests = _many(ecr, repo, 6)
    page = ecr.get_lifecycle_policy_preview(
        repositoryName=repo,
        imageIds=[{"imageDigest": digests[0]}, {"imageTag": "v3"}, {"imageTag": "no-such"}],
    )
    assert [r["imageDigest"] for r in page["previewResults"]] == [digests[0], digests[3]]


def test_get_lifecycle_policy_preview_image_ids_with_max_results_is_invalid(ecr, repo):
    digests = _many(ecr, repo, 3)
    with pytest.raises(ClientError) as exc:
        ecr.get_lifecycle_policy_preview(
            repositoryName=repo, imageIds=[{"imageDigest": digests[0]}], maxResults=5
        )
    assert code_and_message(exc)[0] == "InvalidParameterException"


def test_get_lifecycle_policy_preview_bad_token_is_invalid(ecr, repo):
    _many(ecr, repo, 3)
    with pytest.raises(ClientError) as exc:
        ecr.get_lifecycle_policy_preview(repositoryName=repo, nextToken="bogus")
    assert code_and_message(exc)[0] == "InvalidParameterException"


def test_get_lifecycle_policy_preview_max_results_over_100_is_invalid(ecr, repo):
    _many(ecr, repo, 3)
    with pytest.raises(ClientError) as exc:
        ecr.get_lifecycle_policy_preview(repositoryName=repo, maxResults=101)
    assert code_and_message(exc)[0] == "InvalidParameterException"


@needs_model(member=("LifecyclePolicyPreviewSummary", "transitioningImageTotalCounts"))
def test_get_lifecycle_policy_preview_counts_transitions_in_the_summary(ecr, repo):
    with time_machine.travel(START, tick=False) as t:
        push(ecr, repo, "old", tag="rc-1")
        t.shift(100 * DAY)
        push(ecr, repo, "new", tag="rc-2")
        text = json.dumps(
            {
                "rules": [
                    rule(
                        1,
                        {
                            "tagStatus": "tagged",
                            "tagPatternList": ["rc-*"],
                            "countType": "sinceImagePulled",
                            "countUnit": "days",
                            "countNumber": 90,
                        },
                        {"type": "transition", "targetStorageClass": "archive"},
                    )
                ]
            }
        )
        ecr.start_lifecycle_policy_preview(repositoryName=repo, lifecyclePolicyText=text)
        preview = ecr.get_lifecycle_policy_preview(repositoryName=repo)
    assert preview["summary"] == {
        "expiringImageTotalCount": 0,
        "transitioningImageTotalCounts": [{"targetStorageClass": "ARCHIVE", "imageTotalCount": 1}],
    }
    (result,) = preview["previewResults"]
    assert result["imageTags"] == ["rc-1"]
    assert result["action"] == {"type": "TRANSITION", "targetStorageClass": "ARCHIVE"}
    assert result["storageClass"] == "STANDARD"


# -- the lifecycle pass ----------------------------------------------------------------------------


def test_apply_lifecycle_policies_expires_across_time(ecr, ecr_fake, repo, clock):
    text = json.dumps(
        {
            "rules": [
                rule(
                    1,
                    {
                        "tagStatus": "untagged",
                        "countType": "sinceImagePushed",
                        "countUnit": "days",
                        "countNumber": 7,
                    },
                )
            ]
        }
    )
    ecr.put_lifecycle_policy(repositoryName=repo, lifecyclePolicyText=text)
    first = push(ecr, repo, "first")
    clock(3 * DAY)
    second = push(ecr, repo, "second")
    reg = ecr_fake.registry()
    clock(5 * DAY)  # first is 8 days old, second 5

    assert reg.apply_lifecycle_policies() == [
        {
            "repositoryName": repo,
            "imageDigest": first,
            "imageTags": [],
            "action": "EXPIRE",
            "appliedRulePriority": 1,
        }
    ]
    clock(3 * DAY)  # second is 8 days old now
    assert [d["imageDigest"] for d in reg.apply_lifecycle_policies()] == [second]
    assert ecr.describe_images(repositoryName=repo)["imageDetails"] == []
    evaluated = ecr.get_lifecycle_policy(repositoryName=repo)["lastEvaluatedAt"]
    assert evaluated == START + 11 * DAY


def test_apply_lifecycle_policies_deletes_like_batch_delete_image(ecr, ecr_fake, repo):
    from ecrfake import basic_finding

    ecr.put_registry_scanning_configuration(
        scanType="BASIC",
        rules=[
            {
                "scanFrequency": "SCAN_ON_PUSH",
                "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
            }
        ],
    )
    reg = ecr_fake.registry()
    reg.seed_basic_findings(
        repo, {"imageTag": "v1"}, [basic_finding("CVE-2020-0001", severity="HIGH")]
    )
    push(ecr, repo, "a", tag="v1")
    push(ecr, repo, "b", tag="v2")
    ecr.put_lifecycle_policy(
        repositoryName=repo,
        lifecyclePolicyText=json.dumps(
            {
                "rules": [
                    rule(
                        1,
                        {
                            "tagStatus": "tagged",
                            "tagPrefixList": ["v"],
                            "countType": "imageCountMoreThan",
                            "countNumber": 1,
                        },
                    )
                ]
            }
        ),
    )
    done = reg.apply_lifecycle_policies()
    assert [d["imageTags"] for d in done] == [["v1"]]
    with pytest.raises(ClientError) as exc:
        ecr.describe_image_scan_findings(repositoryName=repo, imageId={"imageTag": "v1"})
    assert code_and_message(exc)[0] == "ImageNotFoundException"
    assert [i["imageTags"] for i in ecr.describe_images(repositoryName=repo)["imageDetails"]] == [
        ["v2"]
    ]
    # the tag is free again: a new push under it is a new image
    push(ecr, repo, "c", tag="v1")


@needs_model(member=("DescribeImagesFilter", "imageStatus"))
def test_apply_lifecycle_policies_archives_transitioned_images(ecr, ecr_fake, repo):
    with time_machine.travel(START, tick=False) as t:
        digest = push(ecr, repo, "a", tag="rc-1")
        t.shift(91 * DAY)
        ecr.put_lifecycle_policy(
            repositoryName=repo,
            lifecyclePolicyText=json.dumps(
                {
                    "rules": [
                        rule(
                            1,
                            {
                                "tagStatus": "any",
                                "countType": "sinceImagePulled",
                                "countUnit": "days",
                                "countNumber": 90,
                            },
                            {"type": "transition", "targetStorageClass": "archive"},
                        )
                    ]
                }
            ),
        )
        done = ecr_fake.registry().apply_lifecycle_policies()
        now = START + 91 * DAY
    assert [(d["imageDigest"], d["action"]) for d in done] == [(digest, "TRANSITION")]
    assert ecr.describe_images(repositoryName=repo)["imageDetails"] == []  # ACTIVE only
    (archived,) = ecr.describe_images(repositoryName=repo, filter={"imageStatus": "ARCHIVED"})[
        "imageDetails"
    ]
    assert archived["imageStatus"] == "ARCHIVED"
    assert archived["lastArchivedAt"] == now
    listed = ecr.list_images(repositoryName=repo, filter={"imageStatus": "ANY"})["imageIds"]
    assert listed == [{"imageDigest": digest, "imageTag": "rc-1"}]


def test_apply_lifecycle_policies_runs_every_repository_by_name(ecr, ecr_fake):
    for name in ("zeta", "alpha"):
        ecr.create_repository(repositoryName=name)
        push(ecr, name, f"{name}-1")
        push(ecr, name, f"{name}-2")
        ecr.put_lifecycle_policy(repositoryName=name, lifecyclePolicyText=POLICY)
    ecr.create_repository(repositoryName="nopolicy")
    push(ecr, "nopolicy", "x")
    push(ecr, "nopolicy", "y")
    done = ecr_fake.registry().apply_lifecycle_policies()
    assert [d["repositoryName"] for d in done] == ["alpha", "zeta"]
    assert len(ecr.describe_images(repositoryName="nopolicy")["imageDetails"]) == 2
    assert "lastEvaluatedAt" in ecr.get_lifecycle_policy(repositoryName="alpha")


def test_apply_lifecycle_policies_keeps_images_an_index_references(ecr, ecr_fake, repo):
    children = [make_manifest("arm"), make_manifest("amd")]
    for child in children:
        ecr.put_image(repositoryName=repo, imageManifest=child)
    ecr.put_image(repositoryName=repo, imageManifest=make_index(children), imageTag="multi")
    ecr.put_lifecycle_policy(repositoryName=repo, lifecyclePolicyText=POLICY)
    assert ecr_fake.registry().apply_lifecycle_policies() == []
    assert len(ecr.describe_images(repositoryName=repo)["imageDetails"]) == 3


@needs_model(member=("DescribeImagesFilter", "imageStatus"))
def test_preview_and_application_agree_over_hundreds_of_images_and_several_rules(
    ecr, ecr_fake, repo
):
    families = ["release-", "feature-", "rc-", "dev-", None]
    with time_machine.travel(START, tick=False) as t:
        for n in range(300):
            family = families[n % len(families)]
            push(ecr, repo, f"img{n}", tag=None if family is None else f"{family}{n}")
            t.shift(datetime.timedelta(hours=12))
        reg = ecr_fake.registry()
        for n in range(0, 300, 15):  # some release candidates were pulled recently
            reg.simulate_pull(repo, f"rc-{n + 2}") if (n + 2) % 5 == 2 else None
        text = json.dumps(
            {
                "rules": [
                    rule(
                        1,
                        {
                            "tagStatus": "tagged",
                            "tagPatternList": ["release-*"],
                            "countType": "imageCountMoreThan",
                            "countNumber": 10,
                        },
                    ),
                    rule(
                        2,
                        {
                            "tagStatus": "tagged",
                            "tagPrefixList": ["feature"],
                            "countType": "sinceImagePushed",
                            "countUnit": "days",
                            "countNumber": 30,
                        },
                    ),
                    rule(
                        3,
                        {
                            "tagStatus": "tagged",
                            "tagPatternList": ["rc-*"],
                            "countType": "sinceImagePulled",
                            "countUnit": "days",
                            "countNumber": 90,
                        },
                        {"type": "transition", "targetStorageClass": "archive"},
                    ),
                    rule(
                        4,
                        {
                            "tagStatus": "untagged",
                            "countType": "imageCountMoreThan",
                            "countNumber": 5,
                        },
                    ),
                    rule(
                        5,
                        {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 120},
                    ),
                ]
            }
        )
        ecr.put_lifecycle_policy(repositoryName=repo, lifecyclePolicyText=text)
        ecr.start_lifecycle_policy_preview(repositoryName=repo)
        previewed = [
            (r["imageDigest"], r["action"]["type"], r["appliedRulePriority"])
            for page in ecr.get_paginator("get_lifecycle_policy_preview").paginate(
                repositoryName=repo
            )
            for r in page["previewResults"]
        ]
        done = reg.apply_lifecycle_policies()
    applied = [(d["imageDigest"], d["action"], d["appliedRulePriority"]) for d in done]
    assert applied == previewed
    assert {p for _, _, p in applied} == {1, 2, 3, 4, 5}  # every rule acted
    expired = {d for d, a, _ in applied if a == "EXPIRE"}
    pages = ecr.get_paginator("describe_images").paginate(
        repositoryName=repo, filter={"imageStatus": "ANY"}
    )
    left = {i["imageDigest"] for page in pages for i in page["imageDetails"]}
    assert len(left) == 300 - len(expired) and not (left & expired)
