#!/usr/bin/env node
// Renders a reference list with citeproc-js, the CSL processor inside Zotero, so that
// tests/test_citeproc_js.py can compare citekit's entries with it.
//
// Reads one JSON object on standard input:
//   {"style": "<path to an independent .csl>", "locales": "<folder of locales-xx-XX.xml>",
//    "lang": "en-US" or null, "items": [CSL-JSON items, each with a unique "id"]}
// and writes one JSON object on standard output:
//   {"entries": [{"id": ..., "text": ..., "html": ...}], "errors": [...]}
// in bibliography order, each entry as citeproc-js writes it (the test normalises whitespace).
// "lang" null means the style's own default-locale.
"use strict";

const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

function readStdin() {
  return fs.readFileSync(0, "utf8");
}

function makeSys(items, localeDir) {
  const byId = new Map(items.map((item) => [String(item.id), item]));
  return {
    retrieveItem(id) {
      return byId.get(String(id));
    },
    retrieveLocale(lang) {
      // citeproc-js asks for "en-US", a base language ("de") or a full tag; a missing file
      // means "no such locale", which it handles by falling back to en-US.
      const file = path.join(localeDir, `locales-${lang}.xml`);
      return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
    },
  };
}

// One engine per output format: citeproc-js keeps formatted output per engine.
function render(request, format) {
  const styleXml = fs.readFileSync(request.style, "utf8");
  const sys = makeSys(request.items, request.locales);
  const lang = request.lang || undefined;
  const engine = new CSL.Engine(sys, styleXml, lang, Boolean(lang));
  engine.setOutputFormat(format);
  engine.updateItems(request.items.map((item) => String(item.id)));
  const result = engine.makeBibliography();
  if (!result) {
    return { ids: [], entries: [], errors: ["the style has no bibliography"] };
  }
  const [params, entries] = result;
  const errors = params.bibliography_errors || [];
  let ids = params.entry_ids.map((ids) => String(ids[0]));
  if (ids.length !== entries.length) {
    // An item with no rendered form (error_code 1) keeps its id but has no entry.
    const failed = new Set(errors.map((error) => String(error.itemID)));
    ids = ids.filter((id) => !failed.has(id));
  }
  return { ids, entries, errors };
}

function main() {
  const request = JSON.parse(readStdin());
  const text = render(request, "text");
  const html = render(request, "html");
  const out = text.ids.map((id, n) => ({
    id,
    text: text.entries[n],
    html: html.entries[n],
  }));
  process.stdout.write(JSON.stringify({ entries: out, errors: text.errors }));
}

main();
