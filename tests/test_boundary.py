"""The data core never imports the UI (harlequin's rule): `models` must load without Textual."""

from __future__ import annotations

import subprocess
import sys


def test_importing_models_does_not_import_textual() -> None:
    code = (
        "import sys, pkgutil, importlib, models\n"
        "for m in pkgutil.walk_packages(models.__path__, 'models.'):\n"
        "    if '.migrations' not in m.name: importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('textual', 'textual_plotext', 'plotext', 'tui'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"models imported UI modules: {out.stdout}"


def test_command_line_help_does_not_import_textual() -> None:
    """`giaoban record ...` from a script must not pay for the UI."""
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        "print(','.join(n for n in sys.modules if n.split('.')[0] in ('textual', 'plotext')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
