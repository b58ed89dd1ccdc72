"""The ``giaoban`` command line. Each module below adds its subcommands to :data:`main`."""

from tui.cli.base import main

# Imported for their side effect: each attaches its commands to ``main``.
from tui.cli import admin as _admin  # noqa: E402,F401  init, orgs, users
from tui.cli import record as _record  # noqa: E402,F401  record ...
from tui.cli import seed as _seed  # noqa: E402,F401  seed can-gio | synthetic
from tui.cli import report as _report  # noqa: E402,F401  report, problems
from tui.cli import stats as _stats  # noqa: E402,F401  rebuild-stats
from tui.cli import data_io as _data_io  # noqa: E402,F401  template, import, export
from tui.cli import ssh as _ssh  # noqa: E402,F401  ssh authorize
from tui.cli import followup as _followup  # noqa: E402,F401  members, warnings, conclusions

__all__ = ["main"]
