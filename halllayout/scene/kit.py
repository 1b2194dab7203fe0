"""Booth kits: what stands on each booth, dimensioned like the real thing, as instances of shared parts.

A shell-scheme stand (standard, corner, peninsula) is an aluminium system frame of 40 mm uprights about
1 m apart with white wall panels 2.5 m high between them and a top beam; a fascia board from 2.45 m to
2.75 m above each open front carries the sign; arm spotlights hang from the fascia. Inside: carpet in the
zone's colour, an information counter at the front, a table with two chairs for every 9 m² (up to four
sets), and the exhibitor's products on plinths along the back wall. Corner booths get a fascia on their
open side too; peninsulas keep only their back wall. Island and raw-space booths get a raised floor and
a four-sided sign hanging above instead of walls.

Everything here is placed inside the booth's footprint (signs on a fascia stand a few millimetres proud
of the board, still inside it).
"""

from __future__ import annotations

from dataclasses import dataclass

from halllayout.model import PlacedBooth
from halllayout.scene.glb import Material
from halllayout.scene.instancing import Frame, Instances

PANEL_HEIGHT = 2.5
PANEL_PITCH = 1.0
PANEL_THICKNESS = 0.03
UPRIGHT = 0.04
CARPET_HEIGHT = 0.01
FASCIA_BOTTOM = 2.45
FASCIA_TOP = 2.75
FASCIA_THICKNESS = 0.03
#: The fascia board stands this far inside the front edge, so its sign stays inside the footprint.
FASCIA_SETBACK = 0.012
PLATFORM_HEIGHT = 0.1
COUNTER = (1.0, 0.5, 1.05)  # along the front, deep, high
TABLE = (0.6, 0.6, 0.74)  # a small square bistro table: wide, deep, high
CHAIR = (0.45, 0.45, 0.85)
PLINTH = (0.5, 0.5, 0.9)
#: Free box above a plinth that a product is scaled to fit (width, depth, height).
PRODUCT_BOX = (0.45, 0.45, 0.6)
SPOT_ARM = 0.35
HANGING_SIGN_HEIGHT = 0.9
HANGING_SIGN_BOTTOM = 4.5
#: Products shown per booth at most: one plinth per 0.7 m of back wall, never more than this.
MAX_PRODUCTS = 8


@dataclass(frozen=True)
class Materials:
    """The materials a booth kit is made of."""

    panel: Material
    frame: Material
    fascia: Material
    platform: Material
    counter: Material
    counter_top: Material
    furniture: Material
    chair: Material
    lamp: Material
    lamp_lens: Material
    plinth: Material
    product: Material
    hanging_sign: Material


@dataclass(frozen=True)
class FasciaFace:
    """Where a booth's sign goes: booth index, plan centre of the board's outer face, the reader's right
    (plan unit vector) and the board's length."""

    booth: int
    centre: tuple[float, float]
    right: tuple[float, float]
    length: float


@dataclass(frozen=True)
class ProductSlot:
    """A plinth top a product stands on: booth index, product index in the booth's list, glTF centre of
    the plinth top, turn about +Y (the product faces the aisle) and the box (width, depth, height) it
    must fit."""

    booth: int
    index: int
    top: tuple[float, float, float]
    turn: float
    box: tuple[float, float, float]


@dataclass(frozen=True)
class HangingSign:
    """A four-sided sign over an island or raw-space booth: booth index, plan centre, side, heights."""

    booth: int
    centre: tuple[float, float]
    side: float
    z0: float
    z1: float


@dataclass
class Kits:
    """What the kits left for the signs and products to fill."""

    fascias: list[FasciaFace]
    slots: list[ProductSlot]
    hanging: list[HangingSign]


def walled_sides(booth: PlacedBooth) -> tuple[str, ...]:
    """The booth's own sides (back, left, right) that get shell-scheme wall panels, by requested type.

    Standard: back and both sides. Corner and peninsula: every side but the front that is not open
    (a peninsula backs onto its neighbours with one wall). Island and raw space: none.
    """
    kind = booth.request.type
    if kind in ("island", "raw"):
        return ()
    if kind == "standard":
        return ("back", "left", "right")
    frame = Frame.of(booth)
    open_own = {frame.side(s) for s in booth.open_sides}
    return tuple(s for s in ("back", "left", "right") if s not in open_own)


def fascia_sides(booth: PlacedBooth) -> tuple[str, ...]:
    """The booth's own sides that carry a fascia with its sign: the front, and the other open sides of a
    corner or peninsula booth; none for islands and raw space (they get a hanging sign)."""
    kind = booth.request.type
    if kind in ("island", "raw"):
        return ()
    walls = walled_sides(booth)
    return ("front", *(s for s in ("left", "right", "back") if s not in walls))


