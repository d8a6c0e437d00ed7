#!/usr/bin/env python3
"""Benchmark driver for bench/run: builds a register through `iiz import`, then measures
`iiz report` against cat, DuckDB and jq on the same files, peak memory, write latency on an
empty and a full register, and import throughput. Prints key=value lines last."""
import json, os, resource, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "iiz")
# The year the generated cases lie in (bench/gen.py).
JAHR = "2025"
N = int(os.environ.get("BENCH_CASES", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
PY = os.environ.get("BENCH_PYTHON", sys.executable)

def log(*a):
    print(*a, file=sys.stderr, flush=True)

def timed(cmd, **kw):
    t = time.perf_counter()
    r = subprocess.run(cmd, check=True, **kw)
    return time.perf_counter() - t, r

def median_of(cmd, runs=RUNS, **kw):
    times, last = [], None
    for _ in range(runs):
        t, last = timed(cmd, **kw)
        times.append(t)
    return statistics.median(times), last

def published_blocks(k):
    """The four published blocks, every figure present (zero when absent)."""
    inst = ["iv", "rav", "sh"]
    g = lambda d, *p: (lambda v: v if v is not None else 0)(_get(d, p))
    mt = lambda *p: {"total": g(k, *p, "total"), **{i: g(k, *p, i) for i in inst}}
    return {
        "auftraege": {"anmeldungen": g(k, "auftraege", "anmeldungen"),
                      "auftraggeber": {i: g(k, "auftraege", "auftraggeber", i) for i in inst},
                      "auftragnehmer": {i: g(k, "auftraege", "auftragnehmer", i) for i in inst}},
        "prozess": {"angenommen": g(k, "prozess", "angenommen"),
                    "abgelehnt": {x: g(k, "prozess", "abgelehnt", x) for x in
                                  ["total", "iv_ablehnung", "kein_arbeitsangebot", "keine_kapazitaet", "ziel_nicht_realisierbar", "sonstige"]}},
        "kostengutsprachen": {x: mt("kostengutsprachen", x) for x in ["beantragt", "bewilligt", "abgelehnt"]},
        "wirkungen": {"abgeschlossen": mt("wirkungen", "abgeschlossen"),
                      "abschlussgruende": {x: mt("wirkungen", "abschlussgruende", x) for x in ["erfolgreich", "teilweise", "nicht_umgesetzt", "sonstige"]}},
    }

def _get(d, p):
    for x in p:
        if not isinstance(d, dict) or x not in d:
            return None
        d = d[x]
    return d

def from_rows(rows):
    k = {}
    for kennzahl, inst, wert in rows:
        d = k
        parts = kennzahl.split(".")
        for x in parts[:-1]:
            d = d.setdefault(x, {})
        if inst == "total" and parts[0] in ("auftraege", "prozess"):
            d[parts[-1]] = int(wert)
        else:
            d = d.setdefault(parts[-1], {})
            d[inst] = int(wert)
            if inst != "total":
                d["total"] = d.get("total", 0) + int(wert)
    return k

def main():
    work = tempfile.mkdtemp(prefix="iiz-bench-")
    try:
        run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)

def run(work):
    reg = os.path.join(work, "register")
    ops_file = os.path.join(work, "ops.jsonl")
    with open(ops_file, "w") as f:
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen.py"), str(N)], stdout=f, check=True)
    ops = sum(1 for _ in open(ops_file))
    env = dict(os.environ, IIZ_DATA_DIR=reg, IIZ_BENUTZER="bench", NO_COLOR="1")
    log(f"importing {ops} operations for {N} cases ...")
    subprocess.run(["sync"])
    t_import, r = timed([BIN, "import", ops_file], env=env, stdout=subprocess.PIPE)
    failed = sum(1 for l in r.stdout.decode().splitlines() if '"ok":false' in l)
    if failed:
        sys.exit(f"{failed} import lines failed")
    faelle = os.path.join(reg, "faelle")
    # OPTIMA journals for the Standardreporting contenders; Roundtable journals apart.
    files = sorted(os.path.join(faelle, n) for n in os.listdir(faelle) if n.startswith("OPT-") and n.endswith(".jsonl"))
    rt_files = sorted(os.path.join(faelle, n) for n in os.listdir(faelle) if n.startswith("RT-") and n.endswith(".jsonl"))
    events = sum(sum(1 for _ in open(p, "rb")) for p in files)
    rt_listfile = os.path.join(work, "rt-files.txt")
    with open(rt_listfile, "w") as f:
        f.write("\0".join(rt_files))
    listfile = os.path.join(work, "files.txt")
    with open(listfile, "w") as f:
        f.write("\0".join(files))
    cat_cmd = ["sh", "-c", f"xargs -0 cat < '{listfile}'"]

    log("report, cat, duckdb, jq ...")
    # Warm the page cache once so that every contender reads from memory.
    subprocess.run(cat_cmd, stdout=subprocess.DEVNULL, check=True)
    report_s, r = median_of([BIN, "report", "--format", "json"], env=env, stdout=subprocess.PIPE)
    iiz = published_blocks(json.loads(r.stdout))
    cat_s, _ = median_of(cat_cmd, stdout=subprocess.DEVNULL)

    duck_cmd = [PY, os.path.join(ROOT, "bench", "duckdb_report.py"), os.path.join(faelle, "OPT-*.jsonl"), os.path.join(ROOT, "bench", "report.sql")]
    duckdb_s, r = median_of(duck_cmd, stdout=subprocess.PIPE)
    duck = published_blocks(from_rows(json.loads(r.stdout)))

    jq_cmd = ["sh", "-c", f"xargs -0 cat < '{listfile}' | jq -n -c -f '{os.path.join(ROOT, 'bench', 'report.jq')}'"]
    jq_s, r = median_of(jq_cmd, stdout=subprocess.PIPE)
    jq = published_blocks(json.loads(r.stdout))

    peak_mb = peak_rss_mb([BIN, "report", "--format", "json"], env)

    log("rt report ...")
    rt_cat_cmd = ["sh", "-c", f"xargs -0 cat < '{rt_listfile}'"]
    subprocess.run(rt_cat_cmd, stdout=subprocess.DEVNULL, check=True)
    rt_report_s, _ = median_of([BIN, "rt", "report", "--format", "json"], env=env, stdout=subprocess.DEVNULL)
    rt_cat_s, _ = median_of(rt_cat_cmd, stdout=subprocess.DEVNULL)
    rt = {"rt_cases": len(rt_files), "rt_report_s": rt_report_s, "rt_cat_s": rt_cat_s,
          "rt_report_vs_cat": rt_report_s / rt_cat_s,
          "rt_report_peak_rss_mb": peak_rss_mb([BIN, "rt", "report", "--format", "json"], env)}

    # The other readers over the same register (issue 9): each within 2x report (pruefen 3x).
    readers = {}
    for name, args in [("liste", ["liste", "--format", "json"]),
                       ("pendenzen", ["pendenzen", "--stichtag", "2030-01-01", "--format", "json"]),
                       ("pruefen", ["pruefen"]),
                       # issue 13: the annual report (both services, year and cumulative, five
                       # breakdowns each) within 2x report.
                       ("jahresbericht", ["jahresbericht", "--jahr", JAHR, "--format", "json"])]:
        log(f"{name} ...")
        t, _ = median_of([BIN] + args, env=env, stdout=subprocess.DEVNULL)
        readers[f"{name}_s"] = t
        readers[f"{name}_vs_report"] = t / report_s
        readers[f"{name}_peak_rss_mb"] = peak_rss_mb([BIN] + args, env)

    log("append latency on an empty and on the full register ...")
    leer = os.path.join(work, "leer")
    append_empty = append_latency(dict(env, IIZ_DATA_DIR=leer), work)
    append_full = append_latency(env, work)

    log("20'000 events on one case ...")
    lang_s = long_case_import(work)

    # The readers that write a copy (issue 21: within spec §7's 200 MB too): one run each,
    # into a fresh target under the work directory; after the write latencies, whose syncs
    # would otherwise flush these copies.
    for name, args in [("export", ["export", "--ausgabe", os.path.join(work, "export")]),
                       ("sicherung", ["sicherung", os.path.join(work, "sicherung.tar")])]:
        log(f"{name} ...")
        t, _ = timed([BIN] + args, env=env, stdout=subprocess.DEVNULL)
        readers[f"{name}_s"] = t
        readers[f"{name}_vs_report"] = t / report_s
        args2 = [a + "-2" if a.startswith(work) else a for a in args]
        readers[f"{name}_peak_rss_mb"] = peak_rss_mb([BIN] + args2, env)

    out = {
        "cases": len(files), "events": events,
        "report_s": report_s, "cat_s": cat_s, "duckdb_s": duckdb_s, "jq_s": jq_s,
        "report_vs_cat": report_s / cat_s, "report_vs_duckdb": report_s / duckdb_s, "report_vs_jq": report_s / jq_s,
        "figures_match_duckdb": iiz == duck, "figures_match_jq": iiz == jq,
        "report_peak_rss_mb": peak_mb,
        **readers,
        **rt,
        "append_s_empty": append_empty, "append_s_full": append_full, "append_ratio": append_full / append_empty,
        "import_ops_per_s": ops / t_import,
        "one_case_20000_events_s": lang_s,
    }
    if iiz != duck:
        log("iiz   :", json.dumps(iiz)); log("duckdb:", json.dumps(duck))
    if iiz != jq:
        log("iiz:", json.dumps(iiz)); log("jq :", json.dumps(jq))
    for k, v in out.items():
        if isinstance(v, bool):
            v = "true" if v else "false"
        elif isinstance(v, float):
            v = f"{v:.4f}"
        print(f"{k}={v}")

def long_case_import(work):
    """Imports 20'000 progress meetings on one case: the append cost must not grow with the
    journal (issue 14: at most 2 s)."""
    lines = [
        {"op": "antrag", "ref": "a", "von": "sh", "an": "iv", "name": "Lang", "vorname": "L", "ahv": "756.9999.9999.91",
         "arbeitsangebot": "intakt", "unterstuetzungsbedarf": True, "einverstaendnis": True, "ziel": "x", "datum": "2024-01-10"},
        {"op": "annehmen", "fall": "@a", "datum": "2024-01-11"},
        {"op": "uebergabe", "fall": "@a", "naechstes_gespraech": "2024-03-01", "strategie": "x", "zustimmung": True,
         "arbeitsfaehig_erklaert": True, "datum": "2024-01-12"},
    ] + [{"op": "standort", "fall": "@a", "naechstes_gespraech": "2024-06-01", "stand": "Stand %d" % i, "datum": "2024-02-01"}
         for i in range(20000)]
    text = "".join(json.dumps(x) + "\n" for x in lines).encode()
    env = dict(os.environ, IIZ_DATA_DIR=os.path.join(work, "lang"), IIZ_BENUTZER="bench")
    t, _ = timed([BIN, "import"], env=env, input=text, stdout=subprocess.DEVNULL)
    return t

def peak_rss_mb(cmd, env):
    """Peak memory of one run (max RSS of a fresh child)."""
    if os.path.exists("/usr/bin/time"):
        r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
        return int(r.stderr.decode().strip().splitlines()[-1]) / 1024
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True)
    return max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024

