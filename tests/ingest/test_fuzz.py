"""Property: whatever bytes an upload holds, `ingest` gives a valid web-ready model or refuses it with
`ModelRefused`, never anything else (hypothesis mutates the real sample uploads)."""

from __future__ import annotations

from pathlib import Path

import pygltflib
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from halllayout.errors import ModelRefused
from halllayout.ingest import ingest
from tests.conftest import DATA

GOOD = sorted((DATA / "models" / "good").iterdir())

edits = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=1, exclude_max=True),  # where, as a share of the file
        st.sampled_from(["flip", "cut", "insert", "truncate"]),
        st.binary(min_size=1, max_size=8),
    ),
    min_size=1,
    max_size=5,
)


def _apply(data: bytes, changes: list[tuple[float, str, bytes]]) -> bytes:
    out = bytearray(data)
    for where, kind, payload in changes:
        if not out:
            break
        at = int(where * len(out))
        if kind == "flip":
            out[at : at + len(payload)] = payload
        elif kind == "cut":
            del out[at : at + 1 + payload[0] % 64]
        elif kind == "insert":
            out[at:at] = payload
        else:
            del out[at:]
    return bytes(out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=st.sampled_from(GOOD), changes=edits)
# found by this test: a vertex flung 8 million units away, and welding left no triangles at all
@example(source=DATA / "models" / "good" / "monkey.glb", changes=[(0.28125, "flip", b"\0\0\0K")])
# found by this test: one vertex flung 67 km away, and the far level could not be simplified enough
@example(
    source=DATA / "models" / "good" / "featuretype.STL",
    changes=[(0.9854802101997507, "flip", b"\0" * 6 + b"M")],
)
def test_any_mutated_upload_is_a_valid_model_or_a_clean_refusal(
    tmp_path: Path, source: Path, changes: list[tuple[float, str, bytes]]
) -> None:
    upload = tmp_path / f"upload{source.suffix}"
    upload.write_bytes(_apply(source.read_bytes(), changes))
    try:
        result = ingest(upload)
    except ModelRefused as refusal:
        assert str(refusal).strip() and "\n" not in str(refusal)
        return
    gltf = pygltflib.GLTF2.load_from_bytes(result.glb)
    assert gltf.meshes and result.report["output"]["triangles"] > 0
    assert result.far_glb and result.thumbnail.startswith(b"\x89PNG")
