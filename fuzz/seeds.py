#!/usr/bin/env python3
"""Writes the seed inputs of one fuzz target into a folder.

package: every .docx of ../shared/corpus (all folders) and templates/, as is.
check:    the word/document.xml of each of those files.
template: the text of each pack template, in the form the template target
          reads (a line per paragraph; a table row as U+0002 then its cells
          split by U+0003; see fuzz/src/lib.rs).
"""
import glob
import os
import re
import sys
import zipfile

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_files(root):
    files = sorted(glob.glob(os.path.join(root, "../shared/corpus/**/*.docx"), recursive=True))
    files += sorted(glob.glob(os.path.join(root, "templates/*.docx")))
    return files


def text_of(el):
    return "".join(t.text or "" for t in el.iter(W + "t"))


def template_text(document_xml):
    import xml.etree.ElementTree as ET

    body = ET.fromstring(document_xml).find(W + "body")
    lines = []
    for child in body:
        if child.tag == W + "p":
            lines.append(text_of(child))
        elif child.tag == W + "tbl":
            for row in child.iter(W + "tr"):
                cells = [" ".join(text_of(p) for p in tc.iter(W + "p")) for tc in row.iter(W + "tc")]
                lines.append("\x02" + "\x03".join(cells))
    return "\n".join(lines)


def main():
    target, out = sys.argv[1], sys.argv[2]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    os.makedirs(out, exist_ok=True)
    count = 0
    for i, path in enumerate(docx_files(root)):
        name = f"{i:03d}-" + re.sub(r"[^A-Za-z0-9.-]", "_", os.path.basename(path))
        if target == "package":
            with open(path, "rb") as src, open(os.path.join(out, name), "wb") as dst:
                dst.write(src.read())
            count += 1
            continue
        try:
            with zipfile.ZipFile(path) as z:
                document = z.read("word/document.xml")
        except Exception:
            continue
        if target == "check":
            data = document
        elif "/templates/" in path:
            data = template_text(document).encode("utf-8")
        else:
            continue
        with open(os.path.join(out, name + ".seed"), "wb") as dst:
            dst.write(data)
        count += 1
    print(count)


main()
