"""Project files: build products written whole and only when their bytes change."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import yaml

#: libyaml's safe loader where PyYAML was built with it (about ten times faster), else the pure-Python one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def write_if_changed(path: Path, content: str | bytes) -> Path:
    """Write a build product only when its bytes change, so rebuilds leave files untouched.

    The new bytes go to a temporary file that replaces the old one in one step, so a
    killed build never leaves a half-written file.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")  # writers never share one
    tmp.write_bytes(data)
    tmp.replace(path)
    return path
