#!/usr/bin/python3
"""bench/report.py: one Markdown report from a directory of benchmark results (standard library only).

Reads, in DIR:
  bench_<suite>.json  Google Benchmark JSON (--benchmark_format=json, repetitions with aggregates); cases are
                      <workload>/<impl>[/<args>]; the median aggregate's CPU time is used (or the single
                      run's, without repetitions), its wall time for an impl on several threads (named
                      *threads, as static_2threads). A "blas" entry in its context (bench_torch's) is the BLAS
                      library its cases ran on, listed under the table.
  pytorch.json        optional: JSON lines {"workload", "impl", "median_us", "blas"} (bench/pytorch_makemore_step.py,
                      bench/pytorch_transformer.py, bench/pytorch_course_models.py)
  <file>.<variant>.json  the same program run again on another set-up (bench_torch.openblas.json: libtorch on
                      OpenBLAS); its implementations are reported as <impl>_<variant> (`torch_openblas`), in the
                      column after <impl>.
  compile_cost.md     optional: bench/compile_cost.sh's Markdown table, copied into the report
  memory.json         optional: {"rows": [{"impl", "peak_rss_mb", "us_per_step", "train_loss", "dev_loss", "note"}]}
  meta.json           optional: {"cpu", "compilers", "flags", "date", "note"} for the report's header
Writes DIR/report.md (and prints it), and unless --no-chart DIR/ratios.dat, DIR/ratios.gp and, when gnuplot
is on the PATH, DIR/ratios.svg: a bar chart of every impl's time over static's, log scale.

Usage: bench/report.py DIR [--no-chart] [--expect FILE]
  --expect FILE   compare the timing table with FILE and exit 1 on a difference (the format test)
"""
import argparse
import json
import math
import os
import shutil
import subprocess
import sys

