#!/usr/bin/env python3
"""Benchmark harness: vanban against docxtpl and docxtemplater.

Run through bench/run.sh, which prepares the peers' environments. Commands:

    harness.py convert IN.docx OUT.docx
        docxtemplater template -> vanban template: every "{" becomes "{{" and
        every "}" becomes "}}" inside the w:t text nodes of the Word XML parts.
        Tags split across runs stay consistent because the change is made
        character by character in each text node. Everything else in the
        package is copied byte for byte.

    harness.py make-table DIR [--rows 2000]
        DIR/table_docxtemplater.docx, DIR/table_vanban.docx (one table-row
        loop) and DIR/table.json (one record with ROWS rows).

    harness.py run --peers DIR --work DIR [--runs 3] [--n 1000]
                   [--vanban BIN --template T] [--memory-n 10000]
                   [--table-rows 2000] [--results FILE]
        The measurements; see bench/README.md. Without --vanban only the peers
        and the copy floor are measured.

Every measurement is one whole process under /usr/bin/time -v: wall time
around the process, peak RSS and CPU time (user + system) from time -v.
Only the Python standard library is used, except for the text comparison,
which needs lxml (present in the peers' venv).
"""
import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WORD_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$")
TEXT_NODE = re.compile(rb"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)")


# --------------------------------------------------------------- conversion

def convert(src, dst):
    """Copy the package, doubling the braces inside w:t text. Returns the
    number of text nodes changed."""
    changed = 0

    def double(m):
        nonlocal changed
        text = m.group(2)
        if b"{" not in text and b"}" not in text:
            return m.group(0)
        changed += 1
        return m.group(1) + text.replace(b"{", b"{{").replace(b"}", b"}}") + m.group(3)

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if WORD_PARTS.match(info.filename):
                data = TEXT_NODE.sub(double, data)
            zout.writestr(info, data, compress_type=info.compress_type)
    check_conversion(src, dst)
    return changed


def paragraph_texts(xml):
    from lxml import etree
    root = etree.fromstring(xml)
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p")]


def check_conversion(src, dst):
    """Each paragraph of dst must read as the one of src with doubled braces."""
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst) as b:
        for name in a.namelist():
            if not WORD_PARTS.match(name):
                continue
            pa, pb = paragraph_texts(a.read(name)), paragraph_texts(b.read(name))
            want = [t.replace("{", "{{").replace("}", "}}") for t in pa]
            if pb != want:
                bad = next(i for i, (x, y) in enumerate(zip(pb, want)) if x != y)
                raise SystemExit(f"conversion check failed in {name}, paragraph {bad}: "
                                 f"{pb[bad]!r} != {want[bad]!r}")


# --------------------------------------------------------------- table loop

def make_table(out_dir, rows):
    """A small template with one table-row loop, and one record of ROWS rows."""
    from docx import Document
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    doc = Document()
    doc.add_paragraph("DANH SÁCH CÔNG ĐOÀN CƠ SỞ {ten_don_vi}")
    table = doc.add_table(rows=2, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("STT", "Công đoàn cơ sở", "Số đoàn viên")):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("{#rows}{stt}", "{ten}", "{so}{/rows}")):
        cell.text = text
    doc.add_paragraph("Tổng cộng: {tong} đoàn viên.")
    dtpl = out_dir / "table_docxtemplater.docx"
    doc.save(dtpl)
    convert(dtpl, out_dir / "table_vanban.docx")
    items = [{"stt": str(i + 1), "ten": f"Công đoàn cơ sở số {i + 1} & Co'op",
              "so": f"{(i * 37) % 1800 + 15:,}".replace(",", ".")} for i in range(rows)]
    record = {"ten_don_vi": "HUYỆN CƯ M'GAR", "rows": items,
              "tong": f"{sum(int(x['so'].replace('.', '')) for x in items):,}".replace(",", ".")}
    (out_dir / "table.json").write_text(json.dumps([record], ensure_ascii=False), encoding="utf-8")


# --------------------------------------------------------------- measuring

def time_v(cmd, cwd):
    """Runs cmd under /usr/bin/time -v. Returns a dict with wall_s, rss_mib,
    cpu_s and the child's stdout; exits with the child's output on failure."""
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v"] + [str(c) for c in cmd], cwd=cwd,
                       capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.stderr.write(p.stdout[-4000:] + p.stderr[-4000:])
        raise SystemExit(f"failed ({p.returncode}): {' '.join(map(str, cmd))}")

    def field(label):
        m = re.search(re.escape(label) + r": ([\d.]+)", p.stderr)
        return float(m.group(1)) if m else 0.0

    return {
        "wall_s": wall,
        "rss_mib": field("Maximum resident set size (kbytes)") / 1024,
        "cpu_s": field("User time (seconds)") + field("System time (seconds)"),
        "stdout": p.stdout,
    }


