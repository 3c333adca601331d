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


def test_make_bench_keeps_the_cluster_section_and_the_cluster_bench_replaces_only_its_own():
    from bench.run import marked_section, with_section

    cluster = "<!-- bench-cluster:start -->\n## Uitgeschaald\nA 1\n<!-- bench-cluster:end -->\n"
    before = "# Performance\n\nold table\n\n" + cluster
    # `make bench` writes a new file: the cluster section of the old one comes along.
    kept = with_section(
        "# Performance\n\nnew table\n", "bench-cluster", marked_section(before, "bench-cluster")
    )
    assert "new table" in kept and "old table" not in kept
    assert marked_section(kept, "bench-cluster") == cluster
    # `make bench-cluster` replaces its section and leaves the rest as it was.
    newer = cluster.replace("A 1", "A 2")
    replaced = with_section(kept, "bench-cluster", newer)
    assert replaced.count("bench-cluster:start") == 1 and "A 2" in replaced and "A 1" not in replaced
    assert replaced.replace(newer, "") == kept.replace(cluster, "")
    # Nothing to keep: the new file as it is.
    assert with_section("# Performance\n", "bench-cluster", marked_section("# Performance\n", "x")) == (
        "# Performance\n"
    )


def test_the_cluster_section_compares_one_server_with_two_and_says_whether_b_saw_a_s_publish():
    from bench.cluster import SECTION, Propagation, section
    from bench.run import marked_section

    one = [measured(0, 2000, 10), measured(2, 1000, 20)]
    two = [measured(0, 3000, 8), measured(2, 1500, 30)]
    seen = Propagation("bench-cluster-ab12", True, 900.0, 12.0, True)
    text = section(one, two, seen, {"nproc": "2"})
    assert marked_section(text, SECTION) == text
    words = " ".join(text.split())
    assert "| Adviespagina | 1,000 | 1,500 | 1.50× | 20.00 | 30.00 |" in text
    assert "showed the new text: **ja** (server B answered in 12 ms" in words
    assert "after server B had served the advice page from the shared Redis" in words
    missed = section(one, two, Propagation("m", False, 900.0, 12.0, False), {})
    assert "showed the new text: **NEE**" in " ".join(missed.split()) and "(not cached in Redis!)" in missed


def test_the_results_form_post_is_judged_against_the_results_post_target():
    from bench.run import BENCH_CSRF, FORM_POST_NAME, RESULTS_P99_MS, Target

    static = measured(0, 2000, 10)
    form = Target(
        FORM_POST_NAME, "/checklist/resultaat/", "POST", form=f"score-1.1=2&csrfmiddlewaretoken={BENCH_CSRF}"
    )
    fast = Measurement(form, 200, 1200, 8, RESULTS_P99_MS - 1, 1, 0, 0)
    slow = Measurement(form, 200, 800, 12, RESULTS_P99_MS + 5, 1, 0, 0)
    assert f"{FORM_POST_NAME}: p99 {RESULTS_P99_MS - 1:.1f} ms — doel < 20 ms: **gehaald**" in render(
        [static, fast], {}
    )
    assert f"{FORM_POST_NAME}: p99 {RESULTS_P99_MS + 5:.1f} ms — doel < 20 ms: **NIET gehaald**" in render(
        [static, slow], {}
    )


