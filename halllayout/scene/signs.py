"""What the signs say and where: fascia signs, hanging signs over islands, zone banners and door signs.

Every sign is set with one hall's `Lettering`: solid panels and glyph quads under one material.
- Fascia (2.45–2.75 m): the booth number on a tab at the left (blue; gold for gold and platinum
  sponsors), then the exhibitor's name (on the exhibitor's brand colour when the list gives one, in
  white or dark ink, whichever reads), on two lines when an English name is given, shrunk to fit
  the board and cut with an ellipsis only when even the smallest size does not fit.
- Hanging sign over an island or raw-space booth: number and name on all four faces.
- Zone banner: a four-sided banner in the zone's colour hanging high over the middle of the zone.
- Door signs: over each entrance the hall's name and "入口 ENTRANCE" with the door's name; over each
  exit a green "安全出口 EXIT".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from halllayout.model import Hall, PlacedBooth
from halllayout.palette import RGB, linear
from halllayout.scene.kit import FASCIA_BOTTOM, FASCIA_TOP, FasciaFace, HangingSign
from halllayout.scene.lettering import LIFT, Face, Lettering
from halllayout.scene.shell import DoorOpening

INK = linear((24, 32, 48))
WHITE = linear((255, 255, 255))
NUMBER_TAB = linear((0, 84, 166))
SPONSOR_TAB = linear((176, 132, 20))
ENTRANCE_PANEL = linear((16, 44, 84))
EXIT_PANEL = linear((0, 128, 64))
#: The smallest letters a sign is shrunk to (metres to the em) before its text is cut short.
MIN_EM = 0.055
ELLIPSIS = "…"
ENTRANCE_WORDS = "入口 ENTRANCE"
EXIT_WORDS = "安全出口 EXIT"
ZONE_BANNER_HEIGHT = 1.2


def _baseline(middle: float, em: float) -> float:
    """The baseline that centres a line of `em`-high letters on `middle` (letters sit ~0.36 em up)."""
    return middle - 0.36 * em


def _rgb(hex_colour: str) -> RGB:
    """(r, g, b) 0–255 of "#rrggbb"."""
    return (int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16))


def _luminance(colour: RGB) -> float:
    """Relative luminance 0–1 (ITU-R BT.709 weights on linear light): light boards get dark ink."""
    r, g, b = linear(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def sign_texts(booths: Iterable[PlacedBooth], hall: Hall, zones: Iterable[str]) -> list[str]:
    """Every string the hall's signs may set, for building the glyph atlas first."""
    texts = [ELLIPSIS, ENTRANCE_WORDS, EXIT_WORDS, " · ", hall.name, hall.id]
    texts += [d.name for d in (*hall.entrances, *hall.exits)]
    texts += list(zones)
    for b in booths:
        texts += [b.number, b.request.exhibitor, b.request.exhibitor_en]
    return texts


