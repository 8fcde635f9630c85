"""Builds the large and hostile inputs of bench/memory.sh in the current folder.

    python3 bench/memory_inputs.py [PART_MB]

PART_MB (default 240) is the size `word/document.xml` inflates to in the large
inputs. Each file is built once (kept while it exists); nothing is committed.
"""

import json
import os
import random
import sys
import zipfile

PART_MB = int(sys.argv[1]) if len(sys.argv) > 1 else 240
PART = PART_MB << 20
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
WORDS = ["báo", "cáo", "tổng", "kết", "công", "đoàn", "năm", "kế", "hoạch", "số",
         "lượng", "đoàn viên", "tham", "gia", "phong", "trào", "thi", "đua", "cơ", "sở"]


def docx(path, write_body):
    """Writes a one-part .docx whose body `write_body(f)` streams."""
    if os.path.exists(path):
        return
    with zipfile.ZipFile(path + ".tmp", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'.encode())
            write_body(f)
            f.write(b"</w:body></w:document>")
    os.rename(path + ".tmp", path)


def paragraphs(f, text_of):
    """Paragraphs of two runs each until the part holds PART bytes."""
    written, i = 0, 0
    while written < PART:
        i += 1
        first, second = text_of(i)
        s = (f'<w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:t xml:space="preserve">{first}</w:t></w:r>'
             f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{second}</w:t></w:r></w:p>').encode()
        f.write(s)
        written += len(s)


POOL = [" ".join(random.Random(k).choice(WORDS) for _ in range(30)) for k in range(4000)]


def sentence(r, n=30):
    """About n words: whole sentences drawn from a pool, so that building is quick."""
    return " ".join(r.choice(POOL) for _ in range(max(1, n // 30)))


def plain(f):
    """(a) Normal paragraphs, no gap; one tag up front for render."""
    r = random.Random(1)
    f.write(b"<w:p><w:r><w:t>{{ten}}</w:t></w:r></w:p>")
    paragraphs(f, lambda i: (sentence(r), f"{i} người."))


def gaps(f):
    """(b) Every other paragraph holds a gap, so check finds very many."""
    r = random.Random(2)
    f.write(b"<w:p><w:r><w:t>{{ten}}</w:t></w:r></w:p>")
    holes = ["…", "(Bổ sung số liệu)", "...", "........"]
    paragraphs(f, lambda i: (sentence(r), f"Tổng số là {holes[i % 4]} người." if i % 2 else f"{i} người."))


def one_paragraph(f):
    """(c) One paragraph of many runs."""
    r = random.Random(3)
    f.write(b"<w:p><w:r><w:t>{{ten}}</w:t></w:r>")
    written = 0
    while written < PART:
        run = f'<w:r><w:t xml:space="preserve">{sentence(r)} </w:t></w:r>'.encode()
        f.write(run)
        written += len(run)
    f.write("<w:r><w:t>Tổng số là … người.</w:t></w:r></w:p>".encode())


def one_run(f):
    """(c) One paragraph of one run of one text."""
    r = random.Random(4)
    f.write(b"<w:p><w:r><w:t>{{ten}} ")
    written = 0
    while written < PART:
        chunk = (sentence(r, 3000) + " ").encode()
        f.write(chunk)
        written += len(chunk)
    f.write("Tổng số là … người.</w:t></w:r></w:p>".encode())


def many_tags(f):
    """(e) Paragraphs of distinct tags, for `fields`."""
    written, i = 0, 0
    while written < PART:
        tags = "".join(f"{{{{truong_{i * 8 + k}}}}} " for k in range(8))
        s = f"<w:p><w:r><w:t xml:space=\"preserve\">{tags}</w:t></w:r></w:p>".encode()
        f.write(s)
        written += len(s)
        i += 1


docx("plain.docx", plain)
docx("gaps.docx", gaps)
docx("one-paragraph.docx", one_paragraph)
docx("one-run.docx", one_run)
docx("many-tags.docx", many_tags)
docx("small.docx", lambda f: f.write(b"<w:p><w:r><w:t>{{ten}}</w:t></w:r></w:p>"))
n = 100_000
docx("deep-elements.docx", lambda f: f.write(b"<w:p><w:r><w:t>{{ten}}</w:t></w:r></w:p>" + b"<w:sdt>" * n + b"</w:sdt>" * n))
docx("deep-runs.docx", lambda f: f.write(b"<w:p>" + b"<w:r>" * n + "<w:t>Tổng số là … người</w:t>".encode() + b"</w:r>" * n + b"</w:p>"))
docx("sections.docx", lambda f: f.write(b"<w:p><w:r><w:t>" + b"{{#a}}" * 10_000 + b"x" + b"{{/a}}" * 10_000 + b"</w:t></w:r></w:p>"))
with open("d.json", "w") as f:
    json.dump({"ten": "Hội An"}, f)
if not os.path.exists("huge-value.json"):
    with open("huge-value.json", "w") as f:
        f.write('{"ten": "' + "ầ" * (106 * 1024 * 1024 // 3) + '"}')
with open("r.csv", "w") as f:
    f.write("ten\nA\nB\nC\n")