def loop_s(stdout):
    """The in-process loop time a peer runner prints as its last JSON line."""
    for line in reversed(stdout.strip().splitlines()):
        try:
            return json.loads(line).get("loop_s")
        except (ValueError, AttributeError):
            continue
    return None


def fresh(path):
    """A new, never used output folder named after `path` (path-1, path-2, ...).

    Nothing is deleted between runs: on ext4, creating files soon after many
    were deleted makes the kernel skip the recently freed inodes one by one,
    which would add up to half a second of system time to whichever run comes
    next. Every run writes into a new folder; all of them go at the end.
    """
    for k in range(1, 10_000):
        out = Path(f"{path}-{k}")
        if not out.exists():
            os.sync()
            return out
    raise SystemExit(f"too many output folders named {path}-*")


def last_out(path):
    """The newest folder `fresh(path)` made."""
    made = sorted(Path(path).parent.glob(Path(path).name + "-*"),
                  key=lambda p: int(p.name.rsplit("-", 1)[1]))
    return made[-1]


def count_docx(out):
    return len(list(Path(out).glob("*.docx")))


class Variants:
    def __init__(self, a):
        self.a = a
        py = str(Path(a.peers) / ".venv" / "bin" / "python")
        node = shutil.which("node") or "node"
        self.cmds = {
            "docxtpl": [py, "run_docxtpl.py", "{n}", "--out", "{out}", "--data", "{data}"],
            "docxtemplater": [node, "run_docxtemplater.js", "{n}", "--out", "{out}",
                              "--data", "{data}"],
            "floor_copy": [py, "floor.py", "copy", "{n}", "--out", "{out}"],
        }
        if a.vanban:
            extra = a.vanban_args.split()
            self.cmds["vanban"] = [a.vanban, "batch", a.template, "--data", "{data}",
                                   "--out", "{out}"] + extra
            if "--jobs" not in extra:
                self.cmds["vanban_j1"] = self.cmds["vanban"] + ["--jobs", "1"]

    def cmd(self, v, n, out, data):
        return [c.format(n=n, out=out, data=data) for c in self.cmds[v]]


LABEL = {
    "docxtpl": "docxtpl 0.20.2 (Python)",
    "docxtemplater": "docxtemplater 3.71.0 + pizzip (Node)",
    "floor_copy": "floor: copy the template file",
    "vanban": "**vanban batch** (default jobs)",
    "vanban_j1": "**vanban batch --jobs 1**",
}


def main_runs(a, variants, results):
    """Interleaved runs: run 1 of every variant, then run 2, ..."""
    work = Path(a.work)
    data = Path(a.peers) / "data" / "records.json"
    runs = []
    for r in range(1, a.runs + 1):
        for v in variants.cmds:
            out = fresh(Path(a.outputs) / v)
            m = time_v(variants.cmd(v, a.n, out, data), a.peers)
            m["loop_s"] = loop_s(m.pop("stdout")) if v != "vanban" and v != "vanban_j1" else None
            files = count_docx(out)
            if files != a.n:
                raise SystemExit(f"{v}: expected {a.n} documents in {out}, found {files}")
            m.update(variant=v, run=r)
            runs.append(m)
            print(f"  run {r} {v:14s} wall {m['wall_s']:7.2f} s  cpu {m['cpu_s']:7.2f} s  "
                  f"RSS {m['rss_mib']:7.1f} MiB  {a.n / m['wall_s']:8.1f} docs/s", flush=True)
    med = {}
    for v in variants.cmds:
        rs = [x for x in runs if x["variant"] == v]
        md = lambda k: statistics.median(x[k] for x in rs)  # noqa: E731
        med[v] = {
            "wall_s": md("wall_s"), "cpu_s": md("cpu_s"), "rss_mib": md("rss_mib"),
            "wall_min": min(x["wall_s"] for x in rs), "wall_max": max(x["wall_s"] for x in rs),
            "loop_s": md("loop_s") if rs[0]["loop_s"] is not None else None,
        }
        med[v]["docs_per_s"] = a.n / med[v]["wall_s"]
    results["runs"] = runs
    results["medians"] = med