def append_latency(env, work):
    """Median time of 20 `iiz standort` writes on one running case of the register."""
    setup = "\n".join(json.dumps(x) for x in [
        {"op": "antrag", "ref": "l", "von": "sh", "an": "iv", "name": "Latenz", "vorname": "L", "ahv": "756.9999.9999.91",
         "arbeitsangebot": "intakt", "unterstuetzungsbedarf": True, "einverstaendnis": True, "ziel": "x", "datum": "2025-01-06"},
        {"op": "annehmen", "fall": "@l", "datum": "2025-01-07"},
        {"op": "uebergabe", "fall": "@l", "naechstes_gespraech": "2025-02-01", "strategie": "x", "zustimmung": True, "arbeitsfaehig_erklaert": True, "datum": "2025-01-08"},
    ]) + "\n"
    r = subprocess.run([BIN, "import"], env=env, input=setup.encode(), stdout=subprocess.PIPE, check=True)
    fall = json.loads(r.stdout.decode().splitlines()[0])["fall"]
    times = []
    for i in range(20):
        d = f"2025-{2 + i // 28:02d}-{1 + i % 28:02d}"
        t, _ = timed([BIN, "standort", fall, "--naechstes-gespraech", "2026-01-01", "--datum", d], env=env, stdout=subprocess.DEVNULL)
        times.append(t)
    return statistics.median(times)

if __name__ == "__main__":
    main()