def _board(
    kit: Instances,
    material: Material,
    frame: Frame,
    side: str,
    a: float,
    b: float,
    thickness: float,
    z0: float,
    z1: float,
    booth: int,
    inset: float = 0.0,
) -> None:
    """A board along one of the booth's own sides, from `a` to `b` along it, `thickness` thick and
    `inset` inside the edge."""
    f, d = frame.frontage, frame.depth
    if side == "back":
        kit.in_booth(frame, material, a, b, d - inset - thickness, d - inset, z0, z1, booth)
    elif side == "front":
        kit.in_booth(frame, material, a, b, inset, inset + thickness, z0, z1, booth)
    elif side == "left":
        kit.in_booth(frame, material, inset, inset + thickness, a, b, z0, z1, booth)
    else:
        kit.in_booth(frame, material, f - inset - thickness, f - inset, a, b, z0, z1, booth)


def _length(frame: Frame, side: str) -> float:
    return frame.frontage if side in ("front", "back") else frame.depth


def _wall(kit: Instances, m: Materials, frame: Frame, side: str, booth: int) -> None:
    """Panels about 1 m wide between uprights, and the top beam, along one of the booth's sides."""
    length = _length(frame, side)
    count = max(1, round(length / PANEL_PITCH))
    pitch = length / count
    for k in range(count):
        a, b = k * pitch + UPRIGHT / 2, (k + 1) * pitch - UPRIGHT / 2
        _board(kit, m.panel, frame, side, a, b, PANEL_THICKNESS, 0.0, PANEL_HEIGHT - UPRIGHT, booth, 0.005)
    for k in range(count + 1):
        c = min(max(k * pitch, UPRIGHT / 2), length - UPRIGHT / 2)
        _board(kit, m.frame, frame, side, c - UPRIGHT / 2, c + UPRIGHT / 2, UPRIGHT, 0.0, PANEL_HEIGHT, booth)
    _board(kit, m.frame, frame, side, 0.0, length, UPRIGHT, PANEL_HEIGHT - UPRIGHT, PANEL_HEIGHT, booth)


def _fascia(kit: Instances, m: Materials, frame: Frame, side: str, booth: int) -> FasciaFace:
    """The fascia board along an open side, the uprights that carry it, and where its sign goes."""
    length = _length(frame, side)
    _board(
        kit,
        m.fascia,
        frame,
        side,
        0.0,
        length,
        FASCIA_THICKNESS,
        FASCIA_BOTTOM,
        FASCIA_TOP,
        booth,
        FASCIA_SETBACK,
    )
    for c in (UPRIGHT / 2, length - UPRIGHT / 2):
        _board(kit, m.frame, frame, side, c - UPRIGHT / 2, c + UPRIGHT / 2, UPRIGHT, 0.0, FASCIA_TOP, booth)
    f, d = frame.frontage, frame.depth
    t, n = frame.t, frame.n
    if side == "front":
        centre, right = frame.plan(f / 2, FASCIA_SETBACK), t
    elif side == "back":
        centre, right = frame.plan(f / 2, d - FASCIA_SETBACK), (-t[0], -t[1])
    elif side == "left":
        centre, right = frame.plan(FASCIA_SETBACK, d / 2), (-n[0], -n[1])
    else:
        centre, right = frame.plan(f - FASCIA_SETBACK, d / 2), n
    return FasciaFace(booth, centre, right, length - 2 * UPRIGHT)


def _spotlights(kit: Instances, m: Materials, frame: Frame, booth: int) -> None:
    """Arm spotlights on the back of the front fascia, about one per 1.5 m, shining into the booth."""
    f = frame.frontage
    count = max(1, round(f / 1.5))
    back_of_board = FASCIA_SETBACK + FASCIA_THICKNESS
    for k in range(count):
        u = f * (k + 0.5) / count
        kit.in_booth(frame, m.frame, u - 0.012, u + 0.012, back_of_board, SPOT_ARM, 2.70, 2.725, booth)
        kit.in_booth(frame, m.lamp, u - 0.05, u + 0.05, SPOT_ARM - 0.06, SPOT_ARM + 0.06, 2.57, 2.70, booth)
        kit.in_booth(
            frame, m.lamp_lens, u - 0.04, u + 0.04, SPOT_ARM - 0.05, SPOT_ARM + 0.05, 2.565, 2.57, booth
        )


