"""ScanConfig.effective: which rule wins and what it reports (decisions 2-6)."""

from __future__ import annotations

import datetime

import pytest

from ecrfake.exceptions import ValidationException
from ecrfake.models.repository import Repositories, Repository
from ecrfake.models.scan_config import EffectiveScanning, ScanConfig
from ecrfake.models.scanning import ScanningModel


def rule(frequency, *filters):
    return {
        "scanFrequency": frequency,
        "repositoryFilters": [{"filter": f, "filterType": "WILDCARD"} for f in filters],
    }


def applied(*filters):
    return tuple({"filter": f, "filterType": "WILDCARD"} for f in filters)


def repository(name, scan_on_push=False):
    return Repository(
        registry_id="123456789012",
        region="us-east-1",
        name=name,
        created_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc),
        scan_on_push=scan_on_push,
    )


# -- defaults -------------------------------------------------------------------------------------


def test_effective_default_config_is_basic_manual():
    assert ScanConfig().effective(repository("app")) == EffectiveScanning("BASIC", "MANUAL")


def test_effective_basic_no_rule_repo_flag_scans_on_push_without_filters():
    eff = ScanConfig().effective(repository("app", scan_on_push=True))
    assert eff == EffectiveScanning("BASIC", "SCAN_ON_PUSH", (), scan_on_push=True)


# -- BASIC ----------------------------------------------------------------------------------------


def test_effective_basic_scan_on_push_rule_matches():
    config = ScanConfig("BASIC", [rule("SCAN_ON_PUSH", "prod", "*-app", "nomatch")])
    eff = config.effective(repository("prod-app"))
    assert eff == EffectiveScanning(
        "BASIC", "SCAN_ON_PUSH", applied("prod", "*-app"), scan_on_push=True
    )
    assert not eff.continuous
    assert not eff.enhanced_scanned


def test_effective_basic_scan_on_push_rule_not_matching_is_manual():
    config = ScanConfig("BASIC", [rule("SCAN_ON_PUSH", "prod")])
    assert config.effective(repository("dev")) == EffectiveScanning("BASIC", "MANUAL")


def test_effective_basic_manual_rule_reports_manual_with_filters():
    config = ScanConfig("BASIC", [rule("MANUAL", "app")])
    assert config.effective(repository("app")) == EffectiveScanning(
        "BASIC", "MANUAL", applied("app"), scan_on_push=False
    )


def test_effective_basic_manual_rule_repo_flag_still_scans_on_push():
    config = ScanConfig("BASIC", [rule("MANUAL", "app")])
    eff = config.effective(repository("app", scan_on_push=True))
    assert eff == EffectiveScanning("BASIC", "MANUAL", applied("app"), scan_on_push=True)


@pytest.mark.parametrize("order", ["push_first", "manual_first"])
def test_effective_basic_scan_on_push_rule_beats_manual_rule(order):
    rules = [rule("SCAN_ON_PUSH", "app"), rule("MANUAL", "*")]
    if order == "manual_first":
        rules.reverse()
    eff = ScanConfig("BASIC", rules).effective(repository("app"))
    assert (eff.frequency, eff.applied_filters, eff.scan_on_push) == (
        "SCAN_ON_PUSH",
        applied("app"),
        True,
    )


def test_effective_basic_rule_filters_beat_repo_flag_for_reporting():
    config = ScanConfig("BASIC", [rule("SCAN_ON_PUSH", "*")])
    eff = config.effective(repository("app", scan_on_push=True))
    assert eff.applied_filters == applied("*")


def test_effective_basic_two_scan_on_push_rules_first_wins():
    config = ScanConfig("BASIC", [rule("SCAN_ON_PUSH", "a*"), rule("SCAN_ON_PUSH", "*p")])
    assert config.effective(repository("app")).applied_filters == applied("a*")
    assert config.effective(repository("zip")).applied_filters == applied("*p")


# -- ENHANCED -------------------------------------------------------------------------------------


def test_effective_enhanced_continuous_rule():
    config = ScanConfig("ENHANCED", [rule("CONTINUOUS_SCAN", "*")])
    eff = config.effective(repository("team/app"))
    assert eff == EffectiveScanning(
        "ENHANCED", "CONTINUOUS_SCAN", applied("*"), scan_on_push=True, continuous=True
    )
    assert eff.enhanced_scanned


