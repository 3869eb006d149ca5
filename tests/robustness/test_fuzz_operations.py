"""Property-based fuzzing of every implemented ECR operation through a real boto3 client.

For each operation in ``OPERATIONS`` (read at collection, so operations added later are fuzzed
without touching this file), hypothesis draws request bodies from botocore's input shape, valid and
invalid, against a seeded state. Whatever comes in, the fake answers either a success whose body
matches the output shape, or a modelled client error with HTTP 400; no exception escapes it, its
state stays consistent and it keeps answering.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from botocore.exceptions import ClientError
from hypothesis import given
from hypothesis import strategies as st

import ecrfake.handlers  # noqa: F401  (fills OPERATIONS)
from ecrfake import _dispatch, _validate, mock_ecr_scanning
from ecrfake._dispatch import OPERATIONS
from ecrfake._service import service_model
from ecrfake.exceptions import InvalidParameterException
from ecrfake.models._paging import decode_token, encode_token

from .._floor import has_operation
from .._shapes import shape_errors
from ..conftest import make_manifest
from ._harness import SEED_VARIANTS, SEEDS, SeededStates, allowed_codes, raw_client, send
from ._invariants import state_problems
from ._strategies import RequestFuzzer, b64_text
from .conftest import FUZZED, fuzz_settings, recording

FUZZER = RequestFuzzer(SEEDS)
_probe_names = (f"probe-{i}" for i in itertools.count())


def outcome_problems(operation: str, outcome: Any) -> list[str]:
    """Why ``outcome`` is not an acceptable answer to ``operation`` (empty when it is)."""
    if isinstance(outcome, ClientError):
        code = outcome.response["Error"]["Code"]
        status = outcome.response["ResponseMetadata"]["HTTPStatusCode"]
        problems = []
        if status != 400:
            problems.append(f"HTTP {status} for {code}")
        if code not in allowed_codes(operation):
            problems.append(f"{code} is not an error {operation} can answer")
        if not outcome.response["Error"].get("Message"):
            problems.append(f"{code} without a message")
        return problems
    status = outcome["ResponseMetadata"]["HTTPStatusCode"]
    return [] if status == 200 else [f"success with HTTP {status}"]


def _outcome_key(outcome: Any) -> str:
    if isinstance(outcome, ClientError):
        return outcome.response["Error"]["Code"]
    return "success"


class Checker:
    """Sends one request against a freshly restored seeded state and checks everything."""

    def __init__(self, fake: Any, client: Any) -> None:
        self.fake = fake
        self.client = client
        self.seeded = SeededStates(fake, client)
        self.shapes: list[str] = []

    def observe(self, name: str, result: dict[str, Any]) -> None:
        self.shapes.extend(f"{name}: {e}" for e in shape_errors(name, result))

    def check(self, operation: str, params: dict[str, Any], variant: str) -> None:
        self.check_sequence([(operation, params)], variant)

    def check_sequence(self, steps: list[tuple[str, dict[str, Any]]], variant: str) -> None:
        """Run ``steps`` in order from the seeded state, checking the answer after each."""
        self.seeded.restore(variant)
        for n, (operation, params) in enumerate(steps, 1):
            self.shapes.clear()
            with recording() as log:
                outcome = send(self.client, operation, params)
            FUZZED[operation, _outcome_key(outcome)] += 1
            where = f"step {n} ({operation})"
            assert not log.escaped, (where, log.escaped)
            assert log.requests == 1, f"{where}: {log.requests} requests reached the fake"
            assert not (problems := outcome_problems(operation, outcome)), (where, problems)
            assert not self.shapes, (where, self.shapes)
            assert not (broken := state_problems(self.fake.state)), (where, broken)
        probe = next(_probe_names)
        self.client.create_repository(repositoryName=probe)
        assert self.fake.registry().get_repository(probe).name == probe


@pytest.fixture(scope="module")
def checker() -> Any:
    with mock_ecr_scanning() as fake:
        yield Checker(fake, raw_client())


@pytest.fixture
def observed(checker: Checker) -> Any:
    """Route successful responses to ``checker`` as well as to the suite's shape check."""
    previous = _dispatch.response_observer

    def observe(name: str, result: dict[str, Any]) -> None:
        checker.observe(name, result)
        if previous is not None:
            previous(name, result)

    _dispatch.response_observer = observe
    try:
        yield checker
    finally:
        _dispatch.response_observer = previous


#: The operations the installed botocore's model has (the suite also runs at the botocore floor,
#: whose clients cannot send the newer ones).
KNOWN = sorted(op for op in OPERATIONS if has_operation(op))


@pytest.mark.parametrize("operation", KNOWN)
def test_fuzz_operation_answers_success_or_modelled_error(
    operation: str, observed: Checker
) -> None:
    request = FUZZER.request(service_model().operation_model(operation))

    @fuzz_settings
    @given(params=request, variant=st.sampled_from(SEED_VARIANTS))
    def check(params: dict[str, Any], variant: str) -> None:
        observed.check(operation, params, variant)

    check()


def _step(operation: str) -> Any:
    return FUZZER.request(service_model().operation_model(operation)).map(lambda p: (operation, p))


STEPS = st.sampled_from(KNOWN).flatmap(_step)


