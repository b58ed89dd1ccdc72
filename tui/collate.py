"""Text folding for the ``/`` filter: "binh khanh" finds "Bình Khánh" (the same folding the
audit log's search uses, :func:`models.collation.fold`)."""

from __future__ import annotations

from models.collation import fold

__all__ = ["fold"]
