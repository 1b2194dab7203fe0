"""A built version's files (layout.json, hall GLBs, models, plans, booth lists) in the file store, so
that every machine can serve a version that another machine built.

With a store that machines share (`Store.shared`: the S3 bucket), a build puts each file of its folder
into the store (`keep_in_store`) and the version records them as `summary["files"]`
({path in the folder: SHA-256}) in the same commit that adds it. A machine that is to serve or read a
version whose folder it lacks fetches it from the store first (`local_copy`): into a temporary folder
beside it, digests checked by the store, then renamed into place, so a folder is whole or absent.
With the local store (one machine) the version's folder is the only copy and nothing is recorded.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import uuid
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from halllayout.web.store import current_store, fsync_folder

log = logging.getLogger(__name__)


def keep_in_store(folder: Path) -> dict[str, str]:
    """Puts every file under `folder` into the store when machines share it; {path: digest} (paths
    relative to `folder`, with `/`), or {} with a store of this machine's own."""
    store = current_store()
    if not store.shared:
        return {}
    files: dict[str, str] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        with path.open("rb") as f:
            files[path.relative_to(folder).as_posix()] = store.put(f, limit=path.stat().st_size)
    return files


def _safe(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"a version names the file {name!r}, outside its folder")
    return path


def local_copy(folder: Path, files: Mapping[str, str]) -> Path:
    """`folder`, fetched from the store first when this machine lacks it and the version's `files`
    are in the store; as it is otherwise (a version built here, or one adopted from a folder)."""
    if folder.is_dir() or not files:
        return folder
    with _FETCHING:  # one fetch per process; the threads that ask meanwhile wait for it
        if not folder.is_dir():
            _fetch(folder, files)
    return folder


#: Held while this process fetches a version's folder.
_FETCHING = threading.Lock()


def _fetch(folder: Path, files: Mapping[str, str]) -> None:
    store = current_store()
    folder.parent.mkdir(parents=True, exist_ok=True)
    temporary = folder.parent / f".fetch-{folder.name}-{uuid.uuid4().hex[:8]}"
    try:
        for name, digest in sorted(files.items()):
            target = temporary / _safe(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            with store.open(digest) as source, target.open("wb") as copy:
                shutil.copyfileobj(source, copy)
                copy.flush()
                os.fsync(copy.fileno())
        try:
            os.replace(temporary, folder)
        except OSError:
            if not folder.is_dir():  # not another process's copy, renamed first
                raise
        else:
            fsync_folder(folder.parent)
            log.info("fetched %d files of %s from the store", len(files), folder.name)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
