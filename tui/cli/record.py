"""giaoban record commands."""

from __future__ import annotations
