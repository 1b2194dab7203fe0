import io

from halllayout import progress
from halllayout.progress import ProgressBar


def test_nothing_is_drawn_in_the_first_second() -> None:
    out = io.StringIO()
    bar = ProgressBar(out, enabled=True)
    bar("layout", 1, 4)
    assert out.getvalue() == ""


def test_after_the_delay_the_bar_shows_the_stage_and_count_then_clears(monkeypatch) -> None:
    out = io.StringIO()
    bar = ProgressBar(out, enabled=True)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    bar("scenes", 2, 4)
    assert out.getvalue() == "\rscenes   [" + "#" * 15 + "-" * 15 + "] 2/4   "
    bar("done", 1, 1)
    assert out.getvalue().endswith("\r")


def test_a_bar_that_is_not_a_terminal_stays_silent(monkeypatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr(progress, "DELAY", 0.0)
    ProgressBar(out)("layout", 1, 2)  # StringIO is not a terminal
    assert out.getvalue() == ""