class SignWriter:
    """Sets the hall's signs into a `Lettering`."""

    def __init__(self, lettering: Lettering) -> None:
        self.lettering = lettering

    def _fitted_line(
        self,
        face: Face,
        text: str,
        *,
        across: float,
        middle: float,
        em: float,
        width: float,
        colour: tuple[float, float, float],
        booth: int,
    ) -> None:
        size = self.lettering.fit(text, em, width, MIN_EM)
        if self.lettering.atlas.width(text) * size > width + 1e-9:
            while text and self.lettering.atlas.width(text + ELLIPSIS) * size > width:
                text = text[:-1]
            text = text.rstrip() + ELLIPSIS
        self.lettering.line(
            face, text, across=across, baseline=_baseline(middle, size), em=size, colour=colour, booth=booth
        )

    def fascia(self, sign: FasciaFace, booth: PlacedBooth) -> None:
        """Number tab and name on one fascia board's outer face."""
        face = Face(sign.centre, sign.right)
        half = sign.length / 2
        z0, z1 = FASCIA_BOTTOM + 0.025, FASCIA_TOP - 0.025
        middle = (z0 + z1) / 2
        ink = INK
        if booth.request.colour:
            brand = _rgb(booth.request.colour)
            self.lettering.panel(
                face, -half, half, FASCIA_BOTTOM, FASCIA_TOP, linear(brand), sign.booth, lift=LIFT / 2
            )
            ink = WHITE if _luminance(brand) < 0.5 else INK
        number_em = 0.16
        number_width = self.lettering.atlas.width(booth.number) * number_em
        tab = min(number_width + 0.1, sign.length * 0.45)
        tab_colour = SPONSOR_TAB if booth.request.tier in ("gold", "platinum") else NUMBER_TAB
        self.lettering.panel(face, -half, -half + tab, z0, z1, tab_colour, sign.booth)
        self._fitted_line(
            face,
            booth.number,
            across=-half + tab / 2,
            middle=middle,
            em=number_em,
            width=tab - 0.04,
            colour=WHITE,
            booth=sign.booth,
        )
        left, right = -half + tab + 0.06, half - 0.04
        width = right - left
        if width <= 0.1:
            return
        centre = (left + right) / 2
        name, english = booth.request.exhibitor, booth.request.exhibitor_en
        if english and english != name:
            self._fitted_line(
                face,
                name,
                across=centre,
                middle=middle + 0.055,
                em=0.125,
                width=width,
                colour=ink,
                booth=sign.booth,
            )
            self._fitted_line(
                face,
                english,
                across=centre,
                middle=middle - 0.075,
                em=0.075,
                width=width,
                colour=ink,
                booth=sign.booth,
            )
        else:
            self._fitted_line(
                face, name, across=centre, middle=middle, em=0.15, width=width, colour=ink, booth=sign.booth
            )

    def hanging(self, sign: HangingSign, booth: PlacedBooth) -> None:
        """Number and name on each of the four faces of a hanging sign."""
        cx, cy = sign.centre
        half = sign.side / 2
        middle = (sign.z0 + sign.z1) / 2
        for nx, ny in ((0.0, -1.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0)):
            face = Face((cx + nx * half, cy + ny * half), (-ny, nx))
            self._fitted_line(
                face,
                booth.number,
                across=0,
                middle=middle + 0.2,
                em=0.26,
                width=sign.side - 0.2,
                colour=NUMBER_TAB,
                booth=sign.booth,
            )
            self._fitted_line(
                face,
                booth.request.exhibitor,
                across=0,
                middle=middle - 0.17,
                em=0.24,
                width=sign.side - 0.2,
                colour=INK,
                booth=sign.booth,
            )

    def zone_banner(self, zone: str, centre: tuple[float, float], colour: RGB, top: float) -> float:
        """A four-sided banner in the zone's colour hanging from `top`, centred on `centre`; returns its
        side length (the caller hangs the frame box)."""
        em = 0.55
        side = min(max(self.lettering.atlas.width(zone) * em + 0.8, 3.0), 10.0)
        z1, z0 = top, top - ZONE_BANNER_HEIGHT
        cx, cy = centre
        half = side / 2
        for nx, ny in ((0.0, -1.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0)):
            face = Face((cx + nx * half, cy + ny * half), (-ny, nx))
            self.lettering.panel(face, -half, half, z0, z1, linear(colour))
            self._fitted_line(
                face, zone, across=0, middle=(z0 + z1) / 2, em=em, width=side - 0.4, colour=WHITE, booth=-1
            )
        return side

    def door(self, hall: Hall, opening: DoorOpening) -> None:
        """The sign above a door, on the wall: the hall's name and 入口 ENTRANCE, or 安全出口 EXIT."""
        nx, ny = opening.normal
        face = Face((opening.door.at[0] + nx * 0.02, opening.door.at[1] + ny * 0.02), (-ny, nx))
        bottom = opening.height + 0.35
        if opening.kind == "exit":
            top = min(bottom + 0.5, hall.height - 0.1)
            if top - bottom < 0.3:
                return
            width = max(opening.door.width, 2.2)
            self.lettering.panel(face, -width / 2, width / 2, bottom, top, EXIT_PANEL)
            self._fitted_line(
                face,
                EXIT_WORDS,
                across=0,
                middle=(bottom + top) / 2,
                em=0.3,
                width=width - 0.2,
                colour=WHITE,
                booth=-1,
            )
            return
        top = min(bottom + 1.5, hall.height - 0.1)
        if top - bottom < 0.6:
            return
        title = hall.name if hall.name else hall.id
        words = ENTRANCE_WORDS + (f" · {opening.door.name}" if opening.door.name else "")
        width = max(opening.door.width + 2.0, self.lettering.atlas.width(title) * 0.6 + 1.0)
        self.lettering.panel(face, -width / 2, width / 2, bottom, top, ENTRANCE_PANEL)
        height = top - bottom
        self._fitted_line(
            face,
            title,
            across=0,
            middle=bottom + height * 0.64,
            em=min(0.6, height * 0.42),
            width=width - 0.4,
            colour=WHITE,
            booth=-1,
        )
        self._fitted_line(
            face,
            words,
            across=0,
            middle=bottom + height * 0.22,
            em=min(0.3, height * 0.22),
            width=width - 0.4,
            colour=WHITE,
            booth=-1,
        )


@dataclass(frozen=True)
class ZoneSpot:
    """Where a zone's banner hangs: over the booth of the zone nearest the middle of its booths."""

    zone: str
    centre: tuple[float, float]


def zone_spots(booths: Sequence[PlacedBooth]) -> list[ZoneSpot]:
    """One banner spot per zone of the hall, in order of first appearance; booths with no zone get none."""
    groups: dict[str, list[PlacedBooth]] = {}
    for b in booths:
        if b.request.zone:
            groups.setdefault(b.request.zone, []).append(b)
    spots = []
    for zone, members in groups.items():
        centres = [((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2) for b in members]
        mx = sum(c[0] for c in centres) / len(centres)
        my = sum(c[1] for c in centres) / len(centres)
        nearest = min(centres, key=lambda c: (math.hypot(c[0] - mx, c[1] - my), c))
        spots.append(ZoneSpot(zone, nearest))
    return spots
