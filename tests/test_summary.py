from halllayout.build import build_fair
from halllayout.model import BoothRequest, Door, Fair
from halllayout.summary import summary_text
from tests.conftest import make_booths, make_hall


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
