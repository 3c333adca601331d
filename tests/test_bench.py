"""bench/run.py's arithmetic: the median over rounds, and the verdicts it writes."""

from __future__ import annotations

from bench.run import TARGETS, Measurement, median_of, render


def measured(target_index: int, rps: float, p99: float, non_2xx: int = 0) -> Measurement:
    return Measurement(TARGETS[target_index], 200, rps, p99 / 2, p99, int(rps * 10), non_2xx, 0)


def test_each_figure_is_the_median_over_the_rounds_and_errors_add_up():
    m = median_of([measured(2, 900, 40), measured(2, 1100, 20, non_2xx=1), measured(2, 1000, 30)])
    assert (m.rps, m.p99_ms, m.p50_ms, m.non_2xx) == (1000, 30, 15, 1)


def test_the_report_gives_ratios_to_the_static_file_and_the_verdicts():
    rows = [measured(0, 2000, 10), measured(1, 500, 50), measured(2, 1200, 20)]
    rows += [measured(3, 900, 20), measured(4, 100, 100), measured(5, 600, 60)]
    report = render(rows, {"nproc": "2"})
    assert "| 0.60× |" in report  # advice page: 1200 / 2000
    assert "Adviespagina: 0.60× statisch, 0 fouten — doel ≥ 0.5× zonder fouten: **gehaald**" in report
    assert "Advies-API: 0.45× statisch, 0 fouten — doel ≥ 0.5× zonder fouten: **NIET gehaald**" in report
    assert "p99 60.0 ms — doel < 20 ms: **NIET gehaald**" in report
    assert "Checklistpagina: 0.05× statisch — doel ≥ 0.8× (issue 12): **NIET gehaald**" in report


def test_the_report_states_the_pdf_figures():
    from bench.run import PdfFigures

    rows = [measured(0, 2000, 10), measured(1, 500, 50), measured(2, 1200, 20)]
    rows += [measured(3, 900, 20), measured(4, 100, 100), measured(5, 600, 60), measured(6, 1100, 30)]
    loaded = [(measured(2, 600, 80), 3), (measured(4, 50, 300), 2)]
    pdf = PdfFigures([4000.0, 5000.0, 9000.0], [200, 200, 200], 120 * 1024, loaded)
    report = render(rows, {"nproc": "2"}, pdf)
    assert "Gecachte advies-PDF: 1,100 verzoeken/s = 0.55× statisch (p99 30.0 ms, 0 niet-2xx)" in report
    assert "doel ≥ 0.5×: **gehaald**" in report
    assert "p50 5,000 ms, p99 9,000 ms, max 9,000 ms; 0 niet-200" in report
    assert "Adviespagina terwijl er koude PDF's renderen (3 PDF's in" in report
    assert "(0.50× zonder PDF's), p99 80.0 ms (zonder: 20.0 ms)" in report


def test_cold_answer_sets_are_distinct_and_never_the_warm_one():
    from bench.run import ANSWERS, cold_answer_sets

    sets = cold_answer_sets(30)
    assert len(sets) == len(set(sets)) == 30
    assert ANSWERS not in sets


def test_the_issue_12_checklist_targets_get_verdicts():
    from bench.run import ROUND_API_NAME, SHARED_RESULT_NAME, Target

    static = measured(0, 2000, 10)
    shared = Measurement(
        Target(SHARED_RESULT_NAME, "/checklist/resultaat/?s1.1=1"), 200, 1100, 5, 10, 1, 0, 0
    )
    round_api = Measurement(Target(ROUND_API_NAME, "/api/checklist/rounds/x/"), 200, 300, 20, 49, 1, 0, 0)
    report = render([static, shared, round_api], {})
    assert f"{SHARED_RESULT_NAME}: 0.55× statisch — doel ≥ 0.5× (issue 12): **gehaald**" in report
    assert f"{ROUND_API_NAME}: p99 49.0 ms — doel < 50 ms (issue 12): **gehaald**" in report
