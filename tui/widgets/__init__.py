"""Widgets of the dashboard: header, key bar, headline figures, charts, tables."""