def test_effective_enhanced_scan_on_push_rule():
    config = ScanConfig("ENHANCED", [rule("SCAN_ON_PUSH", "app")])
    eff = config.effective(repository("app"))
    assert eff == EffectiveScanning("ENHANCED", "SCAN_ON_PUSH", applied("app"), scan_on_push=True)
    assert eff.enhanced_scanned


@pytest.mark.parametrize("order", ["continuous_first", "push_first"])
def test_effective_enhanced_continuous_beats_scan_on_push(order):
    rules = [rule("CONTINUOUS_SCAN", "*app"), rule("SCAN_ON_PUSH", "*")]
    if order == "push_first":
        rules.reverse()
    eff = ScanConfig("ENHANCED", rules).effective(repository("web-app"))
    assert (eff.frequency, eff.applied_filters, eff.continuous) == (
        "CONTINUOUS_SCAN",
        applied("*app"),
        True,
    )


def test_effective_enhanced_falls_back_to_scan_on_push_when_continuous_misses():
    config = ScanConfig("ENHANCED", [rule("CONTINUOUS_SCAN", "prod*"), rule("SCAN_ON_PUSH", "*")])
    eff = config.effective(repository("dev-app"))
    assert (eff.frequency, eff.applied_filters, eff.continuous) == (
        "SCAN_ON_PUSH",
        applied("*"),
        False,
    )


def test_effective_enhanced_two_continuous_rules_first_wins():
    config = ScanConfig(
        "ENHANCED", [rule("CONTINUOUS_SCAN", "x", "app"), rule("CONTINUOUS_SCAN", "*")]
    )
    assert config.effective(repository("app")).applied_filters == applied("app")


def test_effective_enhanced_lists_every_matching_filter_of_winning_rule_in_order():
    config = ScanConfig("ENHANCED", [rule("CONTINUOUS_SCAN", "*", "nope", "team/*", "app")])
    assert config.effective(repository("team/app")).applied_filters == applied("*", "team/*", "app")


def test_effective_enhanced_ignores_repo_flag():
    config = ScanConfig("ENHANCED", [rule("SCAN_ON_PUSH", "prod")])
    eff = config.effective(repository("dev", scan_on_push=True))
    assert eff == EffectiveScanning("ENHANCED", "MANUAL")
    assert not eff.scan_on_push
    assert not eff.enhanced_scanned


def test_effective_enhanced_without_rules_scans_nothing():
    config = ScanConfig("ENHANCED", [])
    assert config.effective(repository("app", scan_on_push=True)) == EffectiveScanning(
        "ENHANCED", "MANUAL"
    )


def test_effective_rule_with_no_filters_matches_nothing():
    config = ScanConfig("ENHANCED", [rule("CONTINUOUS_SCAN")])
    assert config.effective(repository("app")).frequency == "MANUAL"


# -- validation (decision 2) ----------------------------------------------------------------------

ALLOWED_OK = {"BASIC": "SCAN_ON_PUSH", "ENHANCED": "CONTINUOUS_SCAN"}


@pytest.mark.parametrize(
    ("scan_type", "frequency", "supported"),
    [
        ("BASIC", "CONTINUOUS_SCAN", "[SCAN_ON_PUSH, MANUAL]"),
        ("ENHANCED", "MANUAL", "[CONTINUOUS_SCAN, SCAN_ON_PUSH]"),
    ],
)
def test_scan_config_frequency_not_allowed_for_type_raises_validation(
    scan_type, frequency, supported
):
    with pytest.raises(ValidationException) as exc:
        ScanConfig(scan_type, [rule(ALLOWED_OK[scan_type], "a"), rule(frequency, "b")])
    assert exc.value.message == (
        f"Scan frequency '{frequency}' in 'rules.2.member.scanFrequency' is not supported with "
        f"scan type '{scan_type}'. Supported scan frequencies for {scan_type} are {supported}."
    )


# -- immutability, caching, replace_config ----------------------------------------------------------


