"""Zone colours shared by the 3D scene (carpets) and the printed plans, as sRGB 0–255 triples.

A zone's colour comes from its rank in an order of first appearance: the eight ZONE_CARPETS first,
then further hues spaced by the golden angle, so every zone of a large fair gets a distinct colour.
"""

from __future__ import annotations

import colorsys
from collections.abc import Sequence

RGB = tuple[int, int, int]

#: Carpet colours (sRGB 0–255), one per zone in order of first appearance.
ZONE_CARPETS: tuple[RGB, ...] = (
    (52, 86, 140),
    (150, 48, 52),
    (44, 110, 84),
    (118, 84, 150),
    (180, 120, 40),
    (40, 120, 140),
    (110, 110, 110),
    (150, 70, 110),
)
_GOLDEN_ANGLE = 137.50776405003785


def zone_colour(rank: int) -> RGB:
    """The colour of the zone at `rank` (0-based) in order of first appearance.

    >>> zone_colour(0), zone_colour(8) != zone_colour(0)
    ((52, 86, 140), True)
    """
    if rank < 0:
        raise ValueError(f"rank must be 0 or more, got {rank}")
    if rank < len(ZONE_CARPETS):
        return ZONE_CARPETS[rank]
    extra = rank - len(ZONE_CARPETS)
    hue = (extra * _GOLDEN_ANGLE + 15.0) % 360.0 / 360.0
    lightness = (0.36, 0.44, 0.52)[extra % 3]
    r, g, b = colorsys.hls_to_rgb(hue, lightness, 0.5)
    return (round(r * 255), round(g * 255), round(b * 255))


def zone_colours(zones: Sequence[str]) -> dict[str, RGB]:
    """Each zone's colour, in order of first appearance in `zones` (repeats keep their first colour).

    >>> zone_colours(["Food", "Tech", "Food"])
    {'Food': (52, 86, 140), 'Tech': (150, 48, 52)}
    """
    colours: dict[str, RGB] = {}
    for zone in zones:
        if zone not in colours:
            colours[zone] = zone_colour(len(colours))
    return colours


def tint(colour: RGB, amount: float) -> RGB:
    """`colour` mixed with white: amount 0 keeps it, 1 gives white.

    >>> tint((52, 86, 140), 0.5)
    (154, 170, 198)
    """
    if not 0.0 <= amount <= 1.0:
        raise ValueError(f"amount must be between 0 and 1, got {amount}")
    r, g, b = (round(c + (255 - c) * amount) for c in colour)
    return (r, g, b)


def hex_colour(colour: RGB) -> str:
    """`#rrggbb` of an sRGB triple.

    >>> hex_colour((52, 86, 140))
    '#34568c'
    """
    return "#{:02x}{:02x}{:02x}".format(*colour)


def linear(colour: RGB) -> tuple[float, float, float]:
    """An sRGB 0–255 triple as linear 0–1 floats, as glTF vertex colours and colour factors take them.

    >>> linear((255, 0, 188))
    (1.0, 0.0, 0.5029)
    """
    out = []
    for c in colour:
        s = c / 255
        out.append(round(s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4, 4))
    return (out[0], out[1], out[2])
