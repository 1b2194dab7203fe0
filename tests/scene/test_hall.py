import math
from pathlib import Path

import numpy as np
import pytest

from halllayout.layout import lay_out
from halllayout.model import BoothRequest, Door, Fair, Layout, PlacedBooth, Source
from halllayout.read import read_booth_list, read_hall
from halllayout.scene.hall import SCENE_FORMAT, build_hall_glb
from halllayout.scene.kit import FASCIA_BOTTOM, FASCIA_TOP, PANEL_HEIGHT
from tests.conftest import DATA, make_booths, make_hall, validate_glb
from tests.scene.glb_read import Loaded, plan_rect, png_size

TOLERANCE = 1e-3
OUTWARD = {"N": (0, 1), "S": (0, -1), "E": (1, 0), "W": (-1, 0)}


def _layout(list_name: str, hall_name: str) -> Layout:
    hall = read_hall(DATA / "halls" / hall_name)
    requests = read_booth_list(DATA / "booths" / list_name)
    return lay_out(Fair("T", (hall,)), requests)


@pytest.fixture(scope="module")
def fair_120() -> tuple[Layout, bytes]:
    layout = _layout("fair-120.csv", "hall-a-144x90.json")
    hall = layout.fair.halls[0]
    return layout, build_hall_glb(hall, layout.booths_in(hall.id), aisles=layout.aisles_in(hall.id))


def _mixed_types() -> tuple[list[BoothRequest], dict[str, str]]:
    """A list with every booth type, some products, sponsors and English names."""
    requests = []
    kinds = ["standard"] * 18 + ["corner"] * 4 + ["peninsula"] * 2 + ["island"] * 2 + ["raw"]
    for i, kind in enumerate(kinds, start=1):
        size = (6, 6) if kind in ("peninsula", "island", "raw") else (3, 3)
        requests.append(
            BoothRequest(
                f"EX{i}",
                f"展商{i}有限公司",
                *size,
                type=kind,
                zone="Tech" if i % 2 else "Food",
                tier="gold" if i == 3 else "",
                products=tuple(f"P{i}-{k}" for k in range(i % 5)),
                exhibitor_en=f"Exhibitor {i} Co., Ltd." if i % 3 == 0 else "",
                source=Source("booths.csv", i + 1),
            )
        )
    return requests, {r.ref: r.type for r in requests}


@pytest.fixture(scope="module")
def mixed() -> tuple[Layout, bytes]:
    hall = make_hall(
        60, 40, entrances=(Door((30, 0), 6, "South"),), exits=(Door((60, 20), 2), Door((0, 20), 2))
    )
    requests, _ = _mixed_types()
    layout = lay_out(Fair("T", (hall,)), requests)
    assert not layout.unplaced
    return layout, build_hall_glb(hall, layout.booths, aisles=layout.aisles)


@pytest.mark.parametrize(
    ("list_name", "hall_name"),
    [
        ("fair-120.csv", "hall-a-144x90.json"),
        ("fair-120.csv", "hall-l-shaped.json"),
        ("fair-120.csv", "pavilion-40x30.json"),
    ],
)
def test_hall_glbs_validate_with_no_errors_or_warnings(
    tmp_path: Path, list_name: str, hall_name: str
) -> None:
    layout = _layout(list_name, hall_name)
    hall = layout.fair.halls[0]
    path = tmp_path / f"{hall.id}.glb"
    path.write_bytes(build_hall_glb(hall, layout.booths, aisles=layout.aisles))
    report = validate_glb(path)
    assert (report["numErrors"], report["numWarnings"]) == (0, 0), report["messages"]


def test_mixed_hall_validates(tmp_path: Path, mixed: tuple[Layout, bytes]) -> None:
    path = tmp_path / "A.glb"
    path.write_bytes(mixed[1])
    report = validate_glb(path)
    assert (report["numErrors"], report["numWarnings"]) == (0, 0), report["messages"]


def test_same_layout_gives_the_same_bytes(fair_120: tuple[Layout, bytes]) -> None:
    layout, data = fair_120
    hall = layout.fair.halls[0]
    assert build_hall_glb(hall, layout.booths_in(hall.id), aisles=layout.aisles_in(hall.id)) == data