# Column order; implementations not listed follow in alphabetical order.
IMPL_ORDER = ["static", "hand", "tape", "torch", "pytorch", "ceres", "sacado", "adolc"]  # <impl>_<variant> right after <impl>
# The order of the suites' workloads in the table; suites not listed come after these, alphabetically. A
# <workload>/<impl> names one implementation in all the suites (a test checks the suites' names): two suites
# timing the same name is an error.
SUITE_ORDER = ["static", "nn", "makemore", "tape", "torch", "pytorch", "simd"]
TO_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def format_time(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("us", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def format_ratio(r):
    return f"{r:.2f}" if r < 10 else f"{r:.3g}" if r < 1000 else f"{r:.0f}"


def split_name(run_name):
    """'neuron_4/static' -> ('neuron_4', 'static'); 'draw_dot/tape/100' -> ('draw_dot/100', 'tape')."""
    parts = run_name.split("/")
    if len(parts) < 2:
        return run_name, "?"
    return "/".join([parts[0]] + parts[2:]), parts[1]


def blas_label(path):
    """A reader's name for the BLAS library at `path` (what bench_torch and pytorch_makemore_step.py report)."""
    name = path.lower()
    if "openblas" in name:
        return "OpenBLAS" + (" (OpenMP)" if "openmp" in name else " (pthreads)" if "pthread" in name else "")
    for key, label in (("blis", "BLIS"), ("atlas", "ATLAS"), ("mkl", "MKL")):
        if key in name:
            return label
    if "/blas/libblas" in name:
        return "reference BLAS (Netlib)"
    return os.path.basename(path)


def read_suite(path):
    """{(workload, impl): ns}, context from one Google Benchmark JSON file."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    medians, singles = {}, {}
    for b in data.get("benchmarks", []):
        if b.get("error_occurred") or "cpu_time" not in b:  # errors; complexity fits (BigO, RMS)
            continue
        name = b.get("run_name", b["name"])
        # CPU time, steadier than wall time on a shared machine; but an impl on several threads (its name
        # ends in "threads", e.g. static_2threads) is timed by wall time: CPU time is the calling thread's.
        clock = "real_time" if split_name(name)[1].endswith("threads") else "cpu_time"
        ns = b[clock] * TO_NS[b.get("time_unit", "ns")]
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[split_name(name)] = ns
        else:
            singles.setdefault(split_name(name), ns)  # first repetition, used only without aggregates
    return {**singles, **medians}, data.get("context", {})


def suite_rank(suite):
    return (SUITE_ORDER.index(suite), "") if suite in SUITE_ORDER else (len(SUITE_ORDER), suite)


def impl_rank(impl):
    base, _, variant = impl.partition("_")
    if impl in IMPL_ORDER:
        return (IMPL_ORDER.index(impl), "")
    if base in IMPL_ORDER:
        return (IMPL_ORDER.index(base), variant)
    return (len(IMPL_ORDER), impl)


def collect(directory):
    """times[workload][impl] = ns; origin[workload] = [suite, ...], in first-seen order; blas[impl] = library."""
    suites = {}  # (suite, variant) ("nn", "" for bench_nn.json; "torch", "openblas" for bench_torch.openblas.json) -> file
    for file in os.listdir(directory):
        stem, _, variant = file[: -len(".json")].partition(".")
        if file.endswith(".json") and (stem.startswith("bench_") or stem == "pytorch"):
            suites[(stem.removeprefix("bench_"), variant)] = os.path.join(directory, file)
    times, origin, blas = {}, {}, {}

    def add(suite, variant, workload, impl, ns, library):
        impl = f"{impl}_{variant}" if variant else impl
        row = times.setdefault(workload, {})
        if impl in row:
            sys.exit(f"report.py: {workload}/{impl} is timed by bench_{suite} and by an earlier suite ({', '.join(origin[workload])}); "
                     "each <workload>/<impl> must name one implementation")
        row[impl] = ns
        if suite not in origin.setdefault(workload, []):
            origin[workload].append(suite)
        if library:
            blas[impl] = library

    for suite, variant in sorted(suites, key=lambda k: (suite_rank(k[0]), k[1])):
        path = suites[(suite, variant)]
        if suite == "pytorch":  # JSON lines from bench/pytorch_*.py
            with open(path, encoding="utf-8") as f:
                for r in (json.loads(line) for line in f if line.strip()):
                    add(suite, variant, r["workload"], r["impl"], r["median_us"] * 1e3, r.get("blas"))
            continue
        cases, context = read_suite(path)
        for (workload, impl), ns in cases.items():
            add(suite, variant, workload, impl, ns, context.get("blas"))
    return times, origin, blas


def impl_columns(times):
    return sorted({impl for row in times.values() for impl in row}, key=impl_rank)


def workload_order(times, origin):
    # Workloads with a static case first (in suite order, then by name as the suites list them), then the rest.
    def key(w):
        return ("static" not in times[w], suite_rank(origin[w][0]) if origin.get(w) else (99, ""))
    return sorted(times, key=key)


def timing_table(times, origin):
    impls = impl_columns(times)
    others = [i for i in impls if i != "static"]
    head = ["workload", "suite"] + impls + [f"{i} / static" for i in others]
    lines = ["| " + " | ".join(head) + " |", "| --- | --- | " + " | ".join(["---:"] * (len(head) - 2)) + " |"]
    for w in workload_order(times, origin):
        row = times[w]
        cells = [f"`{w}`", ", ".join(origin.get(w, []))]
        cells += [format_time(row[i]) if i in row else "—" for i in impls]
        for i in others:
            cells.append(format_ratio(row[i] / row["static"]) if "static" in row and i in row else "—")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def blas_notes(blas):
    """One line per peer: the BLAS library its matrix products ran on, as the process itself resolved it."""
    if not blas:
        return ""
    lines = [f"- `{impl}`: {blas_label(path)}, `{path}`" for impl, path in sorted(blas.items(), key=lambda kv: impl_rank(kv[0]))]
    return "BLAS each peer ran on (the library providing `sgemm_` in its process):\n\n" + "\n".join(lines) + "\n"


def memory_table(directory):
    path = os.path.join(directory, "memory.json")
    if not os.path.exists(path):
        return ""
    with open(path, encoding="utf-8") as f:
        rows = json.load(f)["rows"]
    lines = ["| implementation | peak RSS (MB) | us / step | train loss | dev loss | note |", "| --- | ---: | ---: | ---: | ---: | --- |"]
    for r in rows:
        def num(key, fmt):
            return format(r[key], fmt) if isinstance(r.get(key), (int, float)) else "—"
        lines.append(f"| {r['impl']} | {num('peak_rss_mb', '.0f')} | {num('us_per_step', '.0f')} | {num('train_loss', '.4f')} | "
                     f"{num('dev_loss', '.4f')} | {r.get('note', '')} |")
    return "\n".join(lines) + "\n"


def write_chart(directory, times, origin):
    impls = [i for i in impl_columns(times) if i != "static"]
    rows = [w for w in workload_order(times, origin) if "static" in times[w] and any(i in times[w] for i in impls)]
    impls = [i for i in impls if any(i in times[w] for w in rows)]
    if not rows or not impls:
        return None
    dat = os.path.join(directory, "ratios.dat")
    with open(dat, "w", encoding="utf-8") as f:
        f.write("workload " + " ".join(impls) + "\n")
        for w in rows:
            vals = [f"{times[w][i] / times[w]['static']:.6g}" if i in times[w] else "?" for i in impls]
            f.write(w.replace(" ", "_") + " " + " ".join(vals) + "\n")
    top = max(times[w][i] / times[w]["static"] for w in rows for i in impls if i in times[w])
    low = min(times[w][i] / times[w]["static"] for w in rows for i in impls if i in times[w])
    gp = os.path.join(directory, "ratios.gp")
    with open(gp, "w", encoding="utf-8") as f:
        f.write(f"""set terminal svg size 1100,520 dynamic background '#ffffff'
set output '{os.path.join(directory, "ratios.svg")}'
set title 'time / static time, per workload (lower is faster; 1 = as fast as ctgrad static)'
set datafile missing '?'
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set logscale y
set yrange [{10 ** math.floor(math.log10(min(low, 1) * 0.9))}:{10 ** math.ceil(math.log10(max(top, 1) * 1.1))}]
set grid ytics
set xtics rotate by -30 noenhanced
set bmargin 7
set key outside right top noenhanced
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lc rgb '#444444'
plot for [i=2:{len(impls) + 1}] '{dat}' using i:xtic(1) title columnheader(i)
""")
    gnuplot = shutil.which("gnuplot")
    if gnuplot is None:
        return None
    subprocess.run([gnuplot, gp], check=True)
    return os.path.join(directory, "ratios.svg")


def main():
    parser = argparse.ArgumentParser(description="one Markdown report from bench/report.sh's results")
    parser.add_argument("dir")
    parser.add_argument("--no-chart", action="store_true")
    parser.add_argument("--expect", help="compare the timing table with this file; exit 1 on a difference")
    args = parser.parse_args()

    times, origin, blas = collect(args.dir)
    if not times:
        sys.exit(f"report.py: no benchmark results in {args.dir}")
    table = timing_table(times, origin)
    notes = blas_notes(blas)
    if notes:
        table += "\n" + notes
    if args.expect:
        with open(args.expect, encoding="utf-8") as f:
            expected = f.read()
        if table != expected:
            sys.stdout.write("report.py: the table differs from " + args.expect + "\n--- got:\n" + table + "--- expected:\n" + expected)
            sys.exit(1)
        print("report.py: table as expected")
        return

    meta = {}
    if os.path.exists(os.path.join(args.dir, "meta.json")):
        with open(os.path.join(args.dir, "meta.json"), encoding="utf-8") as f:
            meta = json.load(f)
    out = ["# ctgrad benchmark report", ""]
    for key, label in (("date", "date"), ("cpu", "CPU"), ("compilers", "compiler"), ("flags", "flags"), ("peers", "peers"), ("note", "note")):
        if meta.get(key):
            out.append(f"- {label}: {meta[key]}")
    out += ["", "## Time per case", "",
            "Median CPU time of 3 repetitions (Google Benchmark; impls on several threads, `*threads`: wall time); `pytorch`: median wall time of single steps. "
            "`x / static` > 1 means ctgrad's static graph is that many times faster. `torch` and `pytorch` run on the "
            "BLAS a fresh install of Debian's packages brings (the reference BLAS); `torch_<blas>` and `pytorch_<blas>`, "
            "when present, are the same programs on the optimized BLAS installed here.", "", table]
    chart = None if args.no_chart else write_chart(args.dir, times, origin)
    if chart:
        out += [f"Chart: `{os.path.basename(chart)}`", ""]
    cc = os.path.join(args.dir, "compile_cost.md")
    if os.path.exists(cc):
        with open(cc, encoding="utf-8") as f:
            out += ["## Compile cost of a gradient (bench/compile_cost.sh)", "", f.read().rstrip("\n"), ""]
    mem = memory_table(args.dir)
    if mem:
        out += ["## Peak memory of a full makemore MLP training", "", mem]
    text = "\n".join(out).rstrip("\n") + "\n"
    with open(os.path.join(args.dir, "report.md"), "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
