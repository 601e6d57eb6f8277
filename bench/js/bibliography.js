// citeproc-js as a peer: CSL-JSON file + a CSL style + an en-US locale -> a plain-text list.
//   node bibliography.js records.json style.csl locales-en-US.xml out.txt
'use strict'
const fs = require('fs')
const CSL = require('citeproc')

const [input, stylePath, localePath, output] = process.argv.slice(2)
const items = JSON.parse(fs.readFileSync(input, 'utf8'))
const byId = {}
items.forEach((item, i) => { item.id = item.id || `item-${i}`; byId[item.id] = item })
const locale = fs.readFileSync(localePath, 'utf8')
const sys = { retrieveLocale: () => locale, retrieveItem: (id) => byId[id] }
const engine = new CSL.Engine(sys, fs.readFileSync(stylePath, 'utf8'), 'en-US')
engine.setOutputFormat('text')
engine.updateItems(Object.keys(byId))
const [, entries] = engine.makeBibliography()
fs.writeFileSync(output, entries.join(''))
