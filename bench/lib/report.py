#!/usr/bin/env python3
"""Turns bench/run's raw results into the Markdown table (stdout), the JSON file, the ratio chart and, with
--publish, docs/benchmarks.md. Only the standard library and gnuplot."""
import argparse
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

CONTENDERS = ["direct", "ssh", "localtunnel", "pagekite", "portway"]
HEADS = {"direct": "direct", "ssh": "ssh -R", "localtunnel": "localtunnel", "pagekite": "PageKite", "portway": "Portway",
         "socat": "socat"}
# The ratio columns: Portway's median over each of these.
OTHERS = ["ssh", "localtunnel", "pagekite", "direct"]
# (case, metric): the row's label; the order of the table.
ROWS = [
    ("keepalive", "req/s", "HTTP keep-alive, 64 conn., 1 KiB: req/s"),
    ("keepalive", "p50", "HTTP keep-alive: p50 ms"),
    ("keepalive", "p99", "HTTP keep-alive: p99 ms"),
    ("close", "req/s", "HTTP new connections: req/s"),
    ("download", "MB/s", "{size} download: MB/s"),
    ("upload", "MB/s", "{size} upload: MB/s"),
    ("tcp1", "Gbit/s", "TCP bulk, 1 stream: Gbit/s"),
    ("tcp8", "Gbit/s", "TCP bulk, 8 streams: Gbit/s"),
    ("fairness", "p99 alone", "Fairness: p99 ms, small requests alone"),
    ("fairness", "p99 under bulk", "Fairness: p99 ms, under a bulk download"),
    ("fairness", "slowdown", "Fairness: p99 under bulk / alone"),
    ("h2streams", "req/s", "HTTP/2, 50 streams on 1 conn., 1 KiB: req/s"),
    ("h2streams", "mean", "HTTP/2, 50 streams on 1 conn.: mean ms"),
    ("h2conns", "req/s", "HTTP/2, 64 conn., 1 stream each: req/s"),
    ("h2conns", "mean", "HTTP/2, 64 conn.: mean ms"),
    ("h1tls", "req/s", "HTTPS HTTP/1.1 keep-alive, 64 conn. (h2load --h1): req/s"),
    ("h1tls", "mean", "HTTPS HTTP/1.1 keep-alive: mean ms"),
    ("scale", "server heap before", "Scale: server heap after GC, before: MiB"),
    ("scale", "idle visitors open", "Scale: {visitors} idle visitors, open"),
    ("scale", "idle visitors refused", "Scale: idle visitors refused or failed"),
    ("scale", "server heap, idle visitors", "Scale: server heap after GC, idle visitors: MiB"),
    ("scale", "server RSS, idle visitors", "Scale: server RSS, idle visitors: MB"),
    ("scale", "agent RSS, idle visitors", "Scale: agent RSS, idle visitors: MB"),
    ("scale", "tunnels online", "Scale: tunnels online (of {tunnels})"),
    ("scale", "server heap, tunnels", "Scale: server heap after GC, {tunnels} tunnels: MiB"),
    ("scale", "server RSS, tunnels", "Scale: server RSS, {tunnels} tunnels: MB"),
    ("scale", "agent RSS, tunnels", "Scale: agent RSS, {tunnels} tunnels in one JVM: MB"),
    ("footprint", "agent RSS after start", "Footprint: idle agent RSS after start: MB"),
    ("footprint", "agent RSS after runs", "Footprint: idle agent RSS after the runs: MB"),
    ("footprint", "server RSS after start", "Footprint: idle server RSS after start: MB"),
    ("footprint", "server RSS after runs", "Footprint: idle server RSS after the runs: MB"),
    ("footprint", "CLI --help", "Footprint: `portway --help`: s"),
]
# The udp case has a table of its own: a plain socat relay is its floor, and the TCP-only peers say they carry no UDP.
UDP_CONTENDERS = ["direct", "socat", "ssh", "localtunnel", "pagekite", "portway"]
UDP_OTHERS = ["direct", "socat"]
UDP_METRICS = [("Mbit/s", "received Mbit/s"), ("loss", "loss %"), ("jitter", "jitter ms"),
               ("CPU s/GB", "relay CPU s per GB received")]
