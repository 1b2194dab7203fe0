"""Running the viewer's ES modules (viewer/src/) under node, as the browser runs them, for the Python tests.

A test writes a small module script that imports the viewer module it checks (by `module_specifier`) and
prints its answers as one JSON document; `run_node` runs it and returns that document.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VIEWER = ROOT / "viewer"


def module_specifier(name: str) -> str:
    """viewer/src/NAME as a quoted JavaScript string (a file URL), ready for `import ... from` in a script."""
    return json.dumps((VIEWER / "src" / name).as_uri())


def run_node(script: str, *, timeout: float = 60) -> Any:
    """Runs `script` as an ES module under node (in viewer/) and returns its standard output parsed as JSON.

    Fails the test when node is missing or the script exits non-zero, with node's standard error.
    """
    node = shutil.which("node")
    assert node is not None, "node is needed to run the viewer's modules (apt-get install nodejs)"
    result = subprocess.run(
        [node, "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=VIEWER,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
