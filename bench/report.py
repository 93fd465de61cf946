#!/usr/bin/python3
"""bench/report.py: one Markdown report from a directory of benchmark results (standard library only).

Reads, in DIR:
  bench_<suite>.json  Google Benchmark JSON (--benchmark_format=json, repetitions with aggregates); cases are
                      <workload>/<impl>[/<args>]; the median aggregate's CPU time is used (or the single
                      run's, without repetitions).
  pytorch.json        optional: one JSON line {"workload", "impl", "median_us"} (bench/pytorch_makemore_step.py)
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
IMPL_ORDER = ["static", "hand", "tape", "torch", "pytorch"]
# When two suites time the same <workload>/<impl> (bench_simd and bench_nn both have layer_30x200_b32/hand),
# the earlier suite here wins; suites not listed come after these, alphabetically.
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


def read_suite(path):
    """{(workload, impl): ns} from one Google Benchmark JSON file."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    medians, singles = {}, {}
    for b in data.get("benchmarks", []):
        if b.get("error_occurred") or "cpu_time" not in b:  # errors; complexity fits (BigO, RMS)
            continue
        name = b.get("run_name", b["name"])
        ns = b["cpu_time"] * TO_NS[b.get("time_unit", "ns")]
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[split_name(name)] = ns
        else:
            singles.setdefault(split_name(name), ns)  # first repetition, used only without aggregates
    return {**singles, **medians}


def suite_rank(suite):
    return (SUITE_ORDER.index(suite), "") if suite in SUITE_ORDER else (len(SUITE_ORDER), suite)


def collect(directory):
    """times[workload][impl] = ns, suites[workload] = [suite, ...], in first-seen order."""
    suites = {}  # suite name ("nn" for bench_nn.json) -> file
    for file in os.listdir(directory):
        if file.startswith("bench_") and file.endswith(".json"):
            suites[file[: -len(".json")].removeprefix("bench_")] = os.path.join(directory, file)
    times, origin = {}, {}
    for suite in sorted(suites, key=suite_rank):
        for (workload, impl), ns in read_suite(suites[suite]).items():
            row = times.setdefault(workload, {})
            if impl not in row:
                row[impl] = ns
                if suite not in origin.setdefault(workload, []):
                    origin[workload].append(suite)
    pytorch = os.path.join(directory, "pytorch.json")
    if os.path.exists(pytorch):
        with open(pytorch, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    times.setdefault(r["workload"], {})[r["impl"]] = r["median_us"] * 1e3
                    origin.setdefault(r["workload"], []).append("pytorch")
    return times, origin


def impl_columns(times):
    seen = {impl for row in times.values() for impl in row}
    return [i for i in IMPL_ORDER if i in seen] + sorted(seen - set(IMPL_ORDER))


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
        f.write(f"""set terminal svg size 1000,520 dynamic background '#ffffff'
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
set rmargin 10
set key top left noenhanced
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

    times, origin = collect(args.dir)
    if not times:
        sys.exit(f"report.py: no benchmark results in {args.dir}")
    table = timing_table(times, origin)
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
            "Median CPU time of 3 repetitions (Google Benchmark); `pytorch`: median wall time of single steps. "
            "`x / static` > 1 means ctgrad's static graph is that many times faster.", "", table]
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