def test_draw_calls_do_not_grow_with_booths() -> None:
    hall = make_hall(120, 80, entrances=(Door((60, 0), 8),), exits=(Door((120, 40), 2),))
    small = lay_out(Fair("T", (hall,)), make_booths(40, products=("Kettle",)))
    large = lay_out(Fair("T", (hall,)), make_booths(400, products=("Kettle",)))
    calls = [
        Loaded.of(build_hall_glb(hall, lay.booths, aisles=lay.aisles)).draw_calls() for lay in (small, large)
    ]
    assert calls[0] == calls[1] <= 40, calls


def test_instances_round_trip_one_per_part(fair_120: tuple[Layout, bytes]) -> None:
    layout, data = fair_120
    glb = Loaded.of(data)
    booths = layout.booths
    boxes, owners = glb.instances("counter")
    assert len(boxes) == len(booths)  # every 3 × 3 booth has one information counter
    assert sorted(owners.astype(int).tolist()) == list(range(len(booths)))
    # counters stand on the floor (on the raised floor of an island), 1.05 m high with their top
    base = np.array([0.1 if booths[o].request.type in ("island", "raw") else 0.0 for o in owners.astype(int)])
    top_boxes, _ = glb.instances("counter top")
    assert np.allclose(boxes[:, 0, 1], base, atol=1e-6) and np.allclose(top_boxes[:, 1, 1], base + 1.05)
    products, owners = glb.instances("product placeholder")
    wanted = sum(min(len(b.request.products), 8) for b in booths)
    assert len(products) == wanted > 0


def test_booths_and_products_are_named_nodes_with_extras(fair_120: tuple[Layout, bytes]) -> None:
    layout, data = fair_120
    glb = Loaded.of(data)
    extras = glb.root_extras()
    assert extras["format"] == SCENE_FORMAT
    assert extras["booths"] == [b.number for b in layout.booths]
    booths = {m["number"]: m for m in glb.markers("booth")}
    for b in layout.booths:
        m = booths[b.number]
        assert (m["ref"], m["exhibitor"], m["zone"], m["type"]) == (
            b.request.ref,
            b.request.exhibitor,
            b.request.zone,
            b.request.type,
        )
        node = glb.node(f"booth {b.number}")
        assert node.translation == pytest.approx([(b.x0 + b.x1) / 2, 0, -(b.y0 + b.y1) / 2])
    products = glb.markers("product")
    assert {p["product"] for p in products} == {
        f"{b.request.ref}/{k + 1}" for b in layout.booths for k in range(len(b.request.products))
    }
    assert all(p["name"] for p in products)


def test_walkable_area_and_doors_are_exported(fair_120: tuple[Layout, bytes]) -> None:
    layout, data = fair_120
    hall = layout.fair.halls[0]
    extras = Loaded.of(data).root_extras()
    area = sum(_ring_area(p["outer"]) - sum(_ring_area(h) for h in p["holes"]) for p in extras["walkable"])
    booths = sum((b.x1 - b.x0) * (b.y1 - b.y0) for b in layout.booths)
    columns = sum(c.size**2 for c in hall.columns)
    assert area == pytest.approx(_ring_area(hall.outline) - booths - columns, abs=1)
    assert [d["kind"] for d in extras["doors"]] == ["entrance"] * len(hall.entrances) + ["exit"] * len(
        hall.exits
    )


def _ring_area(ring: object) -> float:
    points = list(ring)  # type: ignore[call-overload]
    return abs(
        sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(points, points[1:] + points[:1], strict=True)) / 2
    )


def _booth_parts(glb: Loaded) -> list[tuple[str, np.ndarray, np.ndarray]]:
    out = []
    for node in glb.mesh_nodes():
        if node.extensions:
            material = glb.material_of(node)
            boxes, owners = glb.instances(material)
            out.append((material, boxes, owners))
    return out


def test_every_booth_part_lies_inside_its_footprint(mixed: tuple[Layout, bytes]) -> None:
    layout, data = mixed
    glb = Loaded.of(data)
    checked = 0
    for material, boxes, owners in _booth_parts(glb):
        for box, owner in zip(boxes, owners.astype(int), strict=True):
            if owner < 0:
                continue
            b = layout.booths[owner]
            x0, y0, x1, y1 = plan_rect(box)
            assert x0 >= b.x0 - TOLERANCE and x1 <= b.x1 + TOLERANCE, (material, b.number)
            assert y0 >= b.y0 - TOLERANCE and y1 <= b.y1 + TOLERANCE, (material, b.number)
            checked += 1
    assert checked > 20 * len(layout.booths)


