// The page checks numbers as the engine reads them (src/vi/number.rs,
// parse_number): the same cases as the engine's own tests.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVietnameseNumber as parse } from '../../src/serve/page/app.js';

test('plain numbers and scientific notation', () => {
  assert.equal(parse('42'), 42);
  assert.equal(parse(' 5.4 '), 5.4);
  assert.equal(parse('1234.567'), 1234.567);
  assert.equal(parse('0.500'), 0.5);
  assert.equal(parse('1e3'), 1000);
  assert.equal(parse('1.5E-2'), 0.015);
  assert.equal(parse('-2e+2'), -200);
  assert.equal(parse('+7'), 7);
  assert.equal(parse('\u22125'), -5);
});

test('Vietnamese notation: dots group thousands, the comma is the decimal mark', () => {
  assert.equal(parse('28.013'), 28013);
  assert.equal(parse('5,4'), 5.4);
  assert.equal(parse('11.966,222'), 11966.222);
  assert.equal(parse('11966,222'), 11966.222);
  assert.equal(parse('1.500.000'), 1500000);
  assert.equal(parse('0,5'), 0.5);
  assert.equal(parse('-1.500'), -1500);
  assert.equal(parse('149.666'), 149666);
});

test('percentages', () => {
  assert.equal(parse('64%'), 64);
  assert.equal(parse('5,4%'), 5.4);
  assert.equal(parse('75,1 %'), 75.1);
  assert.equal(parse('%'), null);
  assert.equal(parse('5%%'), null);
});

test('what the engine refuses, the page refuses', () => {
  for (const s of [
    '', ' ', 'abc', '-', '+', '--5', '+-5', '- 5', '1.2.3', '1,2,3', '1.50,5', '0.500,5',
    '1.5.0000', '5,', ',5', '.5', '5.', '1 000', '12a', 'NaN', 'nan', 'inf', '-inf',
    'infinity', '0x10', '٣', '1e400', '1e', 'e3', '1e3.5',
  ]) {
    assert.equal(parse(s), null, JSON.stringify(s));
  }
  assert.equal(parse(`1${'0'.repeat(400)}`), null);
});