def _furniture(kit: Instances, m: Materials, frame: Frame, booth: int, back_band: float, base: float) -> None:
    """An information counter at the front left, then a table with two chairs per 9 m², up to four,
    spread over the middle of the booth, clear of the counter and of the plinths at the back."""
    f, d = frame.frontage, frame.depth
    cu, cw, ch = COUNTER
    if f >= cu + 0.8:
        kit.in_booth(frame, m.counter, 0.25, 0.25 + cu, 0.25, 0.25 + cw, base, base + ch - 0.04, booth)
        kit.in_booth(
            frame, m.counter_top, 0.22, 0.28 + cu, 0.22, 0.28 + cw, base + ch - 0.04, base + ch, booth
        )
    band_w0, band_w1 = 0.25 + cw + 0.2, d - back_band - 0.2
    set_u, set_w = 1.6, 0.7
    columns = int((f - 0.2) // set_u)
    rows = int((band_w1 - band_w0) // set_w) if band_w1 > band_w0 else 0
    wanted = min(4, max(1, round(f * d / 9)))
    slots = [(r, c) for r in range(rows) for c in range(columns)]
    if not slots:
        return
    # spread: take every k-th slot so sets do not bunch in one corner
    step = max(1, len(slots) // wanted)
    chosen = slots[::step][:wanted]
    u_margin = (f - columns * set_u) / 2
    w_margin = (band_w1 - band_w0 - rows * set_w) / 2
    tu, tw, th = TABLE
    su, sw, sh = CHAIR
    for r, c in chosen:
        u = u_margin + (c + 0.5) * set_u
        w = band_w0 + w_margin + (r + 0.5) * set_w
        kit.in_booth(
            frame,
            m.furniture,
            u - tu / 2,
            u + tu / 2,
            w - tw / 2,
            w + tw / 2,
            base + th - 0.03,
            base + th,
            booth,
        )
        kit.in_booth(frame, m.frame, u - 0.03, u + 0.03, w - 0.03, w + 0.03, base, base + th - 0.03, booth)
        for side in (-1, 1):
            cu0 = u + side * (tu / 2 + 0.05) + (0 if side > 0 else -su)
            kit.in_booth(
                frame, m.chair, cu0, cu0 + su, w - sw / 2, w + sw / 2, base, base + sh, booth, mesh="chair"
            )


def _plinths(
    kit: Instances, m: Materials, frame: Frame, booth: int, products: int, base: float
) -> list[ProductSlot]:
    """Plinths along the back wall, one per product (as many as fit), each with a slot on top."""
    f, d = frame.frontage, frame.depth
    pu, pw, ph = PLINTH
    room = int((f - 0.2) // (pu + 0.2))
    count = min(products, MAX_PRODUCTS, room)
    slots = []
    w1 = d - 0.35
    for k in range(count):
        u = f * (k + 0.5) / count
        kit.in_booth(frame, m.plinth, u - pu / 2, u + pu / 2, w1 - pw, w1, base, base + ph, booth)
        x, y = frame.plan(u, w1 - pw / 2)
        slots.append(ProductSlot(booth, k, (x, base + ph, -y), frame.turn, PRODUCT_BOX))
    return slots


def _wall_key(frame: Frame, side: str) -> tuple[float, ...]:
    """The plan segment a booth side lies on, endpoints sorted, to the millimetre."""
    f, d = frame.frontage, frame.depth
    ends = {
        "front": ((0, 0), (f, 0)),
        "back": ((0, d), (f, d)),
        "left": ((0, 0), (0, d)),
        "right": ((f, 0), (f, d)),
    }
    a, b = (frame.plan(u, w) for u, w in ends[side])
    p, q = sorted([(round(a[0], 3), round(a[1], 3)), (round(b[0], 3), round(b[1], 3))])
    return (*p, *q)


def booth_kit(
    kit: Instances,
    m: Materials,
    booth: PlacedBooth,
    index: int,
    hall_height: float,
    walls: set[tuple[float, ...]] | None = None,
) -> Kits:
    """Place the parts of one booth (all but its carpet and sign lettering) and say where its signs and
    products go.

    `walls` collects the plan segments walled so far: neighbours share a wall as real shell schemes do,
    so a side whose segment another booth has already walled gets no second wall."""
    frame = Frame.of(booth)
    kind = booth.request.type
    fascias: list[FasciaFace] = []
    hanging: list[HangingSign] = []
    if kind in ("island", "raw"):
        kit.in_booth(frame, m.platform, 0.0, frame.frontage, 0.0, frame.depth, 0.0, PLATFORM_HEIGHT, index)
        side = min(2.4, min(frame.frontage, frame.depth) - 0.4)
        z1 = min(HANGING_SIGN_BOTTOM + HANGING_SIGN_HEIGHT, hall_height - 0.6)
        z0 = z1 - HANGING_SIGN_HEIGHT
        centre = frame.plan(frame.frontage / 2, frame.depth / 2)
        kit.box(
            m.hanging_sign,
            centre[0] - side / 2,
            centre[1] - side / 2,
            centre[0] + side / 2,
            centre[1] + side / 2,
            z0,
            z1,
            index,
        )
        hanging.append(HangingSign(index, centre, side, z0, z1))
    else:
        for side_name in walled_sides(booth):
            key = _wall_key(frame, side_name)
            if walls is not None:
                if key in walls:
                    continue
                walls.add(key)
            _wall(kit, m, frame, side_name, index)
        for side_name in fascia_sides(booth):
            fascias.append(_fascia(kit, m, frame, side_name, index))
        _spotlights(kit, m, frame, index)
    products = len(booth.request.products)
    back_band = 0.35 + PLINTH[1] if products else 0.2
    base = PLATFORM_HEIGHT if kind in ("island", "raw") else 0.0
    _furniture(kit, m, frame, index, back_band, base)
    slots = _plinths(kit, m, frame, index, products, base)
    return Kits(fascias, slots, hanging)