def memory_check(a, results):
    """vanban on MEMORY_N records: peak RSS."""
    work = Path(a.work)
    data = work / "data10k" / "records.json"
    if not data.exists():
        subprocess.run([str(Path(a.peers) / ".venv" / "bin" / "python"),
                        str(Path(a.peers) / "gen_data.py"), str(a.memory_n), str(data)],
                       check=True, stdout=subprocess.DEVNULL)
    out = fresh(Path(a.outputs) / "vanban_10k")
    m = time_v([a.vanban, "batch", a.template, "--data", data, "--out", out]
               + a.vanban_args.split(), a.peers)
    files = count_docx(out)
    if files != a.memory_n:
        raise SystemExit(f"memory check: expected {a.memory_n} documents, found {files}")
    m.pop("stdout")
    m["n"] = a.memory_n
    m["json_mib"] = data.stat().st_size / 2**20
    results["memory"] = m
    print(f"  memory: {a.memory_n} records ({m['json_mib']:.0f} MiB JSON): wall "
          f"{m['wall_s']:.1f} s, peak RSS {m['rss_mib']:.1f} MiB", flush=True)


def table_rows_in(path):
    from lxml import etree
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return [len(t.findall(W + "tr")) for t in root.iter(W + "tbl")]


def table_loop(a, results):
    """One record with a 2,000-row table loop: docxtemplater and vanban."""
    work = Path(a.work)
    tdir = work / "table"
    make_table(tdir, a.table_rows)
    data = tdir / "table.json"
    node = shutil.which("node") or "node"
    res = {"rows": a.table_rows}
    cmds = {"docxtemplater": [node, "run_docxtemplater.js", "1", "--out", "{out}",
                              "--template", tdir / "table_docxtemplater.docx", "--data", data]}
    if a.vanban:
        cmds["vanban"] = [a.vanban, "batch", tdir / "table_vanban.docx", "--data", data,
                          "--out", "{out}"] + a.vanban_args.split()
    for v, cmd in cmds.items():
        walls, rss = [], []
        for _ in range(a.runs):
            out = fresh(Path(a.outputs) / f"table_{v}")
            m = time_v([str(c).format(out=out) for c in cmd], a.peers)
            walls.append(m["wall_s"])
            rss.append(m["rss_mib"])
        docs = sorted(Path(out).glob("*.docx"))
        rows = table_rows_in(docs[0]) if docs else []
        res[v] = {"wall_s": statistics.median(walls), "rss_mib": statistics.median(rss),
                  "table_rows": rows}
        print(f"  table loop {v:14s} wall {res[v]['wall_s']:.2f} s  RSS "
              f"{res[v]['rss_mib']:.1f} MiB  rows {rows}", flush=True)
    results["table"] = res


# --------------------------------------------------------------- equality

def visible_text(path):
    """Paragraph texts of the body (descending into tables) and footnotes."""
    from lxml import etree
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(W + "body")
        out = []
        for el in body.iterchildren():
            if el.tag in (W + "p", W + "tbl"):
                for p in ([el] if el.tag == W + "p" else el.iter(W + "p")):
                    out.append("".join(t.text or "" for t in p.iter(W + "t")))
        if "word/footnotes.xml" in z.namelist():
            for fn in etree.fromstring(z.read("word/footnotes.xml")).iter(W + "footnote"):
                out.append("fn: " + "".join(t.text or "" for t in fn.iter(W + "t")))
    return out


def vanban_files(out):
    """record number (1-based) -> file, from manifest.json when present."""
    out = Path(out)
    manifest = out / "manifest.json"
    if manifest.exists():
        entries = json.loads(manifest.read_text(encoding="utf-8"))
        return {e["record"]: out / e["file"] for e in entries if e.get("file")}
    return {i + 1: f for i, f in enumerate(sorted(out.glob("*.docx")))}