# The chart: throughput cases, where a ratio above 1 means Portway is ahead.
CHART = [("keepalive", "req/s", "keep-alive req/s"), ("close", "req/s", "new conn. req/s"),
         ("download", "MB/s", "download"), ("upload", "MB/s", "upload"),
         ("tcp1", "Gbit/s", "TCP 1 stream"), ("tcp8", "Gbit/s", "TCP 8 streams"),
         ("h2streams", "req/s", "h2, 50 streams"), ("h2conns", "req/s", "h2, 64 conn.")]


def load(path):
    cells = {}
    for line in Path(path).read_text().splitlines():
        if not line.strip():
            continue
        case, contender, metric, unit, better, value, note = (line.split("\t") + [""])[:7]
        cell = {"case": case, "contender": contender, "metric": metric, "unit": unit, "better": better}
        if note:
            cell["note"] = note
        if value.startswith("n/a"):
            cell["na"] = value[4:] or "not measured"
        else:
            runs = [float(v) for v in value.split()]
            cell.update(runs=runs, median=statistics.median(runs), min=min(runs), max=max(runs))
        cells[(case, contender, metric)] = cell
    # Derived: the fairness slowdown per contender, from the two medians.
    for c in CONTENDERS:
        alone = cells.get(("fairness", c, "p99 alone"))
        loaded = cells.get(("fairness", c, "p99 under bulk"))
        if alone and loaded:
            cell = {"case": "fairness", "contender": c, "metric": "slowdown", "unit": "x", "better": "lower"}
            if "median" in alone and "median" in loaded and alone["median"] > 0:
                v = loaded["median"] / alone["median"]
                cell.update(runs=[v], median=v, min=v, max=v)
            else:
                cell["na"] = alone.get("na") or loaded.get("na")
            cells[("fairness", c, "slowdown")] = cell
    return cells


def median(cells, case, contender, metric):
    cell = cells.get((case, contender, metric))
    return cell["median"] if cell and "median" in cell else None


def ratio(cells, case, metric, other):
    p, o = median(cells, case, "portway", metric), median(cells, case, other, metric)
    return p / o if p is not None and o else None


def number(v):
    if v is None:
        return "n/a"
    a = abs(v)
    return f"{v:.0f}" if a >= 1000 else f"{v:.1f}" if a >= 100 else f"{v:.2f}" if a >= 1 else f"{v:.3f}"


def shown(v):
    return number(v) if v is None or v != int(v) else f"{v:.0f}"


def cell_text(cell):
    if cell is None:
        return ""
    if "na" in cell:
        return f"n/a ({cell['na']})"
    warn = f" ⚠ {cell['note']}" if cell.get("note") else ""
    if cell["unit"] == "count":
        return f"{cell['median']:.0f}{warn}"
    if len(cell["runs"]) == 1:
        return number(cell["median"]) + warn
    return f"{number(cell['median'])} ({number(cell['min'])}–{number(cell['max'])}){warn}"


# Rows with a target of their own; "every other case no worse than today" covers the rest of Portway's rows.
OWN_TARGET = {("keepalive", "req/s"), ("keepalive", "p99"), ("close", "req/s"), ("download", "MB/s"),
              ("upload", "MB/s"), ("tcp1", "Gbit/s"), ("h2streams", "req/s"),
              ("footprint", "agent RSS after start"), ("footprint", "agent RSS after runs"),
              ("footprint", "server RSS after runs")}
# Medians move this much between rounds on 2 cores: within it, a row counts as no worse.
NO_WORSE_SLACK = 0.10