def test_a_cold_pdf_is_timed_until_the_pdf_following_the_waiting_page(monkeypatch):
    """timed_get asks again after a 202 waiting page's delay, as the page's script does."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from bench import run

    answers = [(202, b'<a href="/x" data-pdf-wait="2">'), (202, b""), (200, b"%PDF-1.7 x")]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body = answers.pop(0)
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    slept: list[float] = []
    monkeypatch.setattr(run, "BASE", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setattr(run.time, "sleep", slept.append)
    try:
        status, _ms, size = run.timed_get("/wegwijzer/advies/pdf/?q1=1")
    finally:
        server.shutdown()
    assert (status, size, slept, answers) == (200, 10, [2, 2], [])


def test_a_target_is_judged_against_the_static_run_just_before_it():
    from bench.run import STATIC_DURATION

    # Round 1 ran on a fast moment (static 3000), round 2 on a slow one (static 2000):
    # against its pairs the advice page is at 0.80 in both, against the median static
    # (2500) it would have been 0.80 and 0.64.
    fast, slow = measured(0, 3000, 10), measured(0, 2000, 16)
    page = median_of([measured(2, 2400, 20).paired_with(fast), measured(2, 1600, 30).paired_with(slow)])
    assert (page.rps, page.rps_ratio) == (2000, 0.8)
    assert page.p99_ratio == (20 / 10 + 30 / 16) / 2
    static = median_of([fast, slow])
    assert page.against(static)[0] == 0.8  # not 2000 / 2500
    report = render([static, measured(1, 2400, 10).paired_with(fast), page], {})
    assert "| 0.80× |" in report
    assert (
        "Adviespagina: 0.80× statisch, 0 fouten — doel ≥ 0.8× zonder fouten (issue 11): **gehaald**" in report
    )
    assert (
        "Startpagina: 0.80× statisch, 0 fouten — doel ≥ 0.9× zonder fouten (issue 11): **NIET gehaald**"
        in report
    )
    assert f"{STATIC_DURATION} s run of the static file just before it" in report


def test_a_round_pairs_every_target_with_a_static_run(monkeypatch):
    from bench import run

    speeds = iter([3000, 2400, 2000, 1000] * len(run.TARGETS))
    calls = []

    def fake_wrk(target, body, duration=run.DURATION):
        calls.append((target.name, duration, target.accept_encoding))
        return run.Measurement(target, 200, next(speeds), 5, 10, 1, 0, 0)

    monkeypatch.setattr(run, "run_wrk", fake_wrk)
    statics: list = []
    runs = run.measure_round("{}", statics)
    assert [name for name, _, _ in calls[::2]] == [run.TARGETS[0].name] * (len(run.TARGETS) - 1)
    assert [name for name, _, _ in calls[1::2]] == [t.name for t in run.TARGETS[1:]]
    assert {d for name, d, _ in calls[::2]} == {run.STATIC_DURATION} and {d for _, d, _ in calls[1::2]} == {
        run.DURATION
    }
    # Each pair asks as its target does: as a browser, or (the identity row) with no Accept-Encoding.
    assert [e for _, _, e in calls[::2]] == [e for _, _, e in calls[1::2]]
    assert {e for _, _, e in calls} == {run.BROWSER_ENCODING, ""}
    assert len(runs) == len(run.TARGETS) - 1
    # The table's static row is the static file as browsers ask for it: the identity pair is left out.
    assert len(statics) == len(runs) - 1
    assert {m.target.accept_encoding for m in statics} == {run.BROWSER_ENCODING}
    assert [m.rps_ratio for m in runs[:2]] == [2400 / 3000, 1000 / 2000]


def test_wrk_asks_as_a_browser_unless_the_target_asks_for_no_compression(monkeypatch):
    from bench import run

    commands = []

    class Done:
        stdout = (
            "  Latency Distribution\n     50%    1.00ms\n     99%    2.00ms\n"
            "  100 requests in 1.00s, 1.00MB read\nRequests/sec:    100.00\n"
        )

    def fake_run(command, **kwargs):
        commands.append(command)
        return Done()

    monkeypatch.setattr(run, "fetch", lambda target, body: 200)
    monkeypatch.setattr(run.subprocess, "run", fake_run)
    browser = next(t for t in run.TARGETS if t.name == "Adviespagina")
    identity = next(t for t in run.TARGETS if t.name == run.IDENTITY_NAME)
    assert browser.path == identity.path
    assert run.run_wrk(browser, "{}").rps == 100
    run.run_wrk(identity, "{}")
    assert commands[0][-3:] == ["-H", f"Accept-Encoding: {run.BROWSER_ENCODING}", run.BASE + browser.path]
    assert "-H" not in commands[1] and commands[1][-1] == run.BASE + identity.path
