from halllayout.build import build_fair
from halllayout.model import BoothRequest, Door, Fair
from halllayout.read import read_booth_list, read_hall
from halllayout.summary import summary_text
from tests.conftest import DATA, make_booths, make_hall


def test_summary_gives_the_figures_rules_and_unplaced_booths(tmp_path) -> None:
    hall = make_hall(40, 30, entrances=(Door((20, 0), 6, "Gate"),), main=4)
    requests = [*make_booths(80), BoothRequest("BIG", "Big Co", 3, 3)]
    build = build_fair(Fair("Spring Fair", (hall,)), requests, scenes=False, plans=False)
    written = [tmp_path / "layout.json"]
    written[0].write_bytes(build.files["layout.json"])
    text = summary_text(build, written, 1.25)
    lines = text.splitlines()
    placed = len(build.layout.booths)
    assert lines[0] == f"Spring Fair: {placed} of 81 booths placed in 1 hall(s), 1.2 s"
    assert lines[2].split()[:2] == ["A", str(placed)]
    assert f"{81 - placed} booth(s) not placed:" in text
    assert "no room left in hall A" in text
    assert "rules: all 10 checks passed" in text
    assert text.endswith(f"wrote 1 files ({written[0].stat().st_size / 1e6:.1f} MB) under {tmp_path}")
    assert len(lines) < 25


def test_the_summary_counts_the_vacant_booth_spots_to_sell_where_there_are_any(tmp_path) -> None:
    # fair-120 leaves the floor two islands and a stretch of row left when they rejoined their zones
    hall = read_hall(DATA / "halls" / "hall-a-144x90.json")
    build = build_fair(Fair("One", (hall,)), read_booth_list(DATA / "booths" / "fair-120.csv"), scenes=False)
    vacant = build.metrics["vacant"]
    assert vacant["spots"] == len(build.layout.vacant) > 0
    text = summary_text(build, [], 1.0)
    assert f", {vacant['spots']} vacant spot(s) to sell, {vacant['area']:,.0f} m²" in text
    none = build_fair(Fair("One", (hall,)), make_booths(20), scenes=False, plans=False)
    assert none.layout.vacant == () and "vacant" not in summary_text(none, [], 1.0)
