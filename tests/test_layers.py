"""The layers of docs/architecture.md hold: the import-linter contracts of pyproject.toml, and the core
loading without Django.

Both run in a fresh interpreter: this test session has Django set up (tests/conftest.py), so a Django
import in the core would go unnoticed in-process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE_IMPORT = """
import sys
import socialguard.detectors, socialguard.engine, socialguard.policy
socialguard.detectors.registry()  # imports every detector module
loaded = sorted(m for m in ("django", "celery") if m in sys.modules)
print(" ".join(loaded) or "none")
"""


def _run(args: list[str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_the_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = _run([str(lint), "--config", str(ROOT / "pyproject.toml"), "--no-cache", "--no-logo"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_core_loads_without_django():
    result = _run([sys.executable, "-c", CORE_IMPORT])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "none"
