"""`make bench`: the site under gunicorn as `make run` serves it, driven by wrk on 127.0.0.1.

Each URL is warmed, then loaded for DURATION seconds with THREADS threads and
CONNECTIONS connections. The static file measures this server's ceiling; every
other figure is also given as a ratio of it, from the same run. The table and
the machine it ran on are written to docs/performance.md.

All targets are measured in ROUNDS interleaved rounds, and each figure is the median
over the rounds. Each target is paired with a run of the static file just before it
(STATIC_DURATION seconds): its "× statisch" is the median over the rounds of its ratio to
that pair, so a machine whose speed drifts during the run (a shared VM) compares like
with like.

Environment: BENCH_ROUNDS (3), BENCH_DURATION (10), BENCH_STATIC_DURATION (5), BENCH_CONNECTIONS (16), BENCH_THREADS (2),
BENCH_PORT (8799), WEB_CONCURRENCY (2). Run through `make bench`, which prepares
the data and the environment (RUN_ENV) first.
"""

from __future__ import annotations

import dataclasses
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = "q1=2&q2=1&q3=2&q4=1&q5=2"  # the worked example of section V
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
STATIC_DURATION = int(os.environ.get("BENCH_STATIC_DURATION", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
PORT = int(os.environ.get("BENCH_PORT", "8799"))
BASE = f"http://127.0.0.1:{PORT}"
# Targets from issue 5: the advice page and API reach half the static file's throughput.
ADVICE_TARGET = 0.5
# Issue 11: the advice page (with its table of contents, reasons and folded leeswijzers)
# at 0.8 of the static file's throughput, the home page at 0.9.
ADVICE_PAGE_TARGET = 0.8
HOME_TARGET = 0.9
RESULTS_P99_MS = 20.0  # issue 12 (was 50 in issue 5)
# Issue 12: the checklist form, a shared result address, and a team round with 30 answers.
FORM_TARGET = 0.8
SHARED_RESULT_TARGET = 0.5
ROUND_P99_MS = 50.0
ROUND_ANSWERS = 30
SHARED_RESULT_NAME = "Gedeeld checklistresultaat (GET)"
ROUND_PAGE_NAME = f"Groepsmeting, {ROUND_ANSWERS} antwoorden (pagina)"
ROUND_API_NAME = f"Groepsmeting, {ROUND_ANSWERS} antwoorden (API)"
FORM_POST_NAME = "Checklistresultaten (formulier-POST)"
# The form post carries a CSRF token: an unmasked secret, also sent as the cookie.
BENCH_CSRF = "benchcsrf" + "0" * 23
# Issue 15: a result with the national picture, over 10,000 opted-in measurements.
NATIONAL_P99_MS = 50.0
NATIONAL_NAME = "Meting met landelijk beeld (10.000 metingen)"
# Every request asks as Chromium does, so the figures are what a browser gets: whitenoise
# sends the static file brotli-compressed, the response cache a cached page gzipped.
BROWSER_ENCODING = "gzip, deflate, br, zstd"
# The advice page as a client that accepts no compression gets it, paired with the static
# file asked for in the same way.
IDENTITY_NAME = "Adviespagina (zonder compressie)"
# Issue 11's throughput targets by row, the advice page's with and without compression.
ISSUE_11_TARGETS = {
    "Adviespagina": ADVICE_PAGE_TARGET,
    IDENTITY_NAME: ADVICE_PAGE_TARGET,
    "Startpagina": HOME_TARGET,
}


@dataclass
class Target:
    name: str
    path: str
    method: str = "GET"
    shown: str = ""  # the path as the report prints it (private tokens left out)
    form: str = ""  # a form body (urlencoded, with CSRF cookie) instead of the JSON results body
    accept_encoding: str = BROWSER_ENCODING  # "" sends no Accept-Encoding

    @property
    def display(self) -> str:
        return self.shown or self.path


TARGETS = [
    Target("Statisch bestand (plafond)", "/static/cms/css/site.css"),
    Target("Startpagina", "/"),
    Target("Adviespagina", f"/wegwijzer/advies/?{ANSWERS}"),
    Target("Advies-API", f"/api/wegwijzer/advice/?{ANSWERS}"),
    Target("Checklistpagina", "/checklist/"),
    Target("Checklistresultaten (POST)", "/api/checklist/results/", "POST"),
    Target("Advies-PDF (gecached)", f"/wegwijzer/advies/pdf/?{ANSWERS}"),
    Target(IDENTITY_NAME, f"/wegwijzer/advies/?{ANSWERS}", accept_encoding=""),
]
# Issue 14: a cached advice PDF at half the static file's throughput at least.
PDF_TARGET = 0.5
COLD_PDF_COUNT = int(os.environ.get("BENCH_COLD_PDFS", "12"))
# The pages measured again while cold PDFs render next to them.
UNDER_PDF_LOAD = ("Adviespagina", "Checklistpagina")


@dataclass
class Measurement:
    target: Target
    status: int
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    errors: int
    # Against the static file measured right before this run (its pair), as fractions and
    # multiples; None when unpaired (the static file itself): then against the table's first row.
    rps_ratio: float | None = None
    p50_ratio: float | None = None
    p99_ratio: float | None = None

    def against(self, static: Measurement) -> tuple[float, float, float]:
        """Throughput as a fraction of the static file's, p50 and p99 as multiples of its."""
        if self.rps_ratio is None or self.p50_ratio is None or self.p99_ratio is None:
            return self.rps / static.rps, self.p50_ms / static.p50_ms, self.p99_ms / static.p99_ms
        return self.rps_ratio, self.p50_ratio, self.p99_ratio

    def paired_with(self, static: Measurement) -> Measurement:
        """This run with its ratios to the static run just before it."""
        return dataclasses.replace(
            self,
            rps_ratio=self.rps / static.rps,
            p50_ratio=self.p50_ms / static.p50_ms,
            p99_ratio=self.p99_ms / static.p99_ms,
        )


def wait_until_up(timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{BASE}/health/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /health/ in time")


def results_body() -> str:
    with urllib.request.urlopen(f"{BASE}/api/checklist/", timeout=10) as response:  # noqa: S310
        checklist = json.load(response)
    keys = [s["key"] for theme in checklist["themes"] for s in theme["statements"]]
    return json.dumps({"scores": {key: (i % 4) + 1 for i, key in enumerate(keys)}})


def checklist_keys() -> list[str]:
    with urllib.request.urlopen(f"{BASE}/api/checklist/", timeout=10) as response:  # noqa: S310
        checklist = json.load(response)
    return [s["key"] for theme in checklist["themes"] for s in theme["statements"]]


def post_json(path: str, data: object) -> dict:
    request = urllib.request.Request(  # noqa: S310
        BASE + path,
        data=json.dumps(data).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.load(response)


def checklist_targets() -> list[Target]:
    """A shared result address, the results form's post and a team round with ROUND_ANSWERS answers."""
    keys = checklist_keys()
    query = "&".join(f"s{key}={(i % 4) + 1}" for i, key in enumerate(keys))
    form = "&".join(f"score-{key}={(i % 4) + 1}" for i, key in enumerate(keys))
    started = post_json("/api/checklist/rounds/", {"name": "Bench, groepsmeting"})
    participant = urllib.parse.urlsplit(started["api"]["participant"]).path
    for n in range(ROUND_ANSWERS):
        post_json(participant, {"scores": {key: ((n + i) % 4) + 1 for i, key in enumerate(keys)}})
    coordinator_api = urllib.parse.urlsplit(started["api"]["coordinator"]).path
    coordinator_page = urllib.parse.urlsplit(started["links"]["coordinator"]).path
    return [
        Target(SHARED_RESULT_NAME, f"/checklist/resultaat/?{query}", shown="/checklist/resultaat/?s1.1=1&…"),
        Target(
            FORM_POST_NAME, "/checklist/resultaat/", "POST", form=f"{form}&csrfmiddlewaretoken={BENCH_CSRF}"
        ),
        Target(ROUND_PAGE_NAME, coordinator_page, shown="/checklist/ronde/[token]/"),
        Target(ROUND_API_NAME, coordinator_api, shown="/api/checklist/rounds/[token]/"),
    ]


def fetch(target: Target, body: str) -> int:
    data = (target.form or body).encode() if target.method == "POST" else None
    request = urllib.request.Request(BASE + target.path, data=data, method=target.method)  # noqa: S310
    if target.accept_encoding:
        request.add_header("Accept-Encoding", target.accept_encoding)
    if target.form:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        request.add_header("Cookie", f"csrftoken={BENCH_CSRF}")
    else:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            response.read()
            status = int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    if status == 202 and target.method == "GET":  # a cold PDF: warm up on the PDF, not its waiting page
        return timed_get(target.path)[0]
    return status


def to_ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(target: Target, body: str, duration: int = DURATION) -> Measurement:
    status = fetch(target, body)
    for _ in range(20):  # warm caches and connections
        fetch(target, body)
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", "--timeout", "5s"]
    if target.method == "POST":
        command += ["-s", str(ROOT / "bench" / ("post_form.lua" if target.form else "post_json.lua"))]
    if target.accept_encoding:
        command += ["-H", f"Accept-Encoding: {target.accept_encoding}"]
    command.append(BASE + target.path)
    env = {**os.environ, "BENCH_BODY": target.form or body, "BENCH_COOKIE": f"csrftoken={BENCH_CSRF}"}
    out = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout  # noqa: S603
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))

    def percentile(p: str) -> float:
        number, unit = re.match(r"([\d.]+)(\w+)", latency[p]).groups()  # type: ignore[union-attr]
        return to_ms(number, unit)

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return Measurement(
        target=target,
        status=status,
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        p50_ms=percentile("50"),
        p99_ms=percentile("99"),
        requests=int(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


def measure_round(body: str, statics: list[Measurement]) -> list[Measurement]:
    """One round: every target but the static file, each right after a run of the static file.

    Returns the targets' runs, each with its ratios to its pair; the static runs are added
    to `statics`.
    """
    runs = []
    for target in TARGETS[1:]:
        static = run_wrk(
            dataclasses.replace(TARGETS[0], accept_encoding=target.accept_encoding), body, STATIC_DURATION
        )
        if target.accept_encoding == TARGETS[0].accept_encoding:  # the table's static row is as browsers ask
            statics.append(static)
        m = run_wrk(target, body).paired_with(static)
        runs.append(m)
        print(  # noqa: T201
            f"  {target.name:<28} {m.status} {m.rps:>9.0f} req/s  p50 {m.p50_ms:6.2f} ms  "
            f"p99 {m.p99_ms:6.2f} ms  ×{m.rps_ratio:.2f} (statisch ervoor {static.rps:.0f} req/s)  "
            f"non-2xx/errors {m.non_2xx + m.errors}",
            flush=True,
        )
    return runs


def cold_answer_sets(count: int) -> list[str]:
    """`count` answer sets spread over all 3^5 (unanswered, 1, 2), none of them the bench's ANSWERS."""
    sets = []
    for n in range(243):
        digits = [(n // 3**q) % 3 for q in range(5)]
        query = "&".join(f"q{q + 1}={d}" for q, d in enumerate(digits) if d)
        if query != ANSWERS:
            sets.append(query)
    step = max(1, len(sets) // max(count, 1))
    return sets[::step][:count]


@dataclass
class PdfFigures:
    """Cold advice PDFs one after another, and the pages measured while such PDFs render."""

    cold_ms: list[float]
    cold_status: list[int]
    pdf_size: int
    under_load: list[tuple[Measurement, int]]  # (the page under PDF load, PDFs rendered meanwhile)

    def cold_percentile(self, p: float) -> float:
        ordered = sorted(self.cold_ms)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# The waiting page of a PDF being made (pianoo/pdf.py waiting_response): its script asks again after this.
REFRESH = re.compile(rb'data-pdf-wait="(\d+)"')
PDF_WAIT_LIMIT = 120.0


def timed_get(path: str) -> tuple[int, float, int]:
    """A GET as a browser makes it: after a 202 waiting page the address is asked again after its delay until
    the answer is something else (the PDF). (status, ms until that answer, its size)."""
    started = time.monotonic()
    while True:
        request = urllib.request.Request(BASE + path)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                body = response.read()
                status = int(response.status)
        except urllib.error.HTTPError as error:
            status, body = int(error.code), b""
        if status != 202 or time.monotonic() - started > PDF_WAIT_LIMIT:
            break
        refresh = REFRESH.search(body)
        time.sleep(int(refresh.group(1)) if refresh else 2)
    return status, (time.monotonic() - started) * 1000, len(body) if status == 200 else 0


def measure_pdfs(body: str, sets: list[str]) -> PdfFigures:
    """Cold advice PDFs (each answer set's first request), then pages under a loop of cold PDFs."""
    import threading

    cold_ms, cold_status, size = [], [], 0
    for query in sets[:COLD_PDF_COUNT]:
        status, ms, size = timed_get(f"/wegwijzer/advies/pdf/?{query}")
        cold_ms.append(ms)
        cold_status.append(status)
    remaining = iter(sets[COLD_PDF_COUNT:])
    under_load = []
    for target in (t for t in TARGETS if t.name in UNDER_PDF_LOAD):
        stop = threading.Event()
        rendered: list[int] = []

        def render_pdfs(stop: threading.Event = stop, rendered: list[int] = rendered) -> None:
            for query in remaining:
                if stop.is_set():
                    return
                rendered.append(timed_get(f"/wegwijzer/advies/pdf/?{query}")[0])

        loop = threading.Thread(target=render_pdfs)
        loop.start()
        time.sleep(1)  # the first PDF is rendering
        under_load.append((run_wrk(target, body), 0))
        stop.set()
        loop.join()
        under_load[-1] = (under_load[-1][0], sum(1 for status in rendered if status == 200))
    return PdfFigures(cold_ms, cold_status, size, under_load)


def pdf_section(measurements: list[Measurement], pdf: PdfFigures | None) -> str:
    """The PDF figures of issue 14, as a section of docs/performance.md."""
    if pdf is None:
        return ""
    static = measurements[0]
    cached = next((m for m in measurements if m.target.name == "Advies-PDF (gecached)"), None)
    lines = ["## PDF's (issue 14)", ""]
    if cached is not None:
        ratio = cached.against(static)[0]
        # Judged on what wrk measured: the warm-up's first request is the cold render.
        ok = ratio >= PDF_TARGET and not (cached.non_2xx or cached.errors)
        first = (
            ""
            if cached.status == 200
            else f"; het eerste, koude verzoek van de opwarming gaf {cached.status}"
        )
        lines.append(
            f"- Gecachte advies-PDF: {cached.rps:,.0f} verzoeken/s = {ratio:.2f}× statisch "
            f"(p99 {cached.p99_ms:.1f} ms, {cached.non_2xx + cached.errors} niet-2xx{first}) — "
            f"doel ≥ {PDF_TARGET}×: **{'gehaald' if ok else 'NIET gehaald'}**"
        )
    failed = sum(1 for status in pdf.cold_status if status != 200)
    lines.append(
        f"- Koude advies-PDF ({len(pdf.cold_ms)} antwoordsets na elkaar, elk voor het eerst, tijd tot de PDF, ongeveer "
        f"{pdf.pdf_size // 1024} kB): p50 {pdf.cold_percentile(50):,.0f} ms, p99 {pdf.cold_percentile(99):,.0f} ms, "
        f"max {max(pdf.cold_ms):,.0f} ms; {failed} niet-200"
    )
    by_name = {m.target.name: m for m in measurements}
    for loaded, rendered in pdf.under_load:
        alone = by_name[loaded.target.name]
        lines.append(
            f"- {loaded.target.name} terwijl er koude PDF's renderen ({rendered} PDF's in {DURATION} s): "
            f"{loaded.rps:,.0f} verzoeken/s ({loaded.rps / alone.rps:.2f}× zonder PDF's), "
            f"p99 {loaded.p99_ms:.1f} ms (zonder: {alone.p99_ms:.1f} ms), {loaded.non_2xx + loaded.errors} fouten"
        )
    lines += [
        "",
        "A cached advice PDF is served by the response cache like the advice page. A cold one is",
        "not rendered in a gunicorn worker: the request records a job and answers 202 with a page",
        "that asks again every 2 s (pianoo/js/pdf-wait.js); the render process that gunicorn starts beside its workers",
        "(`manage.py render_pdfs`, nice 19) makes the PDF, and the next ask after that gets it; see",
        "docs/pdf.md. A cold figure is the time until the PDF, asking as that page does",
        "does. The loop of cold PDFs above asks for new answer sets one after another, each followed",
        "to its PDF, while wrk measures the page.",
        "",
    ]
    return "\n".join(lines) + "\n"


def median_of(runs: list[Measurement]) -> Measurement:
    """One target over the rounds: the median of each figure, the sum of the errors.

    A single 10-second run on a shared 2-core machine swings by 10-20%; the median of
    rounds that interleave all targets compares like with like. The ratios to the static
    file are the medians of each round's ratio to its pair.
    """

    def median_ratio(name: str) -> float | None:
        ratios = [getattr(m, name) for m in runs]
        return None if None in ratios else statistics.median(ratios)

    return Measurement(
        target=runs[0].target,
        status=max(m.status for m in runs),
        rps=statistics.median(m.rps for m in runs),
        p50_ms=statistics.median(m.p50_ms for m in runs),
        p99_ms=statistics.median(m.p99_ms for m in runs),
        requests=sum(m.requests for m in runs),
        non_2xx=sum(m.non_2xx for m in runs),
        errors=sum(m.errors for m in runs),
        rps_ratio=median_ratio("rps_ratio"),
        p50_ratio=median_ratio("p50_ratio"),
        p99_ratio=median_ratio("p99_ratio"),
    )


def command_output(*command: str) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()  # noqa: S603
    except OSError:
        return "?"


def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem = re.search(r"^MemTotal:\s+(\d+) kB", meminfo, re.M)
    load = os.getloadavg()
    wrk_version = command_output("wrk", "--version").splitlines()
    import django
    import gunicorn
    import wagtail

    return {
        "nproc": str(os.cpu_count()),
        "CPU": model.group(1).strip() if model else platform.processor() or "?",
        "Geheugen": f"{int(mem.group(1)) / 1024 / 1024:.1f} GiB" if mem else "?",
        "Besturingssysteem": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "Python": platform.python_version(),
        "gunicorn": gunicorn.__version__,
        "Django": django.__version__,
        "Wagtail": wagtail.__version__,
        "wrk": wrk_version[0] if wrk_version else "?",
        "Load average vóór de run": f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
        "Database": os.environ.get("DATABASE_URL", "sqlite (db.sqlite3)").split("@")[-1],
        "Cache": "Redis" if os.environ.get("REDIS_URL") else "locmem (per worker)",
    }


def table(measurements: list[Measurement]) -> str:
    """The figures as a Markdown table, each also relative to the first (the static file)."""
    static = measurements[0]
    rows = [
        "| Wat | Verzoek | Status | Verzoeken/s | × statisch | p50 (ms) | × statisch | p99 (ms) | × statisch "
        "| Niet-2xx/fouten |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in measurements:
        rps, p50, p99 = m.against(static)
        rows.append(
            f"| {m.target.name} | `{m.target.method} {m.target.display}` | {m.status} | {m.rps:,.0f} | "
            f"{rps:.2f}× | {m.p50_ms:.2f} | {p50:.1f}× | "
            f"{m.p99_ms:.2f} | {p99:.1f}× | {m.non_2xx + m.errors} |"
        )
    return "\n".join(rows)


# Sections of docs/performance.md that another bench writes (bench/cluster.py's scale-out
# figures), between <!-- name:start --> and <!-- name:end -->: `make bench` keeps them.
KEPT_SECTIONS = ("bench-cluster",)


def marked_section(text: str, name: str) -> str:
    """The `name` section of `text`, markers included, or "" when it has none."""
    match = re.search(rf"^<!-- {name}:start -->$.*?^<!-- {name}:end -->$\n?", text, re.M | re.S)
    return match.group(0) if match else ""


def with_section(text: str, name: str, section: str) -> str:
    """`text` with its `name` section replaced by `section` (appended when it has none)."""
    if not section:
        return text
    old = marked_section(text, name)
    if old:
        return text.replace(old, section.rstrip("\n") + "\n", 1)
    return text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"


def render(measurements: list[Measurement], info: dict[str, str], pdf: PdfFigures | None = None) -> str:
    static = measurements[0]
    verdicts = []
    issue_11 = []
    for m in measurements:
        ratio = m.against(static)[0]
        clean = m.non_2xx == 0 and m.errors == 0 and m.status == 200
        if m.target.name in ("Adviespagina", "Advies-API"):
            ok = ratio >= ADVICE_TARGET and clean
            verdicts.append(
                f"- {m.target.name}: {ratio:.2f}× statisch, {m.non_2xx + m.errors} fouten — "
                f"doel ≥ {ADVICE_TARGET}× zonder fouten: **{'gehaald' if ok else 'NIET gehaald'}**"
            )
        if m.target.name in ISSUE_11_TARGETS:
            goal = ISSUE_11_TARGETS[m.target.name]
            issue_11.append(
                f"- {m.target.name}: {ratio:.2f}× statisch, {m.non_2xx + m.errors} fouten — "
                f"doel ≥ {goal}× zonder fouten (issue 11): **{'gehaald' if ratio >= goal and clean else 'NIET gehaald'}**"
            )
        if m.target.name == NATIONAL_NAME:
            ok = m.p99_ms < NATIONAL_P99_MS and m.non_2xx == 0 and m.status == 200
            verdicts.append(
                f"- {m.target.name}: p99 {m.p99_ms:.1f} ms — doel < {NATIONAL_P99_MS:.0f} ms: "
                f"**{'gehaald' if ok else 'NIET gehaald'}**"
            )
        ratio_targets = {"Checklistpagina": FORM_TARGET, SHARED_RESULT_NAME: SHARED_RESULT_TARGET}
        if m.target.name in ratio_targets:
            goal = ratio_targets[m.target.name]
            ok = ratio >= goal and clean
            verdicts.append(
                f"- {m.target.name}: {ratio:.2f}× statisch — doel ≥ {goal}× (issue 12): "
                f"**{'gehaald' if ok else 'NIET gehaald'}**"
            )
        if m.target.name in (ROUND_PAGE_NAME, ROUND_API_NAME):
            ok = m.p99_ms < ROUND_P99_MS and m.non_2xx == 0 and m.status == 200
            verdicts.append(
                f"- {m.target.name}: p99 {m.p99_ms:.1f} ms — doel < {ROUND_P99_MS:.0f} ms (issue 12): "
                f"**{'gehaald' if ok else 'NIET gehaald'}**"
            )
        if m.target.method == "POST":
            ok = m.p99_ms < RESULTS_P99_MS and m.non_2xx == 0
            verdicts.append(
                f"- {m.target.name}: p99 {m.p99_ms:.1f} ms — doel < {RESULTS_P99_MS:.0f} ms: "
                f"**{'gehaald' if ok else 'NIET gehaald'}**"
            )
    machine_rows = "\n".join(f"| {k} | {v} |" for k, v in info.items())
    return f"""# Performance

Generated by `make bench` (bench/run.py) on {time.strftime("%Y-%m-%d %H:%M %Z")}; do not edit by hand.

The site runs as `make run` serves it: gunicorn with {os.environ.get("WEB_CONCURRENCY", "2")} sync
workers, whitenoise for static files, `pianoo.settings.production` with `DJANGO_HTTPS=false` on
127.0.0.1. Logging is on as in `make run` (our JSON request log, one line per request,
written to /dev/null here instead of a terminal). Rate limiting is off during the run, so that
the figures measure the pages and not 429s: one client posting results thousands of times a
second is exactly what the limit stops.
wrk runs on the same machine ({THREADS} threads, {CONNECTIONS} connections, {DURATION} s per URL,
after 20 warm-up requests), so it competes with the server for the same cores. All URLs are
measured in {ROUNDS} interleaved rounds; each figure below is the median over the rounds
(requests/s, p50 and p99 each on their own), errors are summed.

"× statisch" compares with the static file in this same run: throughput as a fraction of
the static file's, latency as a multiple of the static file's. Each URL is paired with a
{STATIC_DURATION} s run of the static file just before it, and its ratio is the median over the rounds
of its ratio to that pair; the static file's own row is the median of all its runs. (A
shared machine's speed drifts over the minutes a round takes: the static file measured
once per round made the advice page's ratio swing from 0.66× to 0.87× between rounds.)

Every request says `Accept-Encoding: {BROWSER_ENCODING}`, as Chromium does, so each figure is
what a browser gets: whitenoise sends the static file brotli-compressed (its .br from
collectstatic), the response cache sends a cached page or API answer gzipped, compressed once
when it was stored (pianoo/gzip_chunks.py; the advice page's 124 kB become 23 kB). Other
responses go out uncompressed. "{IDENTITY_NAME}" is the advice page for a client that sends
no Accept-Encoding, paired with the static file asked for in the same way.

{table(measurements)}

## Doelen (issue 5)

{chr(10).join(verdicts)}

## Doelen (issue 11)

{chr(10).join(issue_11)}

{pdf_section(measurements, pdf)}## Waarom de advieswaarden zo dicht bij statisch liggen

There are only 3⁵ answer combinations and advice changes only on publish, so the whole
advice response (page and API) is cached per content version and answers
(`pianoo/response_cache.py`), and so is the landing page: a hit costs one indexed query for
the content version and one cache get, and skips URL routing, Wagtail's page lookup, DRF
and template rendering. Publishing bumps the version in the database, so the next request
in every process renders afresh. CSRF tokens in cached pages are replaced per visitor; the
advice page has one feedback form per page (not per item), so one token. A cached page is
kept gzipped too, compressed once when stored, and goes out with a Content-Length, so a hit
sends 23 kB instead of 124 kB and compresses nothing (`pianoo/gzip_chunks.py`). See
docs/caching.md and docs/deployment.md.

The checklist form is a GET form with no per-visitor token, so it is cached whole like the
advice page; a shared result address (`/checklist/resultaat/?s1.1=3&…`) is cached per content
version and scores once someone opened it, with the CSRF token of its save form renewed per hit
(that token doubles as the save's double-submit nonce). The results API (POST) is scored per
request from the cached statements, its JSON encoded with orjson (`pianoo/renderers.py`). The
results form's post (303 to the result address) and the private checklist pages skip Wagtail's
walk of the page tree (`pianoo/page_routes.py`). A team round's coordinator page and its
participant form are cached whole per state (the round's name, status and answers: their
number and last change, with the series', content and national versions, read in one query),
tokens and CSRF tokens filled in per response, so a look at a round costs 2 queries and no
rendering until something it shows changed (`checklist/round_pages.py`; docs/caching.md). A saved measurement's page (with the national
picture of 10,000 measurements) is cached whole per state: the measurement, its series'
version (bumped by every change it shows), the content and national versions and the chosen
kind, its private tokens replaced by markers in the stored copy; a hit is three small queries
and no rendering (`checklist/page_cache.py`; docs/caching.md).

## Machine

| | |
|---|---|
{machine_rows}
"""


def national_data(action: str) -> dict[str, str]:
    """Create (or delete) the 10,000 opted-in measurements of bench/national_data.py."""
    out = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "bench" / "national_data.py"), action],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return json.loads(out) if out else {}


def forget_pdfs() -> None:
    """Delete the PDF jobs of earlier runs: their finished PDFs would make the cold figures warm."""
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from pianoo.models import PdfJob; PdfJob.objects.all().delete()",
        ],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )


def main() -> int:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk); `make bench` installs it.")
    env = {**os.environ, "DJANGO_RATELIMIT_ENABLED": "false"}
    paths = national_data("create")
    forget_pdfs()
    TARGETS.append(
        Target(
            NATIONAL_NAME, f"/checklist/meting/{paths['measurement']}/", shown="/checklist/meting/[token]/"
        )
    )
    server = subprocess.Popen(  # noqa: S603
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "pianoo.wsgi", "--config", "gunicorn.conf.py"]
        + ["--bind", f"127.0.0.1:{PORT}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_until_up()
        TARGETS.extend(checklist_targets())
        info = machine()
        body = results_body()
        rounds: list[list[Measurement]] = []
        statics: list[Measurement] = []
        for number in range(1, ROUNDS + 1):
            print(f"Ronde {number} van {ROUNDS}", flush=True)  # noqa: T201
            rounds.append(measure_round(body, statics))
        measurements = [median_of(statics)]
        measurements += [median_of([r[i] for r in rounds]) for i in range(len(TARGETS) - 1)]
        print("PDF's: koud, en pagina's terwijl PDF's renderen", flush=True)  # noqa: T201
        pdf = measure_pdfs(body, cold_answer_sets(COLD_PDF_COUNT + 40))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        national_data("delete")
    report = render(measurements, info, pdf)
    out = ROOT / "docs" / "performance.md"
    out.parent.mkdir(exist_ok=True)
    previous = out.read_text(encoding="utf-8") if out.exists() else ""
    for name in KEPT_SECTIONS:
        report = with_section(report, name, marked_section(previous, name))
    out.write_text(report, encoding="utf-8")
    print(f"Written to {out.relative_to(ROOT)}.")  # noqa: T201
    advice = [m for m in measurements if m.target.name in ("Adviespagina", "Advies-API")]
    failed = [m for m in advice if m.status != 200 or m.non_2xx or m.errors]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
