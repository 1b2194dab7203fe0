"""Benchmark of the scene builder (issue 4): the sample hall filled with ~700 booths, built and drawn.

Makes its own input (seeded): booth requests of the usual shell-scheme mix (mostly 3 × 3 m, some 6 × 3,
6 × 6 peninsulas and a few islands), exhibitors with Chinese and English names of realistic length,
six zones, a few gold and platinum sponsors, laid out with `lay_out` in `tests/data/halls/hall-a-144x90.json`.
Prints booths placed, layout time, scene build time (`build_hall_glb`, best of 3), GLB size, then how
three.js draws the GLB in headless Chromium (draw calls, triangles, instances, texture memory: see
benchmarks/scene_gpu.py), peak memory, and the growth table for ~100, ~700 and ~2,000 booths. Each
figure stands beside its target (MB = 10⁶ bytes); no pass/fail exit, the numbers are for reading.

Targets (issue 4, hall A with ~700 booths, no products): GLB ≤ 8 MB, built in ≤ 3 s on a 2-core machine;
≤ 150 draw calls and ≤ 500k triangles for the whole hall; signage texture memory ≤ 64 MB; linear growth.

Usage: python benchmarks/bench_scene.py [--chromium PATH] [--no-browser] [--repeat N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scene_gpu import measure_glb  # benchmarks/, the script's folder

from halllayout.layout import lay_out
from halllayout.model import Aisle, BoothRequest, Hall, PlacedBooth
from halllayout.read import read_hall, single_hall_fair
from halllayout.scene.hall import build_hall_glb

ROOT = Path(__file__).resolve().parents[1]
HALL = ROOT / "tests" / "data" / "halls" / "hall-a-144x90.json"
#: (width, depth, type, weight): a shell-scheme fair dense enough that ~700 booths fill hall A.
MIX = [
    (3, 3, "standard", 93),
    (3, 3, "corner", 4),
    (6, 3, "standard", 2),
    (6, 6, "peninsula", 0.5),
    (6, 6, "island", 0.3),
    (9, 9, "island", 0.2),
]
ZONES = [
    "消费电子 Consumer Electronics",
    "智能制造 Smart Manufacturing",
    "新能源 New Energy",
    "纺织服装 Textiles & Apparel",
    "食品饮料 Food & Beverage",
    "家居建材 Home & Building Materials",
]
CITIES = [
    ("深圳市", "Shenzhen"),
    ("广州市", "Guangzhou"),
    ("东莞市", "Dongguan"),
    ("佛山市", "Foshan"),
    ("宁波市", "Ningbo"),
    ("苏州市", "Suzhou"),
    ("厦门市", "Xiamen"),
    ("青岛市", "Qingdao"),
    ("义乌市", "Yiwu"),
    ("杭州市", "Hangzhou"),
    ("温州市", "Wenzhou"),
    ("成都市", "Chengdu"),
]
BRANDS = [
    ("华强", "Huaqiang"),
    ("海天", "Haitian"),
    ("金龙", "Jinlong"),
    ("恒信", "Hengxin"),
    ("中联", "Zhonglian"),
    ("瑞丰", "Ruifeng"),
    ("鸿达", "Hongda"),
    ("新宝", "Xinbao"),
    ("富士达", "Fushida"),
    ("德力", "Deli"),
    ("远洋", "Yuanyang"),
    ("天成", "Tiancheng"),
    ("美佳", "Meijia"),
    ("凯盛", "Kaisheng"),
]
TRADES = [
    ("电子科技", "Electronic Technology"),
    ("智能装备", "Intelligent Equipment"),
    ("新材料", "New Materials"),
    ("食品", "Foodstuffs"),
    ("纺织品进出口", "Textiles Import & Export"),
    ("医疗器械", "Medical Devices"),
    ("光电", "Optoelectronics"),
    ("精密机械", "Precision Machinery"),
    ("家居用品", "Household Products"),
    ("新能源科技", "New Energy Technology"),
]
FORMS = [
    ("有限公司", "Co., Ltd."),
    ("股份有限公司", "Corp., Ltd."),
    ("集团有限公司", "Group Co., Ltd."),
]
#: Foreign exhibitors: (country, English name, Chinese name used at the fair).
FOREIGN = [
    ("DE", "Müller Maschinenbau GmbH & Co. KG", "穆勒机械"),
    ("JP", "Hayashi Precision Industries Co., Ltd.", "林精密工业"),
    ("IT", "Rossi Arredamenti S.p.A.", "罗西家居"),
    ("US", "Great Lakes Food Ingredients, Inc.", "大湖食品配料"),
    ("KR", "Hanbit Display Solutions Co., Ltd.", "韩光显示"),
    ("FR", "Maison Lefèvre Textiles SAS", "勒费弗纺织"),
]
#: Sizes of the growth table (booths requested) and the hall each fills: None is hall A itself, a
#: number scales hall A's outline, doors and column grid origin by that factor (same door widths,
#: same column spacing, same aisles and rules).
GROWTH: list[tuple[int, float | None]] = [(100, None), (700, None), (2000, 1.8)]
TARGET_MB, TARGET_S, TARGET_CALLS, TARGET_TRIANGLES, TARGET_SIGNAGE_MB = 8.0, 3.0, 150, 500_000, 64.0


def exhibitor(rng: random.Random) -> tuple[str, str]:
    """An exhibitor's (name, country); a Chinese one is named in both languages, e.g.
    "深圳市华强电子科技有限公司 Shenzhen Huaqiang Electronic Technology Co., Ltd."."""
    if rng.random() < 0.1:
        country, english, chinese = rng.choice(FOREIGN)
        return f"{chinese} {english}", country
    (city, city_en), (brand, brand_en) = rng.choice(CITIES), rng.choice(BRANDS)
    (trade, trade_en), (form, form_en) = rng.choice(TRADES), rng.choice(FORMS)
    return f"{city}{brand}{trade}{form} {city_en} {brand_en} {trade_en} {form_en}", "CN"


def booths(count: int, seed: int = 4) -> list[BoothRequest]:
    """`count` booth requests in list order; a shorter list is the start of a longer one."""
    rng = random.Random(seed)
    weights = [m[3] for m in MIX]
    requests = []
    for i in range(1, count + 1):
        width, depth, kind, _ = rng.choices(MIX, weights)[0]
        name, country = exhibitor(rng)
        tier = rng.choices(["", "gold", "platinum"], [95, 4, 1])[0]
        zone = ZONES[rng.randrange(len(ZONES))]
        requests.append(
            BoothRequest(f"EX{i:05d}", name, width, depth, kind, zone, country=country, tier=tier)
        )
    return requests


def scaled_hall(factor: float, folder: Path) -> Hall:
    """Hall A with its outline and door positions scaled by `factor`, read back through the hall reader."""
    spec = json.loads(HALL.read_text(encoding="utf-8"))
    spec["name"] = f"Hall A × {factor:g}"
    spec["outline"] = [[x * factor, y * factor] for x, y in spec["outline"]]
    for door in spec["entrances"] + spec["exits"]:
        door["at"] = [door["at"][0] * factor, door["at"][1] * factor]
    path = folder / f"hall-a-scaled-{factor:g}.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return read_hall(path)


def timed_build(
    hall: Hall, placed: Sequence[PlacedBooth], aisles: Sequence[Aisle], repeat: int
) -> tuple[bytes, float, bool]:
    """The GLB (with the aisle carpets, as `halllayout build` makes it), the best of `repeat` build
    times (s), and whether every build gave the same bytes."""
    best, first, same = math.inf, b"", True
    for _ in range(repeat):
        t0 = time.perf_counter()
        glb = build_hall_glb(hall, placed, aisles=aisles)
        best = min(best, time.perf_counter() - t0)
        same = same and (not first or glb == first)
        first = first or glb
    return first, best, same


def mix_of(placed: Sequence[PlacedBooth]) -> str:
    counts = Counter(f"{b.request.width:g}×{b.request.depth:g} {b.request.type}" for b in placed)
    return ", ".join(f"{n} {kind}" for kind, n in counts.most_common())


def line(label: str, value: str, target: str = "", over: bool | None = None) -> None:
    verdict = "" if over is None else ("  OVER" if over else "  ok")
    print(f"  {label:<28} {value:<34} {target}{verdict}")


def browser_figures(glb: Path, chromium: str) -> dict[str, Any]:
    figures = measure_glb(glb, chromium)
    if figures["errors"] or not figures.get("ok"):
        print(f"  browser errors: {figures['errors']}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--chromium", default=os.environ.get("HALLLAYOUT_CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--no-browser", action="store_true", help="skip the figures that need Chromium")
    parser.add_argument("--repeat", type=int, default=3, help="scene builds per size; the best is shown")
    parser.add_argument("--keep", type=Path, help="write the GLBs to this folder instead of a temporary one")
    args = parser.parse_args()
    browser = not args.no_browser and Path(args.chromium).is_file()
    if not args.no_browser and not browser:
        print(f"(no Chromium at {args.chromium}: browser figures skipped)")

    with tempfile.TemporaryDirectory(prefix="bench-scene-") as scratch:
        out = args.keep or Path(scratch)
        out.mkdir(parents=True, exist_ok=True)
        hall_a = read_hall(HALL)
        rows = []
        main_figures: dict[str, Any] = {}
        for count, factor in GROWTH:
            hall = hall_a if factor is None else scaled_hall(factor, Path(scratch))
            requests = booths(count)
            t0 = time.perf_counter()
            layout = lay_out(single_hall_fair(hall), requests)
            layout_s = time.perf_counter() - t0
            placed = layout.booths_in(hall.id)
            glb, build_s, same = timed_build(hall, placed, layout.aisles_in(hall.id), args.repeat)
            path = out / f"hall-{count}.glb"
            path.write_bytes(glb)
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            figures = browser_figures(path, args.chromium) if browser else {}
            rows.append((count, hall, len(placed), layout_s, build_s, len(glb), same, figures))
            if count == 700:
                main_figures = {
                    "hall": hall,
                    "requested": count,
                    "placed": placed,
                    "layout_s": layout_s,
                    "build_s": build_s,
                    "bytes": len(glb),
                    "same": same,
                    "figures": figures,
                    "peak_mb": peak_mb,
                }
        report(main_figures, args.repeat)
        growth(rows)


def report(m: dict[str, Any], repeat: int) -> None:
    hall: Hall = m["hall"]
    placed: Sequence[PlacedBooth] = m["placed"]
    f: dict[str, Any] = m["figures"]
    print(f"Scene benchmark (issue 4): {HALL.relative_to(ROOT)}, {os.cpu_count()} CPUs")
    line("booths placed", f"{len(placed)} of {m['requested']} requested")
    print(f"    mix: {mix_of(placed)}")
    print(
        f"    zones: {len({b.request.zone for b in placed})}, sponsors: "
        f"{sum(b.request.tier != '' for b in placed)}, hall {hall.id} ({hall.name})"
    )
    line("layout", f"{m['layout_s']:.2f} s")
    line(
        f"scene build (best of {repeat})",
        f"{m['build_s']:.2f} s",
        f"≤ {TARGET_S:g} s",
        m["build_s"] > TARGET_S,
    )
    line("byte-identical rebuilds", "yes" if m["same"] else "NO")
    mb = m["bytes"] / 1e6
    line("GLB, no products", f"{mb:.2f} MB", f"≤ {TARGET_MB:g} MB", mb > TARGET_MB)
    if f.get("ok"):
        line("draw calls", f"{f['calls']}", f"≤ {TARGET_CALLS}", f["calls"] > TARGET_CALLS)
        line(
            "triangles",
            f"{f['triangles']:,}",
            f"≤ {TARGET_TRIANGLES // 1000}k",
            f["triangles"] > TARGET_TRIANGLES,
        )
        line("instanced meshes", f"{f['instancedMeshes']} ({f['instances']:,} instances)")
        line("meshes / materials", f"{f['meshes']} / {f['materials']}")
        sign_mb = f["textureBytes"]["signage"] / 1e6
        line(
            "texture memory, signage",
            f"{sign_mb:.1f} MB",
            f"≤ {TARGET_SIGNAGE_MB:g} MB",
            sign_mb > TARGET_SIGNAGE_MB,
        )
        line(
            "texture memory, total",
            f"{f['textureBytes']['total'] / 1e6:.1f} MB ({f['textures']} GPU textures)",
        )
        line("load / first frame", f"{f['loadMs']} ms / {f['renderMs']} ms (software WebGL)")
    line("peak RSS (this process)", f"{m['peak_mb']:.0f} MB")


def growth(rows: list[tuple[int, Hall, int, float, float, int, bool, dict[str, Any]]]) -> None:
    print()
    print("Growth (same seeded list, a longer list starts with the shorter one):")
    print(
        f"  {'requested':>9} {'placed':>6} {'hall':<24} {'layout s':>8} {'scene s':>8} {'GLB MB':>7} "
        f"{'ms/booth':>8} {'KB/booth':>8} {'calls':>6} {'triangles':>10} {'sign MB':>8}"
    )
    for count, hall, placed, layout_s, build_s, size, _, f in rows:
        xs = [p[0] for p in hall.outline]
        ys = [p[1] for p in hall.outline]
        where = f"{hall.name} {max(xs) - min(xs):g}×{max(ys) - min(ys):g}"
        calls = f"{f['calls']}" if f.get("ok") else "-"
        triangles = f"{f['triangles']:,}" if f.get("ok") else "-"
        sign = f"{f['textureBytes']['signage'] / 1e6:.1f}" if f.get("ok") else "-"
        print(
            f"  {count:>9} {placed:>6} {where:<24} {layout_s:>8.2f} {build_s:>8.2f} {size / 1e6:>7.2f} "
            f"{build_s * 1000 / max(placed, 1):>8.2f} {size / 1e3 / max(placed, 1):>8.1f} "
            f"{calls:>6} {triangles:>10} {sign:>8}"
        )
    print("  (the largest size is hall A's outline and doors scaled up, one GLB; see GROWTH)")


if __name__ == "__main__":
    main()