def no_worse(cells, meta, base):
    """Portway's other rows against the published run ("today"): its ratio to direct where both runs measured
    direct (that ratio carries across machines, the one to ssh does not), else its own median."""
    t = []
    if base is None:
        return t
    same_size = all(base.get(k) == meta.get(k) for k in ("quick", "visitors", "tunnels", "size_mib"))
    old = {(r["case"], r["contender"], r["metric"]): r for r in base.get("results", [])}

    def med(src, case, c, metric):
        cell = src.get((case, c, metric))
        return cell["median"] if cell and "median" in cell else None
    for case, metric, label in ROWS:
        if (case, metric) in OWN_TARGET or (case, "portway", metric) not in old:
            continue
        if case == "scale" and not same_size:
            continue
        better = old[(case, "portway", metric)].get("better", "higher")
        now, then = med(cells, case, "portway", metric), med(old, case, "portway", metric)
        d_now, d_then = med(cells, case, "direct", metric), med(old, case, "direct", metric)
        how = "Portway's"
        # The slowdown is already Portway's own ratio (under bulk / alone): compared as it is.
        if metric != "slowdown" and d_now and d_then and now is not None and then is not None:
            now, then, how = now / d_now, then / d_then, "Portway/direct"
        name = label.format(size="", visitors=f"{meta['visitors']:,}", tunnels=meta["tunnels"]).strip()
        if old[(case, "portway", metric)].get("unit") == "count":   # counts: as many or more (fewer) than then
            sign = "≤" if better == "lower" else "≥"
            t.append({"target": f"no worse than run {base.get('stamp', '?')}: {name}", "value": now,
                      "goal": f"{sign} {then:.0f}", "pass": None if now is None or then is None else
                      bool(now <= then if better == "lower" else now >= then)})
            continue
        value = now / then if now is not None and then else None
        if better == "lower":
            goal, ok = f"≤ {1 + NO_WORSE_SLACK:.1f}", (lambda v: v <= 1 + NO_WORSE_SLACK)
        else:
            goal, ok = f"≥ {1 - NO_WORSE_SLACK:.1f}", (lambda v: v >= 1 - NO_WORSE_SLACK)
        t.append({"target": f"no worse than run {base.get('stamp', '?')}: {name} ({how}, now / then)",
                  "value": value, "goal": goal, "pass": None if value is None else bool(ok(value))})
    return t


def targets(cells, meta, base=None):
    t = []

    def add(name, value, goal, ok):
        t.append({"target": name, "value": value, "goal": goal,
                  "pass": None if value is None else bool(ok(value))})

    for case in ("download", "upload"):
        add(f"{case} ≥ 2× ssh -R", ratio(cells, case, "MB/s", "ssh"), "≥ 2", lambda v: v >= 2)
        add(f"{case} ≥ 0.5× direct", ratio(cells, case, "MB/s", "direct"), "≥ 0.5", lambda v: v >= 0.5)
    add("TCP bulk, 1 stream ≥ 2× ssh -R", ratio(cells, "tcp1", "Gbit/s", "ssh"), "≥ 2", lambda v: v >= 2)
    add("HTTP new connections req/s ≥ 1.5× ssh -R", ratio(cells, "close", "req/s", "ssh"), "≥ 1.5",
        lambda v: v >= 1.5)
    add("HTTP new connections req/s ≥ 0.4× direct", ratio(cells, "close", "req/s", "direct"), "≥ 0.4",
        lambda v: v >= 0.4)
    add("HTTP keep-alive req/s ≥ 0.5× direct", ratio(cells, "keepalive", "req/s", "direct"), "≥ 0.5",
        lambda v: v >= 0.5)
    add("HTTP keep-alive p99 below ssh -R's (Portway/ssh)", ratio(cells, "keepalive", "p99", "ssh"), "< 1",
        lambda v: v < 1)
    # Portway against itself: HTTP/2 with 50 streams on one connection over HTTP/1.1 with 64 keep-alive
    # connections; first both over TLS (h2load on the HTTPS edge), then against the plain-HTTP wrk case.
    h2 = median(cells, "h2streams", "portway", "req/s")
    for case, how in (("h1tls", "HTTPS, h2load --h1"), ("keepalive", "plain HTTP, wrk")):
        h1 = median(cells, case, "portway", "req/s")
        add(f"HTTP/2, 50 streams on 1 conn.: req/s ≥ 64 HTTP/1.1 keep-alive conn. ({how}; Portway/Portway)",
            h2 / h1 if h2 is not None and h1 else None, "≥ 1", lambda v: v >= 1)
    add("idle agent ≤ 64 MB RSS (after start)", median(cells, "footprint", "portway", "agent RSS after start"),
        "≤ 64", lambda v: v <= 64)
    add("idle agent ≤ 80 MB RSS (after the runs)", median(cells, "footprint", "portway", "agent RSS after runs"),
        "≤ 80", lambda v: v <= 80)
    add("idle server ≤ 160 MB RSS (after the runs)", median(cells, "footprint", "portway", "server RSS after runs"),
        "≤ 160", lambda v: v <= 160)
    return t + no_worse(cells, meta, base)