def test_fuzz_sequences_of_operations_keep_answers_and_state_consistent(observed: Checker) -> None:
    @fuzz_settings
    @given(steps=st.lists(STEPS, min_size=2, max_size=6), variant=st.sampled_from(SEED_VARIANTS))
    def check(steps: list[tuple[str, dict[str, Any]]], variant: str) -> None:
        observed.check_sequence(steps, variant)

    check()


#: Inputs fuzzing once broke the fake with, kept as fixed examples.
FOUND = [
    # Unknown members and nulls inside an image id were echoed into failures[].imageId.
    ("BatchDeleteImage", {"repositoryName": "seeded", "imageIds": [{"RepositoryName": None}]}),
    ("BatchGetImage", {"repositoryName": "seeded", "imageIds": [{"imageTag": None, "x": 1}]}),
    (
        "BatchGetImage",
        {
            "repositoryName": "seeded",
            "imageIds": [{"imageTag": None, "imageDigest": SEEDS.digests[0]}],
        },
    ),
    # JSON nested deeper than the parser allows escaped as RecursionError.
    ("PutImage", {"repositoryName": "seeded", "imageManifest": "[" * 5000 + "{}" + "]" * 5000}),
    ("DescribeImages", {"repositoryName": "seeded", "nextToken": b64_text("[" * 5000)}),
    ("DescribeRepositories", {"nextToken": b64_text("[" * 5000)}),
    # Rejecting a nearly valid scanning filter took exponential time in the model's regex (hung).
    (
        "PutRegistryScanningConfiguration",
        {
            "scanType": "BASIC",
            "rules": [
                {
                    "scanFrequency": "SCAN_ON_PUSH",
                    "repositoryFilters": [{"filter": "a" * 254 + "A", "filterType": "WILDCARD"}],
                }
            ],
        },
    ),
]


@pytest.mark.parametrize(
    ("operation", "params"), FOUND, ids=[f"{o}-{i}" for i, (o, _) in enumerate(FOUND)]
)
def test_fuzz_found_case_answers_success_or_modelled_error(
    operation: str, params: dict[str, Any], observed: Checker
) -> None:
    observed.check(operation, params, "basic")


def test_fuzz_found_forged_token_with_negative_offset_is_invalid_parameter() -> None:
    token = encode_token("DescribeRepositories", "123456789012/us-east-1", -1)
    with pytest.raises(InvalidParameterException) as error:
        decode_token(token, "DescribeRepositories", "123456789012/us-east-1")
    assert error.value.message == (
        "Invalid parameter at 'nextToken' failed to satisfy constraint: "
        "'The token is not valid for this request'"
    )


def test_every_ecr_input_shape_compiles_to_a_validator_without_warnings(
    recwarn: pytest.WarningsRecorder,
) -> None:
    # Patterns are Java regexes in the model; Python must accept each one as written, for
    # operations implemented later too.
    model = service_model()
    shapes = [model.operation_model(op).input_shape for op in model.operation_names]
    checkers = [_validate._compile(shape) for shape in shapes if shape is not None]
    assert [str(w.message) for w in recwarn] == []
    assert len(checkers) == len(model.operation_names)  # every ECR operation takes input


@fuzz_settings
@given(text=st.text(alphabet="az09*._-/A ", max_size=14))
def test_linear_equivalent_patterns_accept_exactly_what_the_model_pattern_accepts(
    text: str,
) -> None:
    for model_pattern, linear in _validate.LINEAR_EQUIVALENTS.items():
        assert (re.fullmatch(model_pattern, text) is None) == (re.fullmatch(linear, text) is None)


def test_put_registry_scanning_configuration_nearly_valid_long_filter_is_invalid_parameter(
    observed: Checker,
) -> None:
    pattern = service_model().shape_for("ScanningRepositoryFilterValue").metadata["pattern"]
    rule = {
        "scanFrequency": "SCAN_ON_PUSH",
        "repositoryFilters": [{"filter": "team-" * 50 + "A", "filterType": "WILDCARD"}],
    }
    with pytest.raises(ClientError) as error:
        observed.client.put_registry_scanning_configuration(scanType="BASIC", rules=[rule])
    assert error.value.response["Error"]["Code"] == "InvalidParameterException"
    assert error.value.response["Error"]["Message"] == (
        "Invalid parameter at 'rules.1.member.repositoryFilters.1.member.filter' failed to "
        f"satisfy constraint: 'must satisfy regular expression '{pattern}''"
    )


def test_fuzz_found_many_star_filter_against_long_name_is_answered(observed: Checker) -> None:
    # Matching "*s*s...*x" against "sss...s" backtracked exponentially (hung on the first push).
    stars = {"filter": "*s" * 60 + "*x", "filterType": "WILDCARD"}
    observed.check_sequence(
        [
            (
                "PutRegistryScanningConfiguration",
                {
                    "scanType": "BASIC",
                    "rules": [{"scanFrequency": "SCAN_ON_PUSH", "repositoryFilters": [stars]}],
                },
            ),
            ("CreateRepository", {"repositoryName": "s" * 200}),
            ("BatchGetRepositoryScanningConfiguration", {"repositoryNames": ["s" * 200]}),
            ("PutImage", {"repositoryName": "s" * 200, "imageManifest": make_manifest("long")}),
        ],
        "basic",
    )
    configs = observed.client.batch_get_repository_scanning_configuration(
        repositoryNames=["s" * 200]
    )["scanningConfigurations"]
    assert [c["scanFrequency"] for c in configs] == ["MANUAL"]
