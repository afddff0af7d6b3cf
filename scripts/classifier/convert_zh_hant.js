#!/usr/bin/env node
// Builds data/classifier/held-out-zh-Hant-converted.jsonl.gz: the held-out simplified-Chinese SpeechMap answers
// (and their questions) converted to traditional Chinese (Taiwan standard with Taiwanese phrasing, OpenCC "cn" -> "twp")
// by opencc-js (MIT AND Apache-2.0). No real traditional-Chinese answers were found; this set is a CONVERTED copy,
// reported under its own name ("speechmap-zh-Hant-converted"), never as real zh-Hant answers and never trained on.
//
//   npm install --prefix /tmp/occ opencc-js@1.4.2
//   NODE_PATH=/tmp/occ/node_modules node scripts/classifier/convert_zh_hant.js
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const OpenCC = require('opencc-js');

const root = path.resolve(__dirname, '..', '..');
const source = path.join(root, 'data', 'classifier', 'held-out.jsonl.gz');
const target = path.join(root, 'data', 'classifier', 'held-out-zh-Hant-converted.jsonl.gz');
const convert = OpenCC.Converter({ from: 'cn', to: 'twp' });

const rows = zlib.gunzipSync(fs.readFileSync(source)).toString('utf8').split('\n').filter(l => l.trim())
  .map(l => JSON.parse(l))
  .filter(r => r.language === 'zh-Hans')
  .map(r => ({
    ...r,
    id: r.id.replace(/^speechmap:/, 'speechmap-zh-Hant-converted:'),
    source: 'speechmap-zh-Hant-converted',
    language: 'zh-Hant',
    question: r.question == null ? r.question : convert(r.question),
    answer: r.answer == null ? r.answer : convert(r.answer),
  }));
fs.writeFileSync(target, zlib.gzipSync(rows.map(r => JSON.stringify(r) + '\n').join(''), { level: 9 }));
console.log(`${target}: ${rows.length} rows`);