def table(cells, meta):
    size = f"{meta['size_mib'] // 1024} GiB" if meta["size_mib"] >= 1024 else f"{meta['size_mib']} MiB"
    cols = [c for c in CONTENDERS]
    out = ["| case | " + " | ".join(HEADS[c] for c in cols) + " |"
           + "".join(f" Portway/{HEADS[o]} |" for o in OTHERS),
           "|---|" + "---|" * (len(cols) + len(OTHERS))]
    for case, metric, label in ROWS:
        row = [cells.get((case, c, metric)) for c in cols]
        if all(r is None for r in row):
            continue
        ratios = [ratio(cells, case, metric, o) for o in OTHERS]
        out.append("| " + label.format(size=size, visitors=f"{meta['visitors']:,}", tunnels=meta["tunnels"])
                   + " | " + " | ".join(cell_text(r) for r in row) + " | "
                   + " | ".join("" if r is None else f"{r:.2f}" for r in ratios) + " |")
    return "\n".join(out)


def udp_rows(meta):
    """(case, metric, label) per run of iperf3 -u (bench/run's udp_runs: a rate in Mbit/s, "r" at its end for one
    back, -R), in the table's order."""
    def run(r):
        return f"{r[:-1]} Mbit/s back (origin → visitor)" if r.endswith("r") else f"{r} Mbit/s"
    return [(f"udp{r}", metric, f"UDP {run(r)}, {meta.get('udp_datagram_bytes', 1200)} B datagrams: {what}")
            for r in meta.get("udp_runs", []) for metric, what in UDP_METRICS]


def udp_compare(cells, case, metric, other):
    """Portway against OTHER: a ratio, but for loss the difference in points (a ratio of percentages near 0 says
    nothing)."""
    if metric != "loss":
        return ratio(cells, case, metric, other)
    p, o = median(cells, case, "portway", metric), median(cells, case, other, metric)
    return p - o if p is not None and o is not None else None


def udp_table(cells, meta):
    """The udp case: its rows, or "" when the run did not measure it."""
    rows = [r for r in udp_rows(meta) if any((r[0], c, r[1]) in cells for c in UDP_CONTENDERS)]
    if not rows:
        return ""
    out = ["| case | " + " | ".join(HEADS[c] for c in UDP_CONTENDERS) + " |"
           + "".join(f" Portway/{HEADS[o]} |" for o in UDP_OTHERS),
           "|---|" + "---|" * (len(UDP_CONTENDERS) + len(UDP_OTHERS))]
    for case, metric, label in rows:
        vs = [udp_compare(cells, case, metric, o) for o in UDP_OTHERS]
        compared = ["" if v is None else f"{v:+.2f} points" if metric == "loss" else f"{v:.2f}" for v in vs]
        out.append(f"| {label} | " + " | ".join(cell_text(cells.get((case, c, metric))) for c in UDP_CONTENDERS)
                   + " | " + " | ".join(compared) + " |")
    return "\n".join(out)


def chart(cells, png):
    if not shutil.which("gnuplot"):
        return False
    data = png.with_suffix(".dat")
    lines = []
    for case, metric, label in CHART:
        vals = [ratio(cells, case, metric, o) for o in OTHERS]
        if any(v is not None for v in vals):
            lines.append('"' + label + '" ' + " ".join("NaN" if v is None else f"{v:.4f}" for v in vals))
    if not lines:
        return False  # e.g. --only scale: no case with a ratio to draw
    data.write_text("\n".join(lines) + "\n")
    script = f"""
set terminal pngcairo size 1200,560 font ",11"
set output "{png}"
set title "Portway's throughput as a multiple of each contender's (above 1: Portway ahead)"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y 2
set yrange [0.0078125:4096]
set ytics ("1/128" 0.0078125, "1/32" 0.03125, "1/8" 0.125, "1/2" 0.5, "1" 1, "2" 2, "4" 4, "8" 8, "32" 32, "128" 128, "1024" 1024, "4096" 4096)
set grid ytics
set key top left
set datafile missing "NaN"
set arrow from graph 0, first 1 to graph 1, first 1 nohead lw 2 lc rgb "black"
plot "{data}" using 2:xtic(1) title "Portway / ssh -R" lc rgb "#1f77b4", \\
     "" using 3 title "Portway / localtunnel" lc rgb "#2ca02c", \\
     "" using 4 title "Portway / PageKite" lc rgb "#ff7f0e", \\
     "" using 5 title "Portway / direct" lc rgb "#7f7f7f"
"""
    ok = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    data.unlink()
    if ok.returncode != 0:
        print("gnuplot failed: " + ok.stderr.strip(), file=sys.stderr)
        return False
    return True


