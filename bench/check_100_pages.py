#!/usr/bin/env python3
"""Times `vanban check` on a ~120-page report: the five seed documents'
bodies concatenated twice (seed 000's footnotes kept), as whole processes.

usage: python3 bench/check_100_pages.py [RUNS]   (VANBAN=path to the binary, default target/release/vanban)
"""
import os, re, statistics, subprocess, sys, tempfile, time, zipfile

here = os.path.dirname(os.path.abspath(__file__))
seeds = os.path.join(here, "..", "..", "shared", "corpus", "seeds-docx")
binary = os.environ.get("VANBAN", os.path.join(here, "..", "target", "release", "vanban"))
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20

names = sorted(f for f in os.listdir(seeds) if f.endswith(".docx"))
base = zipfile.ZipFile(os.path.join(seeds, names[0]))
doc = base.read("word/document.xml").decode()
body_of = lambda xml: re.search(r"<w:body>(.*?)(<w:sectPr.*)?</w:body>", xml, re.S).group(1)
bodies = [body_of(zipfile.ZipFile(os.path.join(seeds, n)).read("word/document.xml").decode()) for n in names]
head, tail = doc.split("<w:body>", 1)[0], "</w:body>" + doc.split("</w:body>", 1)[1]
sect = re.search(r"<w:sectPr.*?</w:sectPr>|<w:sectPr[^>]*/>", doc, re.S)
combined = head + "<w:body>" + "".join(bodies) * 2 + (sect.group(0) if sect else "") + tail

out = os.path.join(tempfile.mkdtemp(), "bao-cao-100-trang.docx")
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for item in base.infolist():
        z.writestr(item, combined if item.filename == "word/document.xml" else base.read(item.filename))

paras = combined.count("</w:p>")
chars = len(re.sub(r"<[^>]+>", "", combined))
subprocess.run([binary, "check", "--format", "json", out], capture_output=True)  # warm-up
times = []
for _ in range(runs):
    t = time.perf_counter()
    r = subprocess.run([binary, "check", "--format", "json", out], capture_output=True)
    times.append((time.perf_counter() - t) * 1000)
    assert r.returncode in (0, 1), r.stderr.decode()
print(f"document: {paras} paragraphs, {chars} characters of body text (about {chars // 2500} pages)")
print(f"vanban check, whole process, {runs} runs: median {statistics.median(times):.1f} ms, min {min(times):.1f} ms, max {max(times):.1f} ms")
