"""Policy texts, account settings and the per-repository lifecycle state (pure models)."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field

import pytest

from ecrfake.exceptions import ValidationException
from ecrfake.models.account_settings import AccountSettings
from ecrfake.models.lifecycle import Preview, compact_text
from ecrfake.models.lifecycle_rules import evaluate, parse_policy
from ecrfake.models.policy_text import is_lockout, non_ecr_actions, pretty

NOW = datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc)

# The AWS CLI's set-repository-policy example: the text sent and the text ECR answers.
CLI_POLICY = {
    "Version": "2008-10-17",
    "Statement": [
        {
            "Sid": "allow public pull",
            "Effect": "Allow",
            "Principal": "*",
            "Action": [
                "ecr:BatchCheckLayerAvailability",
                "ecr:BatchGetImage",
                "ecr:GetDownloadUrlForLayer",
            ],
        }
    ],
}
CLI_ANSWER = (
    '{\n  "Version" : "2008-10-17",\n  "Statement" : [ {\n    "Sid" : "allow public pull",\n'
    '    "Effect" : "Allow",\n    "Principal" : "*",\n    "Action" : [ '
    '"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer" ]\n'
    "  } ]\n}"
)


def test_pretty_writes_the_cli_example_exactly():
    assert pretty(CLI_POLICY) == CLI_ANSWER


def test_pretty_writes_empty_containers_and_nested_objects():
    doc = {"a": {}, "b": [], "c": [{"d": {"e": 1}}, {"f": True}], "g": None}
    assert pretty(doc) == (
        '{\n  "a" : { },\n  "b" : [ ],\n  "c" : [ {\n    "d" : {\n      "e" : 1\n    }\n  }, {\n'
        '    "f" : true\n  } ],\n  "g" : null\n}'
    )


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ({"Effect": "Deny", "Principal": "*", "Action": "ecr:SetRepositoryPolicy"}, True),
        ({"Effect": "Deny", "Principal": {"AWS": ["*"]}, "Action": ["ecr:*"]}, True),
        ({"Effect": "Deny", "Principal": "*", "Action": "ECR:Set*"}, True),
        ({"Effect": "Deny", "Principal": "*", "Action": "ecr:BatchGetImage"}, False),
        ({"Effect": "Allow", "Principal": "*", "Action": "ecr:*"}, False),
        (
            {
                "Effect": "Deny",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": "*",
            },
            False,
        ),
    ],
)
def test_is_lockout_only_for_a_deny_of_set_repository_policy_to_everyone(statement, expected):
    assert is_lockout({"Version": "2012-10-17", "Statement": [statement]}) is expected


def test_non_ecr_actions_lists_what_a_v2_registry_policy_may_not_grant():
    doc = {"Statement": [{"Action": ["ecr:ReplicateImage", "s3:GetObject"]}, {"Action": "*"}]}
    assert non_ecr_actions(doc) == ["s3:GetObject", "*"]


def test_account_settings_defaults_and_put():
    settings = AccountSettings()
    assert settings.get("BASIC_SCAN_TYPE_VERSION") == "AWS_NATIVE"
    assert settings.get("REGISTRY_POLICY_SCOPE") == "V2"
    assert settings.get("BLOB_MOUNTING") == "DISABLED"
    assert not settings.was_put("BLOB_MOUNTING")
    assert settings.put("BLOB_MOUNTING", "ENABLED") == "ENABLED"
    assert settings.get("BLOB_MOUNTING") == "ENABLED"
    assert settings.was_put("BLOB_MOUNTING")


@pytest.mark.parametrize(
    ("name", "value"),
    [("REGISTRY_POLICY_SCOPE", "V1"), ("BASIC_SCAN_TYPE_VERSION", "CLAIR"), ("NOPE", "X")],
)
def test_account_settings_refuse_removed_or_unknown_values(name, value):
    with pytest.raises(ValidationException):
        AccountSettings().put(name, value)


@dataclass(eq=False)
class Img:
    digest: str
    tags: list[str]
    pushed_at: datetime.datetime
    last_recorded_pull_time: datetime.datetime | None = None
    storage_class: str = "STANDARD"
    last_archived_at: datetime.datetime | None = None
    _: dict[str, str] = field(default_factory=dict)


POLICY = json.dumps(
    {
        "rules": [
            {
                "rulePriority": 1,
                "description": "Keep one untagged",
                "selection": {
                    "tagStatus": "untagged",
                    "countType": "imageCountMoreThan",
                    "countNumber": 1,
                },
                "action": {"type": "expire"},
            }
        ]
    },
    indent=4,
)


def test_compact_text_keeps_member_order_and_drops_whitespace():
    assert compact_text(POLICY).startswith('{"rules":[{"rulePriority":1,"description":')


def test_preview_of_a_draft_shapes_results_and_counts():
    images = [Img(f"sha256:{n}", [], NOW - datetime.timedelta(days=3 - n)) for n in range(3)]
    policy = parse_policy(POLICY)
    preview = Preview.of(POLICY, policy, evaluate(policy, images, NOW))
    assert preview.text == POLICY
    assert [r["imageDigest"] for r in preview.results] == ["sha256:0", "sha256:1"]
    assert preview.results[0] == {
        "imageDigest": "sha256:0",
        "imagePushedAt": images[0].pushed_at,
        "action": {"type": "EXPIRE"},
        "appliedRulePriority": 1,
        "storageClass": "STANDARD",
    }
    assert preview.summary == {"expiringImageTotalCount": 2}
    assert preview.selected("TAGGED", None) == []
    assert len(preview.selected("UNTAGGED", ["sha256:1", "sha256:9"])) == 1


def test_pretty_escapes_strings_as_json_does_and_round_trips():
    doc = {"Sid": 'quote " back \\ newline \n unicode é \u2028', "n": [1, 2.5, None, False]}
    text = pretty(doc)
    assert json.loads(text) == doc
    assert '"n" : [ 1, 2.5, null, false ]' in text
    assert "é" in text  # not \u-escaped
