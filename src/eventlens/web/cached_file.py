"""Files the web app builds once into the cache folder and reads from there afterwards."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def read_or_build(path: Path, build: Callable[[], bytes]) -> bytes:
    """The bytes of ``path``; when it is missing, ``build()``'s, written there first.

    The file is written under a temporary name and renamed into place, so a crash never leaves
    half a file and two processes building at once each rename a whole one.
    """
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return data
