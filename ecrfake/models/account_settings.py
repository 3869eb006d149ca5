"""ECR account settings (GetAccountSetting / PutAccountSetting) of one registry.

The settings, their values and defaults follow the ECR API reference and today's service model
(https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutAccountSetting.html):

* ``BASIC_SCAN_TYPE_VERSION``: ``AWS_NATIVE`` (the default and, since Clair's removal, the only
  value; AWS CLI changelog 1.44.40 "removes support for Clair based image scanning").
* ``REGISTRY_POLICY_SCOPE``: ``V2`` (the default for every registry; V1, which enforced only
  replication and pull-through-cache actions, can no longer be chosen: the model lists only V2).
* ``BLOB_MOUNTING``: ``DISABLED`` (default) or ``ENABLED``: cross-repository layer mounts on push
  (an opt-in setting since January 2026).

A name outside these, or a value outside a setting's values, passes the model's own constraints
(any string of 1 to 64 characters) and is refused with ``ValidationException`` (decisions.md: a
rule beyond the model's constraints).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ecrfake.exceptions import InvalidAccountSettingName, InvalidAccountSettingValue

__all__ = ["DEFAULTS", "VALUES", "AccountSettings"]

#: Every setting's accepted values, the default first.
VALUES: dict[str, tuple[str, ...]] = {
    "BASIC_SCAN_TYPE_VERSION": ("AWS_NATIVE",),
    "BLOB_MOUNTING": ("DISABLED", "ENABLED"),
    "REGISTRY_POLICY_SCOPE": ("V2",),
}
DEFAULTS: dict[str, str] = {name: values[0] for name, values in VALUES.items()}


@dataclass
class AccountSettings:
    """One registry's account settings: the defaults until a Put changes one."""

    explicit: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def check_name(name: str) -> str:
        """``name`` if it is a setting ECR knows; ``ValidationException`` otherwise."""
        if name not in VALUES:
            raise InvalidAccountSettingName(name=name, valid=", ".join(sorted(VALUES)))
        return name

    def get(self, name: str) -> str:
        """The setting's value (its default unless a Put changed it)."""
        self.check_name(name)
        return self.explicit.get(name, DEFAULTS[name])

    def was_put(self, name: str) -> bool:
        """Whether a PutAccountSetting set this setting (as opposed to its default applying)."""
        return name in self.explicit

    def put(self, name: str, value: str) -> str:
        """Change a setting; returns the value stored."""
        allowed = VALUES[self.check_name(name)]
        if value not in allowed:
            raise InvalidAccountSettingValue(value=value, name=name, valid=", ".join(allowed))
        self.explicit[name] = value
        return value
