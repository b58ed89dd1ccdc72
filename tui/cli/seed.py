"""giaoban seed commands."""

from __future__ import annotations
