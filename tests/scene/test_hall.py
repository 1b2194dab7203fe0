import numpy as np
import pygltflib
import trimesh

from halllayout.layout import lay_out
from halllayout.model import SIDES, BoothRequest, Door, Fair, PlacedBooth
from halllayout.scene.hall import PANEL_HEIGHT, build_hall_glb, floor_part, walled_sides
from tests.conftest import make_booths, make_hall, validate_glb


def test_floor_of_an_l_shaped_hall_covers_its_area_facing_up() -> None:
    outline = ((0, 0), (96, 0), (96, 48), (48, 48), (48, 84), (0, 84))
    part = floor_part(outline)
    v, t = part.positions, part.indices
    normals = np.cross(v[t[:, 1]] - v[t[:, 0]], v[t[:, 2]] - v[t[:, 0]])
    assert (normals[:, 1] > 0).all()
    assert np.isclose(np.abs(normals[:, 1]).sum() / 2, 96 * 48 + 48 * 36)


def test_walled_sides_follow_the_booth_type() -> None:
    open_sides = {"standard": ("S",), "peninsula": ("E", "S", "W"), "island": SIDES, "corner": ("E", "S")}
    booths = {
        k: PlacedBooth(k, BoothRequest(k, k, 3, 3, type=k), "A", 3 * i, 0, 3 * i + 3, 3, "S", sides)
        for i, (k, sides) in enumerate(open_sides.items())
    }
    assert walled_sides(booths["standard"]) == ("N", "E", "W")
    assert walled_sides(booths["corner"]) == ("N", "W")  # its east side is open: nobody stands there
    assert walled_sides(booths["peninsula"]) == ("N",)
    assert walled_sides(booths["island"]) == ()


def test_hall_glb_validates_and_stands_where_the_layout_says(tmp_path) -> None:
    hall = make_hall(40, 20, entrances=(Door((20, 0), 6),), exits=(Door((40, 10), 2),))
    booths = lay_out(Fair("T", (hall,)), make_booths(12)).booths
    path = tmp_path / "A.glb"
    path.write_bytes(build_hall_glb(hall, booths))
    report = validate_glb(path)
    assert (report["numErrors"], report["numWarnings"]) == (0, 0), report["messages"]
    scene = trimesh.load(path, force="scene")
    assert np.allclose(scene.bounds, [[0, 0, -20], [40, 8, 0]])  # plan (x, y) → glTF (x, h, -y)
    panels = scene.geometry["booth wall panels"]
    assert np.isclose(panels.bounds[1][1], PANEL_HEIGHT)
    gltf = pygltflib.GLTF2.load_binary(str(path))
    assert gltf.nodes[-1].extras == {"halllayout": {"hall": "A", "name": "Hall A", "booths": 12}}
    assert (
        len(gltf.meshes) == 9
    )  # floor, walls, entrances, exits, carpets, panels, frames, fascias, 1 sign page
