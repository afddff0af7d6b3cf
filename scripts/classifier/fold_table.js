#!/usr/bin/env node
// Prints the traditional -> simplified character pairs used by AnswerText's fold (Beacon.Core/Analysis/TraditionalFold.cs):
// every CJK unified ideograph (U+3400-U+9FFF) that OpenCC's character-level "t" -> "cn" conversion (opencc-js 1.4.2,
// MIT AND Apache-2.0) turns into one other character. Character by character on purpose: folding must keep the length.
//   npm install --prefix /tmp/occ opencc-js@1.4.2
//   NODE_PATH=/tmp/occ/node_modules node scripts/classifier/fold_table.js
const OpenCC = require('opencc-js');
const convert = OpenCC.Converter({ from: 't', to: 'cn' });
const pairs = [];
for (let code = 0x3400; code <= 0x9fff; code++) {
  const c = String.fromCharCode(code);
  const s = convert(c);
  if (s.length === 1 && s !== c) {
    pairs.push(c + s);
  }
}
console.log(pairs.join(''));
