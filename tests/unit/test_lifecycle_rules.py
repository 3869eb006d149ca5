"""The lifecycle policy engine: every worked example of the ECR User Guide, and its validation.

Examples: "Examples of lifecycle policies in Amazon ECR"
(https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html) in its current
``tagPatternList`` wording, and the 2022 ``tagPrefixList`` wording of the same page
(https://github.com/awsdocs/amazon-ecr-user-guide/blob/main/doc_source/lifecycle_policy_examples.md).
Each example's repository contents and outcome are the page's own.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecrfake.models.lifecycle_rules import (
    MAX_RULES,
    PolicyTextError,
    evaluate,
    parse_policy,
)

NOW = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.timezone.utc)


def days_ago(n: float) -> datetime.datetime:
    return NOW - datetime.timedelta(days=n)


@dataclass(eq=False)
class Img:
    name: str
    tags: list[str]
    pushed_at: datetime.datetime
    last_recorded_pull_time: datetime.datetime | None = None
    storage_class: str = "STANDARD"
    last_archived_at: datetime.datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)


def rule(priority, selection, action=None, description=None):
    out = {"rulePriority": priority, "selection": selection, "action": action or {"type": "expire"}}
    if description:
        out["description"] = description
    return out


def policy(*rules):
    return json.dumps({"rules": list(rules)})


def outcome(text, images, now=NOW):
    return [
        (d.image.name, d.action_type, d.rule.priority)
        for d in evaluate(parse_policy(text), images, now)
    ]


def names(text, images, now=NOW):
    return sorted(d.image.name for d in evaluate(parse_policy(text), images, now))


def tagged(kind, values, count_type="imageCountMoreThan", number=1, unit=None):
    sel = {"tagStatus": "tagged", kind: values, "countType": count_type, "countNumber": number}
    if unit:
        sel["countUnit"] = unit
    return sel


# -- "Filtering on image age" / "Filtering on image count" -----------------------------------------


def test_example_filtering_on_image_age_expires_prod_images_older_than_14_days():
    text = policy(
        rule(
            1,
            tagged("tagPatternList", ["prod*"], "sinceImagePushed", 14, "days"),
            description="Expire images older than 14 days",
        )
    )
    images = [
        Img("old-prod", ["prod-1"], days_ago(15)),
        Img("new-prod", ["prod-2"], days_ago(13)),
        Img("old-dev", ["dev-1"], days_ago(30)),
        Img("old-untagged", [], days_ago(30)),
    ]
    assert names(text, images) == ["old-prod"]


def test_example_2022_filtering_on_image_age_expires_untagged_older_than_14_days():
    text = policy(
        rule(
            1,
            {
                "tagStatus": "untagged",
                "countType": "sinceImagePushed",
                "countUnit": "days",
                "countNumber": 14,
            },
        )
    )
    images = [Img("a", [], days_ago(20)), Img("b", [], days_ago(10)), Img("c", ["x"], days_ago(20))]
    assert names(text, images) == ["a"]


def test_example_filtering_on_image_count_keeps_one_untagged_image():
    text = policy(
        rule(
            1,
            {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1},
            description="Keep only one untagged image, expire all others",
        )
    )
    images = [Img(f"u{n}", [], days_ago(10 - n)) for n in range(4)] + [
        Img("t", ["v1"], days_ago(20))
    ]
    # the youngest untagged image (u3) stays; tagged images are not selected
    assert names(text, images) == ["u0", "u1", "u2"]


# -- "Filtering on multiple rules" ----------------------------------------------------------------


def _multiple_rules_images():
    return [
        Img("A", ["beta-1", "prod-1"], days_ago(10)),
        Img("B", ["beta-2", "prod-2"], days_ago(9)),
        Img("C", ["beta-3"], days_ago(8)),
    ]


@pytest.mark.parametrize(
    ("kind", "prod", "beta"),
    [
        ("tagPatternList", ["prod*"], ["beta*"]),
        ("tagPrefixList", ["prod"], ["beta"]),
    ],
)
def test_example_multiple_rules_a_expires_image_a_only(kind, prod, beta):
    text = policy(rule(1, tagged(kind, prod)), rule(2, tagged(kind, beta)))
    # Rule 2 would mark A and B, but A was seen by rule 1 and expiring B would violate rule 1.
    assert outcome(text, _multiple_rules_images()) == [("A", "EXPIRE", 1)]


@pytest.mark.parametrize(
    ("kind", "prod", "beta"),
    [
        ("tagPatternList", ["prod*"], ["beta*"]),
        ("tagPrefixList", ["prod"], ["beta"]),
    ],
)
def test_example_multiple_rules_b_expires_images_a_and_b(kind, prod, beta):
    text = policy(rule(1, tagged(kind, beta)), rule(2, tagged(kind, prod)))
    # Rule 1 sees all three images; rule 2 sees none that rule 1 did not already see.
    assert outcome(text, _multiple_rules_images()) == [("A", "EXPIRE", 1), ("B", "EXPIRE", 1)]


# -- "Filtering on multiple tags in a single rule" ------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        ("tagPatternList", ["alpha*", "beta*"]),
        ("tagPrefixList", ["alpha", "beta"]),
    ],
)
def test_example_multiple_tags_a_needs_every_tag_and_expires_image_c(kind, values):
    images = [
        Img("A", ["alpha-1"], days_ago(12)),
        Img("B", ["beta-1"], days_ago(11)),
        Img("C", ["alpha-2", "beta-2"], days_ago(10)),
        Img("D", ["alpha-3"], days_ago(4)),
        Img("E", ["beta-3"], days_ago(3)),
        Img("F", ["alpha-4", "beta-4"], days_ago(2)),
    ]
    text = policy(rule(1, tagged(kind, values, "sinceImagePushed", 5, "days")))
    assert names(text, images) == ["C"]


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        ("tagPatternList", ["alpha*", "beta*"]),
        ("tagPrefixList", ["alpha", "beta"]),
    ],
)
def test_example_multiple_tags_b_tags_are_not_exclusive(kind, values):
    images = [
        Img("A", ["alpha-1", "beta-1", "gamma-1"], days_ago(10)),
        Img("B", ["alpha-2", "beta-2"], days_ago(9)),
        Img("C", ["alpha-3", "beta-3", "gamma-2"], days_ago(8)),
    ]
    text = policy(rule(1, tagged(kind, values)))
    assert names(text, images) == ["A", "B"]


# -- "Filtering on all images" and the archive examples -------------------------------------------


def test_any_rule_after_tagged_rule_does_not_touch_images_the_tagged_rule_matched():
    text = policy(
        rule(1, tagged("tagPatternList", ["prod*"], number=2)),
        rule(2, {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1}),
    )
    images = [
        Img("p1", ["prod-1"], days_ago(9)),
        Img("x1", ["dev-1"], days_ago(8)),
        Img("p2", ["prod-2"], days_ago(7)),
        Img("u1", [], days_ago(6)),
        Img("p3", ["prod-3"], days_ago(5)),
    ]
    # rule 1 keeps p2, p3 and expires p1; rule 2 counts all five (keeps the youngest, p3) but may
    # only act on x1 and u1, which rule 1 did not match
    assert outcome(text, images) == [("p1", "EXPIRE", 1), ("x1", "EXPIRE", 2), ("u1", "EXPIRE", 2)]


def test_archive_then_expire_policy_acts_per_storage_class():
    text = policy(
        rule(
            1,
            {
                "tagStatus": "any",
                "countType": "sinceImagePulled",
                "countUnit": "days",
                "countNumber": 90,
            },
            {"type": "transition", "targetStorageClass": "archive"},
        ),
        rule(
            2,
            {
                "tagStatus": "any",
                "storageClass": "archive",
                "countType": "sinceImageTransitioned",
                "countUnit": "days",
                "countNumber": 90,
            },
        ),
    )
    images = [
        Img("pulled-recently", ["a"], days_ago(200), last_recorded_pull_time=days_ago(10)),
        Img("pulled-long-ago", ["b"], days_ago(200), last_recorded_pull_time=days_ago(100)),
        Img("never-pulled-old", ["c"], days_ago(95)),
        Img("never-pulled-new", ["d"], days_ago(30)),
        Img(
            "archived-long",
            ["e"],
            days_ago(400),
            storage_class="ARCHIVE",
            last_archived_at=days_ago(91),
        ),
        Img(
            "archived-short",
            ["f"],
            days_ago(300),
            storage_class="ARCHIVE",
            last_archived_at=days_ago(89),
        ),
    ]
    assert outcome(text, images) == [
        ("archived-long", "EXPIRE", 2),
        ("pulled-long-ago", "TRANSITION", 1),
        ("never-pulled-old", "TRANSITION", 1),
    ]


def test_evaluate_orders_decisions_by_push_time_oldest_first():
    text = policy(
        rule(1, {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1})
    )
    images = [Img("new", [], days_ago(1)), Img("old", [], days_ago(3)), Img("mid", [], days_ago(2))]
    assert [d.image.name for d in evaluate(parse_policy(text), images, NOW)] == ["old", "mid"]


def test_since_image_pushed_keeps_an_image_exactly_at_the_limit():
    text = policy(
        rule(
            1,
            {
                "tagStatus": "any",
                "countType": "sinceImagePushed",
                "countUnit": "days",
                "countNumber": 14,
            },
        )
    )
    assert names(text, [Img("edge", [], days_ago(14))]) == []
    assert names(text, [Img("past", [], days_ago(14.0001))]) == ["past"]


def test_image_count_keeps_everything_when_fewer_images_than_the_count():
    text = policy(
        rule(1, {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 5})
    )
    assert names(text, [Img(str(n), [], days_ago(n)) for n in range(5)]) == []


@pytest.mark.parametrize(
    ("pattern", "tag", "expected"),
    [
        ("prod", "prod", True),
        ("prod", "prod1", False),  # no wildcard: the whole tag
        ("prod*", "prod1", True),
        ("*prod", "preprod", True),
        ("*prod", "prod-x", False),
        ("*test*1*2*3", "my-test-1-2-3", True),
        ("v*.*", "v1.2", True),
        ("v*.*", "v12", False),
        ("a.b", "axb", False),  # "." is literal
    ],
)
def test_tag_pattern_wildcards_match_whole_tags(pattern, tag, expected):
    text = policy(rule(1, tagged("tagPatternList", [pattern], number=1)))
    images = [Img("x", [tag], days_ago(2)), Img("keep", [tag], days_ago(1))]
    assert (names(text, images) == ["x"]) is expected


def test_tag_prefix_is_case_sensitive():
    text = policy(rule(1, tagged("tagPrefixList", ["Prod"], number=1)))
    assert names(text, [Img("x", ["prod-1"], days_ago(2)), Img("y", ["prod-2"], days_ago(1))]) == []


# -- validation -------------------------------------------------------------------------------------


def refusal(text):
    with pytest.raises(PolicyTextError) as info:
        parse_policy(text)
    return info.value.reason


EXPIRE_ONE = {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("not json", "Could not map policyString into LifecyclePolicy."),
        ("[]", "Could not map policyString into LifecyclePolicy."),
        ('{"no_rules": 1}', 'object has missing required properties (["rules"])'),
        (
            '{"rules": {}}',
            'instance type (object) does not match any allowed primitive type (allowed: ["array"])',
        ),
        (
            '{"rules": []}',
            "array is too short: must have at least 1 elements but instance has 0 elements",
        ),
        (
            '{"rules": ["x"]}',
            'instance type (string) does not match any allowed primitive type (allowed: ["object"])',
        ),
        (
            '{"rules": [], "x": 1}',
            'object instance has properties which are not allowed by the schema: (["x"])',
        ),
    ],
)
def test_parse_policy_document_shape_refusals(text, reason):
    assert refusal(text) == reason


@pytest.mark.parametrize(
    ("raw_rule", "reason"),
    [
        (
            {"selection": EXPIRE_ONE, "action": {"type": "expire"}},
            'object has missing required properties (["rulePriority"])',
        ),
        (
            {"rulePriority": 1, "action": {"type": "expire"}},
            'object has missing required properties (["selection"])',
        ),
        (
            {"rulePriority": 1, "selection": EXPIRE_ONE},
            'object has missing required properties (["action"])',
        ),
        (
            {"rulePriority": 0, "selection": EXPIRE_ONE, "action": {"type": "expire"}},
            "numeric instance is lower than the required minimum (minimum: 1, found: 0)",
        ),
        (
            {"rulePriority": "1", "selection": EXPIRE_ONE, "action": {"type": "expire"}},
            'instance type (string) does not match any allowed primitive type (allowed: ["integer"])',
        ),
        (
            {"rulePriority": 1, "selection": EXPIRE_ONE, "action": {"type": "keep"}},
            'instance value (keep) not found in enum (possible values: ["expire","transition"])',
        ),
        (
            {"rulePriority": 1, "selection": EXPIRE_ONE, "action": {}},
            'object has missing required properties (["type"])',
        ),
        (
            {
                "rulePriority": 1,
                "selection": EXPIRE_ONE,
                "action": {"type": "expire"},
                "unknown": 1,
            },
            'object instance has properties which are not allowed by the schema: (["unknown"])',
        ),
    ],
)
def test_parse_policy_rule_shape_refusals(raw_rule, reason):
    assert refusal(json.dumps({"rules": [raw_rule]})) == reason


@pytest.mark.parametrize(
    ("selection", "reason"),
    [
        (
            {"countType": "imageCountMoreThan", "countNumber": 1},
            'object has missing required properties (["tagStatus"])',
        ),
        (
            {"tagStatus": "untagged", "countNumber": 1},
            'object has missing required properties (["countType"])',
        ),
        (
            {"tagStatus": "untagged", "countType": "imageCountMoreThan"},
            'object has missing required properties (["countNumber"])',
        ),
        (
            {"tagStatus": "Tagged", "countType": "imageCountMoreThan", "countNumber": 1},
            'instance value (Tagged) not found in enum (possible values: ["any","tagged","untagged"])',
        ),
        (
            {"tagStatus": "untagged", "countType": "hourly", "countNumber": 1},
            "instance failed to match exactly one schema (matched 0 out of 2)",
        ),
        # countUnit belongs to the age count types only, and they need it
        (
            {
                "tagStatus": "untagged",
                "countType": "imageCountMoreThan",
                "countUnit": "days",
                "countNumber": 1,
            },
            "instance failed to match exactly one schema (matched 0 out of 2)",
        ),
        (
            {"tagStatus": "untagged", "countType": "sinceImagePushed", "countNumber": 1},
            "instance failed to match exactly one schema (matched 0 out of 2)",
        ),
        (
            {
                "tagStatus": "untagged",
                "countType": "sinceImagePushed",
                "countUnit": "hours",
                "countNumber": 1,
            },
            'instance value (hours) not found in enum (possible values: ["days"])',
        ),
        (
            {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 0},
            "numeric instance is lower than the required minimum (minimum: 1, found: 0)",
        ),
        (
            {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": -1},
            "numeric instance is lower than the required minimum (minimum: 1, found: -1)",
        ),
        (
            {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1.5},
            'instance type (number) does not match any allowed primitive type (allowed: ["integer"])',
        ),
        (
            {
                "tagStatus": "tagged",
                "tagPatternList": None,
                "countType": "imageCountMoreThan",
                "countNumber": 1,
            },
            'instance type (null) does not match any allowed primitive type (allowed: ["array"])',
        ),
        (
            {"tagStatus": "tagged", "countType": "imageCountMoreThan", "countNumber": 1},
            "Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED.",
        ),
        (
            {
                "tagStatus": "tagged",
                "tagPrefixList": ["a"],
                "tagPatternList": ["b*"],
                "countType": "imageCountMoreThan",
                "countNumber": 1,
            },
            "Cannot specify both tagPrefixList and tagPatternList when tagStatus=TAGGED.",
        ),
        (
            {
                "tagStatus": "untagged",
                "tagPrefixList": ["a"],
                "countType": "imageCountMoreThan",
                "countNumber": 1,
            },
            "tagPrefixList and tagPatternList can only be specified when tagStatus=TAGGED, not tagStatus=UNTAGGED.",
        ),
        (
            {
                "tagStatus": "tagged",
                "tagPatternList": ["test*1*2*3*4*5*6"],
                "countType": "imageCountMoreThan",
                "countNumber": 1,
            },
            "The tagPatternList entry 'test*1*2*3*4*5*6' has more than 4 wildcards.",
        ),
        (
            {
                "tagStatus": "any",
                "storageClass": "archive",
                "countType": "sinceImagePushed",
                "countUnit": "days",
                "countNumber": 100,
            },
            "countType=sinceImageTransitioned must be used with storageClass=ARCHIVE, and "
            "storageClass=ARCHIVE only with countType=sinceImageTransitioned.",
        ),
        (
            {
                "tagStatus": "any",
                "storageClass": "archive",
                "countType": "sinceImageTransitioned",
                "countUnit": "days",
                "countNumber": 30,
            },
            "countNumber must be at least 90 days for countType=sinceImageTransitioned, the minimum "
            "storage duration of archived images.",
        ),
    ],
)
def test_parse_policy_selection_refusals(selection, reason):
    assert refusal(json.dumps({"rules": [rule(1, selection)]})) == reason


def test_parse_policy_accepts_four_wildcards():
    selection = tagged("tagPatternList", ["*test*1*2*3", "test*1*2*3*"])
    assert parse_policy(policy(rule(1, selection))).rules[0].tag_patterns == (
        "*test*1*2*3",
        "test*1*2*3*",
    )


@pytest.mark.parametrize(
    ("action", "reason"),
    [
        ({"type": "transition"}, "targetStorageClass is required when action type=TRANSITION."),
        (
            {"type": "expire", "targetStorageClass": "archive"},
            "targetStorageClass can only be specified when action type=TRANSITION.",
        ),
        (
            {"type": "transition", "targetStorageClass": "glacier"},
            'instance value (glacier) not found in enum (possible values: ["archive"])',
        ),
    ],
)
def test_parse_policy_action_refusals(action, reason):
    assert refusal(policy(rule(1, EXPIRE_ONE, action))) == reason


def test_parse_policy_refuses_a_transition_out_of_archive():
    selection = {
        "tagStatus": "any",
        "storageClass": "archive",
        "countType": "sinceImageTransitioned",
        "countUnit": "days",
        "countNumber": 100,
    }
    text = policy(rule(1, selection, {"type": "transition", "targetStorageClass": "archive"}))
    assert refusal(text) == "Images in storageClass=ARCHIVE cannot be transitioned."


def test_parse_policy_refuses_duplicate_priorities():
    text = policy(rule(3, EXPIRE_ONE), rule(3, tagged("tagPrefixList", ["a"])))
    assert refusal(text) == "The rulePriority 3 is used by more than one rule."


def test_parse_policy_refuses_two_untagged_rules_in_one_storage_class():
    text = policy(rule(1, EXPIRE_ONE), rule(2, EXPIRE_ONE))
    assert refusal(text) == "Only one rule can select Untagged images per storage class."


def test_parse_policy_refuses_an_any_rule_that_is_not_last():
    any_rule = {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 5}
    text = policy(rule(1, any_rule), rule(2, EXPIRE_ONE))
    assert refusal(text) == "Rule for tagStatus=ANY must have the lowest priority per storage class"


def test_parse_policy_allows_a_last_any_rule_per_storage_class():
    text = policy(
        rule(
            1,
            {
                "tagStatus": "any",
                "countType": "sinceImagePulled",
                "countUnit": "days",
                "countNumber": 90,
            },
            {"type": "transition", "targetStorageClass": "archive"},
        ),
        rule(
            2,
            {
                "tagStatus": "any",
                "storageClass": "archive",
                "countType": "sinceImageTransitioned",
                "countUnit": "days",
                "countNumber": 90,
            },
        ),
    )
    assert [r.priority for r in parse_policy(text).rules] == [1, 2]


def test_parse_policy_sorts_rules_by_priority_whatever_their_order():
    text = policy(rule(20, tagged("tagPrefixList", ["b"])), rule(5, tagged("tagPrefixList", ["a"])))
    assert [r.priority for r in parse_policy(text).rules] == [5, 20]


def test_parse_policy_refuses_more_rules_than_the_quota():
    rules = [rule(n + 1, tagged("tagPrefixList", [f"p{n}"])) for n in range(MAX_RULES + 1)]
    assert refusal(policy(*rules)) == (
        f"array is too long: must have at most {MAX_RULES} elements but instance has "
        f"{MAX_RULES + 1} elements"
    )


# -- properties over random image sets ------------------------------------------------------------

_TAGS = st.lists(
    st.sampled_from(["prod-1", "prod-2", "beta-1", "rc1", "x"]), max_size=3, unique=True
)
_IMAGES = st.lists(
    st.tuples(_TAGS, st.integers(0, 400), st.one_of(st.none(), st.integers(0, 400))),
    max_size=40,
)
_RULES = [
    rule(1, tagged("tagPatternList", ["prod*"], number=1)),
    rule(2, tagged("tagPrefixList", ["beta"], "sinceImagePushed", 10, "days")),
    rule(
        3,
        {
            "tagStatus": "tagged",
            "tagPatternList": ["rc*"],
            "countType": "sinceImagePulled",
            "countUnit": "days",
            "countNumber": 90,
        },
        {"type": "transition", "targetStorageClass": "archive"},
    ),
    rule(4, {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 2}),
    rule(5, {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 5}),
]


@settings(max_examples=200, deadline=None)
@given(_IMAGES)
def test_evaluate_acts_once_per_image_and_never_past_a_higher_rule_that_matched(raw):
    images = [
        Img(str(n), tags, days_ago(age), None if pulled is None else days_ago(min(pulled, age)))
        for n, (tags, age, pulled) in enumerate(raw)
    ]
    parsed = parse_policy(policy(*_RULES))
    decisions = evaluate(parsed, images, NOW)
    acted = [id(d.image) for d in decisions]
    assert len(acted) == len(set(acted))
    for d in decisions:
        earlier = [r for r in parsed.rules if r.priority < d.rule.priority]
        assert not any(r.tag_matcher()(d.image.tags) for r in earlier)
        assert d.rule.tag_matcher()(d.image.tags)
    pushed = [d.image.pushed_at for d in decisions]
    assert pushed == sorted(pushed)
    # the count rules never act on the newest images they keep
    for r in parsed.rules:
        if r.count_type == "imageCountMoreThan":
            matched = sorted(
                (i for i in images if r.tag_matcher()(i.tags)), key=lambda i: i.pushed_at
            )
            kept = (
                {id(i) for i in matched[max(len(matched) - r.count_number, 0) :]}
                if matched
                else set()
            )
            assert not any(id(d.image) in kept for d in decisions if d.rule is r)
