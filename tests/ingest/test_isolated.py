"""Ingestion in a child process under a time and memory ceiling."""

from __future__ import annotations

import pytest

from halllayout.errors import ModelRefused
from halllayout.ingest import ingest
from halllayout.ingest.isolated import Ceiling, ingest_isolated
from tests.conftest import DATA

MODELS = DATA / "models"


def test_the_child_gives_what_ingest_gives() -> None:
    path = MODELS / "good" / "Duck.glb"
    here, there = ingest(path), ingest_isolated(path)
    assert (there.glb, there.far_glb, there.thumbnail) == (here.glb, here.far_glb, here.thumbnail)
    assert there.report == here.report


def test_a_refusal_in_the_child_is_the_same_refusal() -> None:
    path = MODELS / "bad" / "truncated_chunk_data.glb"
    with pytest.raises(ModelRefused) as here:
        ingest(path)
    with pytest.raises(ModelRefused) as there:
        ingest_isolated(path)
    assert str(there.value) == str(here.value)


def test_work_past_the_time_limit_is_stopped_and_refused() -> None:
    with pytest.raises(ModelRefused, match=r"bunny\.ply: took more than 0\.05 s to process; it was stopped"):
        ingest_isolated(MODELS / "good" / "bunny.ply", ceiling=Ceiling(seconds=0.05))


def test_work_past_the_memory_limit_is_stopped_and_refused() -> None:
    with pytest.raises(ModelRefused, match=r"needs more than 0\.3 GB of memory to process; it was stopped"):
        ingest_isolated(MODELS / "good" / "bunny.ply", ceiling=Ceiling(memory=300_000_000))
