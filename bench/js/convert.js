// citation-js as a peer: CSL-JSON file -> bibtex | biblatex | ris, written to a file.
//   node convert.js records.json bibtex out.bib
// The whole process is timed by bench/run.py, as citekit's is.
'use strict'
const fs = require('fs')
const { Cite } = require('@citation-js/core')
require('@citation-js/plugin-bibtex')
require('@citation-js/plugin-ris')

const [input, format, output] = process.argv.slice(2)
const items = JSON.parse(fs.readFileSync(input, 'utf8'))
// citation-js needs an id per item; CSL-JSON from elsewhere may leave it empty.
items.forEach((item, i) => { if (!item.id) item.id = `item-${i}` })
const text = new Cite(items).format(format, { format: 'text' })
fs.writeFileSync(output, text)