def equality(a, results):
    work = Path(a.work)
    files = vanban_files(last_out(Path(a.outputs) / "vanban"))
    checked = []
    for k in [int(x) for x in a.samples.split(",") if int(x) < a.n]:
        ref = last_out(Path(a.outputs) / "docxtemplater") / ("doc_%05d.docx" % k)
        ours = files.get(k + 1)
        if ours is None or not ours.exists():
            checked.append({"k": k, "same": False, "diff": "vanban file missing"})
            continue
        ta, tb = visible_text(ref), visible_text(ours)
        same = ta == tb
        diff = None
        if not same:
            first = next((i for i, (x, y) in enumerate(zip(ta, tb)) if x != y), min(len(ta), len(tb)))
            diff = (f"paragraph {first}: docxtemplater {ta[first] if first < len(ta) else None!r} "
                    f"vs vanban {tb[first] if first < len(tb) else None!r} "
                    f"({len(ta)} / {len(tb)} paragraphs)")
        checked.append({"k": k, "same": same, "diff": diff, "paragraphs": len(ta)})
        print(f"  record {k}: {'identical' if same else 'DIFFERENT: ' + diff}", flush=True)
    results["equality"] = checked


# --------------------------------------------------------------- report

def env_info(a):
    def out(*cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
        except OSError:
            return None
    cpu = None
    for line in open("/proc/cpuinfo", encoding="utf-8"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    node_modules = Path(a.peers) / "node_modules"
    pkgs = {}
    for name in ("docxtemplater", "pizzip"):
        try:
            pkgs[name] = json.loads((node_modules / name / "package.json").read_text())["version"]
        except OSError:
            pass
    py = str(Path(a.peers) / ".venv" / "bin" / "python")
    return {
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cpu": cpu, "nproc": os.cpu_count(), "kernel": platform.release(),
        "loadavg": os.getloadavg()[0],
        "python": out(py, "-c", "import platform; print(platform.python_version())"),
        "docxtpl": out(py, "-c", "import docxtpl; print(docxtpl.__version__)"),
        "node": out(shutil.which("node") or "node", "--version"), **pkgs,
        "vanban": out(a.vanban, "--version") if a.vanban else None,
        "vanban_commit": out("git", "-C", str(Path(__file__).resolve().parent), "rev-parse",
                             "--short", "HEAD"),
    }


def report(a, results):
    med = results["medians"]
    n = a.n
    lines = [
        "# Benchmark: vanban vs docxtpl vs docxtemplater",
        "",
        f"Generated by `bench/run.sh` on {results['env']['date_utc']} "
        f"({results['env']['cpu']}, {results['env']['nproc']} cores, load "
        f"{results['env']['loadavg']:.2f} at the end). N = {n} documents of the peers' "
        f"report template, median of {a.runs} interleaved runs, each a whole process under "
        "`/usr/bin/time -v`.",
        "",
        "| variant | wall s [min-max] | docs/s (wall) | CPU s (user+sys) | peak RSS MiB | "
        "peer's own loop s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for v, m in med.items():
        loop = f"{m['loop_s']:.2f}" if m["loop_s"] is not None else "-"
        lines.append(f"| {LABEL[v]} | {m['wall_s']:.2f} [{m['wall_min']:.2f}-{m['wall_max']:.2f}] "
                     f"| {m['docs_per_s']:.1f} | {m['cpu_s']:.2f} | {m['rss_mib']:.1f} | {loop} |")
    lines += ["", "Ratios (docs/s on whole-process wall time; > 1 means the first is faster):", "",
              "| | ratio |", "|---|---:|"]
    pairs = [("vanban", "docxtemplater"), ("vanban", "docxtpl"), ("vanban_j1", "docxtemplater"),
             ("vanban_j1", "docxtpl"), ("docxtemplater", "docxtpl")]
    for x, y in pairs:
        if x in med and y in med:
            lines.append(f"| {x} / {y} | {med[x]['docs_per_s'] / med[y]['docs_per_s']:.2f}x |")
    if "vanban" not in med:
        lines += ["", "**vanban was not measured** (run without a `vanban batch` binary: "
                  "`bench/run.sh --peers-only`)."]
    if "memory" in results:
        m = results["memory"]
        lines += ["", f"Memory check: vanban on {m['n']} records ({m['json_mib']:.0f} MiB JSON): "
                  f"peak RSS **{m['rss_mib']:.1f} MiB**, wall {m['wall_s']:.1f} s, "
                  f"{m['n'] / m['wall_s']:.0f} docs/s."]
    if "table" in results:
        t = results["table"]
        lines += ["", f"Table loop: one document whose table has a row loop over {t['rows']} items "
                  f"(median of {a.runs}, whole process):", "",
                  "| engine | wall s | peak RSS MiB | table rows in output |", "|---|---:|---:|---|"]
        for v in ("docxtemplater", "vanban"):
            if v in t:
                lines.append(f"| {v} | {t[v]['wall_s']:.2f} | {t[v]['rss_mib']:.1f} | "
                             f"{t[v]['table_rows']} |")
    if "equality" in results:
        eq = results["equality"]
        same = sum(1 for e in eq if e["same"])
        lines += ["", f"Output equality (visible text, paragraph by paragraph, body + tables + "
                  f"footnotes, vanban vs docxtemplater): **{same} of {len(eq)}** sampled records "
                  f"identical ({', '.join(str(e['k']) for e in eq)})."]
        for e in eq:
            if not e["same"]:
                lines.append(f"- record {e['k']}: {e['diff']}")
    lines += ["", "Environment: `" + json.dumps(results["env"], ensure_ascii=False) + "`", ""]
    text = "\n".join(lines)
    Path(a.results).parent.mkdir(parents=True, exist_ok=True)
    Path(a.results).write_text(text, encoding="utf-8")
    Path(a.results).with_suffix(".json").write_text(
        json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print()
    print(text)


def smoke(a):
    """vanban on the first 3 records, before any long run: fails fast and loud."""
    work = Path(a.work)
    data = work / "smoke.json"
    records = json.loads((Path(a.peers) / "data" / "records.json").read_text(encoding="utf-8"))
    data.write_text(json.dumps(records[:3], ensure_ascii=False), encoding="utf-8")
    out = fresh(Path(a.outputs) / "smoke")
    cmd = [a.vanban, "batch", a.template, "--data", data, "--out", out] + a.vanban_args.split()
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    found = count_docx(out)
    if p.returncode != 0 or found != 3:
        sys.stderr.write(p.stdout[-3000:] + p.stderr[-3000:])
        raise SystemExit(f"vanban smoke test failed: exit {p.returncode}, {found} of 3 "
                         f"documents written by: {' '.join(map(str, cmd))}")
    print("  vanban smoke test: 3 of 3 documents", flush=True)


def run(a):
    if a.vanban and not a.template:
        raise SystemExit("--vanban needs --template")
    # Every variant writes into the same new folder under the system's temp
    # folder, away from the thousands of files of node_modules and the venv:
    # ext4 places a folder's files near the folder, and creating files in a
    # crowded part of the disk costs several times more kernel time.
    a.outputs = tempfile.mkdtemp(prefix="vanban-bench-")
    # On ext4, `chattr +T` spreads the run folders made inside over the
    # disk's block groups, so no run writes where an earlier one filled up.
    subprocess.run(["chattr", "+T", a.outputs], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    try:
        measure(a)
    finally:
        shutil.rmtree(a.outputs, ignore_errors=True)


def measure(a):
    if a.vanban:
        smoke(a)
    variants = Variants(a)
    results = {}
    print(f"== main runs: N = {a.n}, {a.runs} interleaved runs of {', '.join(variants.cmds)}",
          flush=True)
    main_runs(a, variants, results)
    if a.vanban:
        print("== output equality (vanban vs docxtemplater)", flush=True)
        equality(a, results)
    print(f"== table loop: {a.table_rows} rows", flush=True)
    table_loop(a, results)
    if a.vanban and a.memory_n:
        print(f"== memory check: {a.memory_n} records", flush=True)
        memory_check(a, results)
    results["env"] = env_info(a)
    report(a, results)
    if any(not e["same"] for e in results.get("equality", [])):
        raise SystemExit("output equality check failed (see above)")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("convert")
    c.add_argument("src")
    c.add_argument("dst")
    t = sub.add_parser("make-table")
    t.add_argument("dir")
    t.add_argument("--rows", type=int, default=2000)
    r = sub.add_parser("run")
    r.add_argument("--peers", required=True)
    r.add_argument("--work", required=True)
    r.add_argument("--runs", type=int, default=3)
    r.add_argument("--n", type=int, default=1000)
    r.add_argument("--vanban")
    r.add_argument("--template")
    r.add_argument("--vanban-args", default="")
    r.add_argument("--memory-n", type=int, default=10000)
    r.add_argument("--table-rows", type=int, default=2000)
    r.add_argument("--samples", default="0,1,2,7,13,500,999")
    r.add_argument("--results", required=True)
    a = ap.parse_args()
    if a.cmd == "convert":
        n = convert(a.src, a.dst)
        print(f"{a.dst}: braces doubled in {n} text nodes")
    elif a.cmd == "make-table":
        make_table(a.dir, a.rows)
    else:
        run(a)


if __name__ == "__main__":
    main()
