"""ECR scanning operations (handlers)."""

from __future__ import annotations