def markdown_doc(meta, tbl, udp, tgts, png_name, changes):
    m, v = meta["machine"], meta["versions"]
    lines = [
        "# Benchmarks",
        "",
        "Measured by `bench/run` (see `bench/README.md`): every contender (direct, `ssh -R`, localtunnel, PageKite, "
        "Portway; for UDP also a plain socat relay) on one machine over loopback, in the "
        "same run, contenders interleaved round by round; each figure is the median of "
        f"{meta['rounds']} round(s) after a warm-up, with the spread (min–max) in brackets. 1 MB = 10^6 bytes.",
        "Ratios are Portway's median over the other's: above 1 is better for throughput, below 1 for "
        "latency and memory.",
        "",
        f"Run {meta['stamp']}{' (--quick)' if meta['quick'] else ''}, {meta['seconds']} s.",
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']}, {m['cores']} cores; RAM {m['ram']}; {m['kernel']}; load average before measuring "
        f"{m.get('load_before', '?')}, at the end {m['load_at_end']}",
        f"- JDK: {v['jdk']}",
        f"- nginx: {v['nginx']}; ssh: {v['ssh']} (cipher {v['ssh_cipher'] or 'unknown'}); wrk: {v['wrk']}",
        f"- iperf3: {v['iperf3']}; node {v['node']}; {v['localtunnel']}; PageKite {v.get('pagekite', '?')}; "
        f"{v.get('h2load', 'h2load ?')}; socat {v.get('socat', '?')}",
        f"- Portway: {v['portway']}",
        "",
        "## Results",
        "",
        tbl,
        "",
    ]
    if udp:
        lines += [
            f"UDP: `iperf3 -u` for {meta.get('udp_seconds', '?')} s at each rate (back: `-R`, the origin sends), the "
            "loss and jitter the receiver counted; socat is a plain user-space UDP relay (`socat UDP4-LISTEN:PORT,fork UDP4:ORIGIN`); relay CPU "
            "is Portway's server + agent (socat's processes) per 10^9 bytes received.",
            "",
            udp,
            "",
        ]
    lines += [
        f"![Portway's throughput relative to each contender]({png_name})",
        "",
        "## Targets (issue 23)",
        "",
        "| target | measured | goal | |",
        "|---|---|---|---|",
    ]
    for t in tgts:
        mark = "n/a" if t["pass"] is None else "pass" if t["pass"] else "FAIL"
        lines.append(f"| {t['target']} | {shown(t['value'])} | {t['goal']} | {mark} |")
    lines += ["", "## What each change bought", "", changes.rstrip()]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--meta", required=True)
    ap.add_argument("--out", required=True, help="path without extension: OUT.json and OUT.png are written")
    ap.add_argument("--publish", help="docs directory: benchmarks.md and benchmarks.png are written there")
    ap.add_argument("--baseline", help="JSON of the published run: the other rows must be no worse than it")
    a = ap.parse_args()
    meta = json.loads(Path(a.meta).read_text())
    base = json.loads(Path(a.baseline).read_text()) if a.baseline and Path(a.baseline).is_file() else None
    cells = load(a.results)
    tbl = table(cells, meta)
    udp = udp_table(cells, meta)
    tgts = targets(cells, meta, base)
    out = Path(a.out)
    png = out.with_suffix(".png")
    charted = chart(cells, png)
    doc = {**meta, "results": list(cells.values()),
           "ratios": {f"{case} {metric}": {o: ratio(cells, case, metric, o) for o in OTHERS}
                      for case, metric, _ in ROWS},
           "udp_ratios": {f"{case} {metric}" + (" (difference in points)" if metric == "loss" else ""):
                          {o: udp_compare(cells, case, metric, o) for o in UDP_OTHERS}
                          for case, metric, _ in udp_rows(meta)},
           "targets": tgts}
    out.with_suffix(".json").write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    print(tbl)
    print()
    if udp:
        print(udp)
        print()
    for t in tgts:
        mark = "n/a" if t["pass"] is None else "pass" if t["pass"] else "FAIL"
        print(f"- {mark}: {t['target']}: {shown(t['value'])} (goal {t['goal']})")
    if a.publish:
        docs = Path(a.publish)
        if charted:
            shutil.copyfile(png, docs / "benchmarks.png")
        changes = (Path(__file__).resolve().parent.parent / "changes.md").read_text()
        (docs / "benchmarks.md").write_text(markdown_doc(meta, tbl, udp, tgts, "benchmarks.png", changes))


if __name__ == "__main__":
    main()