def test_scan_config_copies_rules_and_is_frozen():
    given = [rule("SCAN_ON_PUSH", "app")]
    config = ScanConfig("BASIC", given)
    given[0]["repositoryFilters"].append({"filter": "*", "filterType": "WILDCARD"})
    given[0]["scanFrequency"] = "MANUAL"
    assert config.to_api() == {"scanType": "BASIC", "rules": [rule("SCAN_ON_PUSH", "app")]}
    assert config.effective(repository("other")).frequency == "MANUAL"
    with pytest.raises(AttributeError):
        config.scan_type = "ENHANCED"  # type: ignore[misc]


def test_scan_config_to_api_returns_fresh_dicts():
    config = ScanConfig("BASIC", [rule("SCAN_ON_PUSH", "app")])
    config.to_api()["rules"][0]["repositoryFilters"].clear()
    assert config.to_api()["rules"] == [rule("SCAN_ON_PUSH", "app")]


def test_scan_config_drops_unknown_members():
    config = ScanConfig("BASIC", [{**rule("SCAN_ON_PUSH", "app"), "extra": 1}])
    assert config.to_api()["rules"] == [rule("SCAN_ON_PUSH", "app")]


def test_scan_config_equality_ignores_caches():
    a = ScanConfig("BASIC", [rule("SCAN_ON_PUSH", "app")])
    b = ScanConfig("BASIC", [rule("SCAN_ON_PUSH", "app")])
    a.effective(repository("app"))
    assert a == b
    assert hash(a) == hash(b)
    assert a != ScanConfig("BASIC", [rule("SCAN_ON_PUSH", "ap")])


def test_effective_is_cached_per_name_and_flag():
    config = ScanConfig("BASIC", [rule("MANUAL", "app")])
    first = config.effective(repository("app"))
    assert config.effective(repository("app")) is first
    assert config.effective(repository("app", scan_on_push=True)).scan_on_push is True
    assert config.effective(repository("app")) is first


def test_effective_many_repositories_each_answered(monkeypatch):
    import ecrfake.models.scan_config as module

    monkeypatch.setattr(module, "_CACHE_LIMIT", 10)
    config = ScanConfig("ENHANCED", [rule("CONTINUOUS_SCAN", "*-7"), rule("SCAN_ON_PUSH", "svc")])
    frequencies = [config.effective_for(f"svc-{i}").frequency for i in range(30)]
    assert frequencies == ["SCAN_ON_PUSH"] * 7 + ["CONTINUOUS_SCAN"] + ["SCAN_ON_PUSH"] * 22
    assert len(config._cache) <= 10


class RecordingScanning(ScanningModel):
    def __init__(self):
        super().__init__("123456789012", "us-east-1", Repositories("123456789012"))
        self.calls = []

    def on_config_changed(self, old, new):
        self.calls.append((old, new, self.config))


def test_replace_config_stores_and_notifies_with_old_and_new():
    scanning = RecordingScanning()
    first = scanning.config
    new = scanning.replace_config("ENHANCED", [rule("CONTINUOUS_SCAN", "*")])
    assert scanning.config is new
    assert scanning.calls == [(first, new, new)]
    assert first.to_api() == {"scanType": "BASIC", "rules": []}


def test_replace_config_scan_type_omitted_keeps_current_type_rules_omitted_default():
    scanning = RecordingScanning()
    scanning.replace_config("ENHANCED", [rule("SCAN_ON_PUSH", "app")])
    new = scanning.replace_config(None, None)
    assert new.to_api() == {"scanType": "ENHANCED", "rules": [rule("CONTINUOUS_SCAN", "*")]}
    assert scanning.replace_config("BASIC", None).to_api() == {"scanType": "BASIC", "rules": []}
    assert scanning.replace_config("ENHANCED", []).to_api() == {"scanType": "ENHANCED", "rules": []}


def test_replace_config_invalid_leaves_config_and_does_not_notify():
    scanning = RecordingScanning()
    before = scanning.config
    with pytest.raises(ValidationException):
        scanning.replace_config("ENHANCED", [rule("MANUAL", "*")])
    assert scanning.config is before
    assert scanning.calls == []