def _overlap(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.all(np.minimum(a[1], b[1]) - np.maximum(a[0], b[0]) > 1e-4))


def test_no_product_or_furniture_intersects_a_wall_or_each_other(mixed: tuple[Layout, bytes]) -> None:
    _, data = mixed
    glb = Loaded.of(data)
    walls, wall_owner = glb.instances("shell panel")
    loose = [glb.instances(m) for m in ("product placeholder", "plinth", "counter", "table top")]
    chairs = glb.instances("chair")
    items = [
        (box, int(o)) for boxes, owners in [*loose, chairs] for box, o in zip(boxes, owners, strict=True)
    ]
    for box, owner in items:
        for wall, w_owner in zip(walls, wall_owner.astype(int), strict=True):
            if w_owner == owner:
                assert not _overlap(box, wall)
    products, _ = loose[0]
    plinths, _ = loose[1]
    for i in range(len(products)):
        for j in range(i + 1, len(products)):
            assert not _overlap(products[i], products[j])
    for boxes, _ in (loose[2], loose[3], chairs):
        for box in boxes:
            assert not any(_overlap(box, p) for p in plinths)


def test_open_sides_have_no_wall_and_fascias_face_the_aisle(mixed: tuple[Layout, bytes]) -> None:
    layout, data = mixed
    glb = Loaded.of(data)
    walls, owners = glb.instances("shell panel")
    by_booth: dict[int, list[np.ndarray]] = {}
    for box, owner in zip(walls, owners.astype(int), strict=True):
        by_booth.setdefault(owner, []).append(box)
    needs_open = {"corner": 2, "peninsula": 3, "island": 4, "raw": 4}
    for index, b in enumerate(layout.booths):
        kind = b.request.type
        panels = by_booth.get(index, [])
        if kind in ("island", "raw"):
            assert not panels
            continue
        walled = {_side_of(b, box) for box in panels} | _shared_walls(layout, b, by_booth)
        assert b.front not in walled
        if kind in needs_open:
            assert len(b.open_sides) >= needs_open[kind], b
            assert not walled & set(b.open_sides), (b.number, kind, walled, b.open_sides)
            assert walled == {"N", "E", "S", "W"} - set(b.open_sides)  # every closed side has its wall
        else:
            assert len(walled) == 3
    # fascia boards: the front face of each booth's board lies at its front edge, at fascia height
    fascias, owners = glb.instances("fascia board")
    for box, owner in zip(fascias, owners.astype(int), strict=True):
        b = layout.booths[owner]
        assert box[0][1] == pytest.approx(FASCIA_BOTTOM) and box[1][1] == pytest.approx(FASCIA_TOP)
    fronts = [_side_of(layout.booths[o], box) for box, o in zip(fascias, owners.astype(int), strict=True)]
    for b_index, b in enumerate(layout.booths):
        own = [s for s, o in zip(fronts, owners.astype(int), strict=True) if o == b_index]
        if b.request.type in ("island", "raw"):
            assert not own
        else:
            assert b.front in own


def _shared_walls(layout: Layout, b: PlacedBooth, by_booth: dict[int, list[np.ndarray]]) -> set[str]:
    """Sides of `b` walled by a neighbour's panels standing right behind that side (a shared wall)."""
    sides = set()
    for other, panels in by_booth.items():
        o = layout.booths[other]
        if o is b:
            continue
        for box in panels:
            x0, y0, x1, y1 = plan_rect(box)
            if x1 - x0 < y1 - y0 and b.y0 - TOLERANCE <= y0 and y1 <= b.y1 + TOLERANCE:
                if abs(x1 - b.x0) < 0.05:
                    sides.add("W")
                elif abs(x0 - b.x1) < 0.05:
                    sides.add("E")
            elif x1 - x0 > y1 - y0 and b.x0 - TOLERANCE <= x0 and x1 <= b.x1 + TOLERANCE:
                if abs(y1 - b.y0) < 0.05:
                    sides.add("S")
                elif abs(y0 - b.y1) < 0.05:
                    sides.add("N")
    return sides


