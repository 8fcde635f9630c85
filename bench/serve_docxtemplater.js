#!/usr/bin/env node
// A minimal HTTP server wrapping docxtemplater, the peer of `vanban serve`
// in bench/serve.sh: POST any path with a JSON record → the filled .docx.
//
//   node serve_docxtemplater.js TEMPLATE.docx PORT
//
// The template bytes are read once; each request does what
// run_docxtemplater.js does per document (new PizZip, new Docxtemplater with
// paragraphLoop and linebreaks, render, generate with DEFLATE).
"use strict";
const fs = require("fs");
const http = require("http");
const PizZip = require("pizzip");
const Docxtemplater = require("docxtemplater");

const [templatePath, port] = process.argv.slice(2);
const template = fs.readFileSync(templatePath);

http
  .createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      try {
        const data = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        const doc = new Docxtemplater(new PizZip(template), { paragraphLoop: true, linebreaks: true });
        doc.render(data);
        const buf = doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" });
        res.writeHead(200, {
          "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "Content-Length": buf.length,
        });
        res.end(buf);
      } catch (e) {
        res.writeHead(400, { "Content-Type": "text/plain" });
        res.end(String(e));
      }
    });
  })
  .listen(Number(port), "127.0.0.1", () => console.log(`http://127.0.0.1:${port}`));
