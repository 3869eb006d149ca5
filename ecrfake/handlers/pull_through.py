"""ECR pull_through operations (handlers)."""

from __future__ import annotations