def _side_of(b: PlacedBooth, box: np.ndarray) -> str:
    """Which side of booth `b` a thin board stands along."""
    x0, y0, x1, y1 = plan_rect(box)
    if x1 - x0 < y1 - y0:
        return "W" if abs(x0 - b.x0) < abs(x1 - b.x1) else "E"
    return "S" if abs(y0 - b.y0) < abs(y1 - b.y1) else "N"


def _signage_quads(glb: Loaded) -> tuple[np.ndarray, np.ndarray]:
    """Every signage quad's plan centre (k, 2), height range (k, 2) and plan normal, from its corners."""
    centres, heights, normals = [], [], []
    for node in glb.mesh_nodes():
        if not glb.material_of(node).startswith("signage"):
            continue
        primitive = glb.gltf.meshes[node.mesh].primitives[0]
        assert primitive.attributes.NORMAL is None
        quads = glb.array(primitive.attributes.POSITION).reshape(-1, 4, 3).astype(np.float64)
        centres.append(np.column_stack([quads[:, :, 0].mean(axis=1), -quads[:, :, 2].mean(axis=1)]))
        heights.append(np.column_stack([quads[:, :, 1].min(axis=1), quads[:, :, 1].max(axis=1)]))
        n = np.cross(quads[:, 1] - quads[:, 0], quads[:, 2] - quads[:, 0])
        normals.append(np.column_stack([n[:, 0], -n[:, 2]]) / np.linalg.norm(n, axis=1)[:, None])
    return np.concatenate(centres), np.column_stack([np.concatenate(heights), np.concatenate(normals)])


def test_signs_face_out_of_the_booth_on_its_front(mixed: tuple[Layout, bytes]) -> None:
    layout, data = mixed
    centres, rest = _signage_quads(Loaded.of(data))
    heights, normals = rest[:, :2], np.round(rest[:, 2:])
    for b in layout.booths:
        mine = (
            (centres[:, 0] > b.x0) & (centres[:, 0] < b.x1) & (centres[:, 1] > b.y0) & (centres[:, 1] < b.y1)
        )
        assert mine.any(), b.number
        plan_normals = {(int(n[0]), int(n[1])) for n in normals[mine]}
        if b.request.type in ("island", "raw"):
            assert len(plan_normals) == 4  # hanging sign, four faces
            continue
        assert OUTWARD[b.front] in plan_normals
        front = mine & (normals[:, 0] == OUTWARD[b.front][0]) & (normals[:, 1] == OUTWARD[b.front][1])
        assert heights[front, 0].min() >= FASCIA_BOTTOM - TOLERANCE
        assert heights[front, 1].max() <= FASCIA_TOP + TOLERANCE


def test_panels_are_shell_scheme_sized(mixed: tuple[Layout, bytes]) -> None:
    glb = Loaded.of(mixed[1])
    panels, _ = glb.instances("shell panel")
    widths = np.maximum(panels[:, 1, 0] - panels[:, 0, 0], panels[:, 1, 2] - panels[:, 0, 2])
    heights = panels[:, 1, 1] - panels[:, 0, 1]
    assert np.all((widths > 0.9) & (widths < 1.05))
    assert np.allclose(heights.max(), PANEL_HEIGHT, atol=0.05)


def test_signage_texture_memory_stays_small(fair_120: tuple[Layout, bytes]) -> None:
    glb = Loaded.of(fair_120[1])
    sizes = []
    for image in glb.gltf.images:
        view = glb.gltf.bufferViews[image.bufferView]
        sizes.append(png_size(glb.blob[view.byteOffset : view.byteOffset + view.byteLength]))
    gpu = sum(w * h * 4 * 4 / 3 for w, h in sizes)
    assert len(sizes) == 1 and gpu <= 64 * 2**20, sizes


def test_colours_follow_the_fair_not_the_hall() -> None:
    hall = make_hall(40, 20, entrances=(Door((20, 0), 6),))
    booths = lay_out(Fair("T", (hall,)), make_booths(4, zone="Food")).booths
    red = build_hall_glb(hall, booths, colours={"Food": (200, 0, 0)})
    blue = build_hall_glb(hall, booths, colours={"Food": (0, 0, 200)})
    assert red != blue
    glb = Loaded.of(red)
    node = glb.node("booth carpets")
    colours = glb.array(glb.gltf.meshes[node.mesh].primitives[0].attributes.COLOR_0)
    assert colours[:, 0].min() > 0.5 and math.isclose(float(colours[:, 2].max()), 0)
