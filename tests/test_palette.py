"""Zone colours: one per zone in order of first appearance, the same table for carpets and plans."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

from halllayout import palette
from halllayout.palette import ZONE_CARPETS, hex_colour, linear, tint, zone_colour, zone_colours


def test_zones_take_the_carpet_colours_in_order_of_first_appearance() -> None:
    colours = zone_colours(["Tech", "Food", "Tech", "", "Food"])
    assert list(colours) == ["Tech", "Food", ""]
    assert colours == {"Tech": ZONE_CARPETS[0], "Food": ZONE_CARPETS[1], "": ZONE_CARPETS[2]}


def test_every_zone_of_a_large_fair_gets_its_own_colour() -> None:
    colours = zone_colours([f"zone {i}" for i in range(40)])
    assert list(colours.values())[:8] == list(ZONE_CARPETS)
    assert len(set(colours.values())) == 40
    assert all(0 <= c <= 255 for colour in colours.values() for c in colour)


def test_colours_beyond_the_table_are_fixed_values() -> None:
    # golden-angle hues: the same on every machine and in every run
    assert zone_colour(8) == (138, 69, 46)
    assert zone_colour(9) == (56, 168, 117)


def test_negative_rank_is_refused() -> None:
    with pytest.raises(ValueError, match="rank must be 0 or more, got -1"):
        zone_colour(-1)


def test_tint_and_hex() -> None:
    assert tint((0, 100, 255), 0.0) == (0, 100, 255)
    assert tint((0, 100, 255), 1.0) == (255, 255, 255)
    assert tint((0, 100, 200), 0.2) == (51, 131, 211)
    assert hex_colour((0, 171, 255)) == "#00abff"
    with pytest.raises(ValueError, match=r"amount must be between 0 and 1, got 1\.5"):
        tint((0, 0, 0), 1.5)


def test_the_scene_paints_carpets_from_the_same_table() -> None:
    from halllayout.layout import lay_out
    from halllayout.model import Fair
    from halllayout.scene.hall import build_hall_glb
    from tests.conftest import make_booths, make_hall
    from tests.scene.glb_read import Loaded

    hall = make_hall(40, 20)
    booths = lay_out(Fair("T", (hall,)), make_booths(3, zone="Food")).booths
    glb = Loaded.of(build_hall_glb(hall, booths))
    carpets = glb.node("booth carpets")
    colours = glb.array(glb.gltf.meshes[carpets.mesh].primitives[0].attributes.COLOR_0)
    assert np.allclose(colours, linear(ZONE_CARPETS[0]), atol=1e-4)


def test_linear_colours_are_what_gltf_takes() -> None:
    assert linear((0, 0, 0)) == (0.0, 0.0, 0.0)
    assert linear((255, 255, 255)) == (1.0, 1.0, 1.0)
    assert linear((128, 128, 128))[0] == pytest.approx(0.2159, abs=1e-4)


def test_docstring_examples() -> None:
    result = doctest.testmod(palette)
    assert result.attempted > 0
    assert result.failed == 0
