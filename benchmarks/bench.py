"""Side-by-side benchmark: whole-process wall time (median after a warm-up), peak memory, pages, bytes.

    pip install '.[bench]' && python benchmarks/bench.py            # 5 runs a case (about 15 minutes)
    python benchmarks/bench.py --runs 3 --skip-per-person            # quicker

Prints a table and the ratios to the targets, and writes both to benchmarks/results.md.
No test asserts timings: this script is where speed goals live.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORKBOOK = [sys.executable, "-c", "from workbook.cli import main; main()"]  # what the console script runs
# Runs one command and reports its peak memory: a fresh wrapper per run, so ru_maxrss is that child's.
MEASURE = ("import resource, subprocess, sys, json, time\n"
           "t = time.perf_counter()\n"
           "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
           "t = time.perf_counter() - t\n"
           "print(json.dumps([r.returncode, t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
           " r.stderr.decode()[-500:]]))\n")
# Python may cache compiled modules, as it does for an installed package (pip compiles a wheel's modules): a
# development shell's PYTHONDONTWRITEBYTECODE would make every run compile this package's source again, and
# only this package's (ReportLab's and the others' are compiled at install). The warm-up run writes the cache.
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
WORDS = ("I remember the summer we drove to the lake and you laughed so hard that everyone turned around "
         "and smiled I am scared when you do not answer your phone and I love you").split()


@dataclass
class Result:
    name: str
    seconds: float
    peak_mib: float
    pages: int = 0
    bytes: int = 0
    runs: list[float] = field(default_factory=list)


def measure(name: str, command: list[str], runs: int, output: Path | None = None) -> Result:
    times, peaks = [], []
    for attempt in range(runs + 1):  # the first run warms the caches and is not counted
        if output is not None:
            shutil.rmtree(output, ignore_errors=True) if output.is_dir() else output.unlink(missing_ok=True)
        raw = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True,
                             env=ENVIRONMENT)
        code, seconds, peak_kib, stderr = json.loads(raw.stdout)
        if code != 0:
            raise SystemExit(f"{name}: exit {code}\n{stderr}")
        if attempt:
            times.append(seconds)
            peaks.append(peak_kib / 1024)
    pages = size = 0
    if output is not None and output.is_file():
        import pikepdf

        with pikepdf.open(output) as pdf:
            pages = len(pdf.pages)
        size = output.stat().st_size
    elif output is not None and output.is_dir():
        import pikepdf

        for pdf_path in output.glob("*.pdf"):
            with pikepdf.open(pdf_path) as pdf:
                pages += len(pdf.pages)
            size += pdf_path.stat().st_size
    result = Result(name, statistics.median(times), max(peaks), pages, size, times)
    print(f"  {name:<38} {result.seconds:8.3f} s {result.peak_mib:7.1f} MiB {pages:6d} p {size:10,d} B", flush=True)
    return result


def write_plan(path: Path, people: int) -> None:
    import random

    import yaml

    rng = random.Random(people)

    def letter() -> str:  # a few hundred words, in paragraphs
        return "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(75)) for _ in range(4))

    plan = {"loved_one": {"name": "Sam"},
            "program": {"name": "Riverside Recovery Center", "phone": "(555) 010-0100"},
            "meeting": {"date": "Saturday, December 5", "time": "9:00 am", "place": "40 Elm Street"},
            "participants": [{"name": f"Person {n} Example", "relationship": "friend", "role": "member",
                              "letter": letter(), "consequences": ["I will not lend you money."],
                              "support": ["I will visit every Sunday."]} for n in range(1, people + 1)]}
    path.write_text(yaml.safe_dump(plan), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="counted runs per case (median), after a warm-up")
    parser.add_argument("--skip-per-person", action="store_true", help="leave out the two --per-person cases")
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="workbook-bench-"))
    r: dict[str, Result] = {}
    print(f"benchmark: {args.runs} runs a case, median wall time; work folder {work}")
    try:
        r["pass"] = measure("python -c pass", [sys.executable, "-c", "pass"], args.runs)
        r["floor"] = measure("import reportlab.platypus (floor)", [sys.executable, "-c", "import reportlab.platypus"],
                             args.runs)
        r["help"] = measure("workbook --help", [*WORKBOOK, "--help"], args.runs)
        r["blank"] = measure("workbook build (blank default)", [*WORKBOOK, "build", "-o", str(work / "blank.pdf")],
                             args.runs, work / "blank.pdf")
        for people in (1, 10, 100):
            plan = work / f"plan-{people}.yaml"
            write_plan(plan, people)
            out = work / f"plan-{people}.pdf"
            r[f"plan{people}"] = measure(f"workbook build PLAN ({people} people)",
                                         [*WORKBOOK, "build", str(plan), "-o", str(out)], args.runs, out)
        filled = work / "plan-10.pdf"  # a built workbook is a filled one: every plan value is in a field
        r["read"] = measure("workbook read (10 people built)", [*WORKBOOK, "read", str(filled), "-o",
                            str(work / "read.yaml"), "--force"], args.runs)
        r["flatten"] = measure("workbook flatten (10 people built)", [*WORKBOOK, "flatten", str(filled), "-o",
                               str(work / "flat.pdf")], args.runs, work / "flat.pdf")
        if not args.skip_per_person:
            cores = str(os.cpu_count() or 1)
            for people, jobs in ((10, cores), (100, "1"), (100, cores)):
                folder = work / f"packets-{people}-{jobs}"
                r[f"per{people}-{jobs}"] = measure(f"--per-person, {people} people, --jobs {jobs}",
                                                   [*WORKBOOK, "build", str(work / f"plan-{people}.yaml"), "-o",
                                                    str(work / "all.pdf"), "--force", "--per-person", str(folder),
                                                    "--jobs", jobs], args.runs, folder)
        for people in (10, 100):
            out = work / f"plain-{people}.pdf"
            r[f"plain{people}"] = measure(f"plain ReportLab ({people} people)",
                                          [sys.executable, str(HERE / "plain_reportlab.py"), str(people), str(out)],
                                          args.runs, out)
        try:
            import typst  # noqa: F401

            for people in (10, 100):
                out = work / f"typst-{people}.pdf"
                r[f"typst{people}"] = measure(f"Typst ({people} people)",
                                              [sys.executable, str(HERE / "typst_doc.py"), str(people), str(out)],
                                              args.runs, out)
        except ImportError:
            print("  Typst: not installed (pip install '.[bench]')")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = render(r, args.runs)
    print("\n" + report)
    args.out.write_text(report, encoding="utf-8")
    print(f"written to {args.out}")


def marginal(r: dict[str, Result], small: str, large: str) -> tuple[float, float]:
    """(seconds, bytes) per extra page from the small case to the large one."""
    pages = r[large].pages - r[small].pages
    return (r[large].seconds - r[small].seconds) / pages, (r[large].bytes - r[small].bytes) / pages


def render(r: dict[str, Result], runs: int) -> str:
    lines = [f"Measured {date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()}, {runs} runs a case "
             "(median wall time, peak memory of the worst run).",
             "", "| case | wall time | peak memory | pages | bytes |", "| --- | ---: | ---: | ---: | ---: |"]
    for result in r.values():
        pages = str(result.pages) if result.pages else ""
        size = f"{result.bytes:,}" if result.bytes else ""
        lines.append(f"| {result.name} | {result.seconds:.3f} s | {result.peak_mib:.1f} MiB | {pages} | {size} |")
    ours_s, ours_b = marginal(r, "plan10", "plan100")
    plain_s, _ = marginal(r, "plain10", "plain100")
    checks = [
        ("fixed cost: blank default / import floor", r["blank"].seconds / r["floor"].seconds, "<= 2.5"),
        ("marginal time per page: ours / plain ReportLab", ours_s / plain_s, "<= 0.45"),
        ("workbook --help / python -c pass", r["help"].seconds / r["pass"].seconds, "<= 5"),
        ("peak memory at 100 people (MiB)", r["plan100"].peak_mib, "<= 64"),
        ("PDF bytes per marginal page (KB)", ours_b / 1000, "<= 2"),
        ("blank default workbook (KB)", r["blank"].bytes / 1000, "<= 400"),
        ("workbook read of a filled workbook (s)", r["read"].seconds, "<= 1"),
        ("workbook flatten / workbook build (10 people)", r["flatten"].seconds / r["plan10"].seconds, "<= 1"),
    ]
    if "typst10" in r:
        typst_s, _ = marginal(r, "typst10", "typst100")
        checks.insert(2, ("marginal time per page: ours / Typst", ours_s / typst_s, "<= 1.5"))
    parallel = [k for k in r if k.startswith("per100-") and k != "per100-1"]
    if parallel:
        small = next(k for k in r if k.startswith("per10-"))
        checks += [
            ("--per-person, 100 people, every core (s)", r[parallel[0]].seconds, "<= 15"),
            ("time a packet: 100 people / 10 people", r[parallel[0]].seconds / 100 / (r[small].seconds / 10), "<= 1.3"),
        ]
        if "per100-1" in r and parallel[0] != "per100-1":
            checks.append(("--per-person speed-up over --jobs 1", r["per100-1"].seconds / r[parallel[0]].seconds,
                           ">= 1.6"))
    lines += ["", f"Marginal cost per page (10 -> 100 people): ours {ours_s * 1000:.2f} ms and {ours_b / 1000:.2f} KB; "
              f"plain ReportLab {plain_s * 1000:.2f} ms"
              + (f"; Typst {marginal(r, 'typst10', 'typst100')[0] * 1000:.2f} ms" if "typst10" in r else "") + ".",
              "", "| ratio | value | target | met |", "| --- | ---: | --- | --- |"]
    for label, value, target in checks:
        op, bound = target.split()
        met = value <= float(bound) if op == "<=" else value >= float(bound)
        lines.append(f"| {label} | {value:.2f} | {target} | {'yes' if met else 'no'} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
