// Thousands separators the renderer adds to formulas that arrive without them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { groupLatexNumbers, groupTextNumbers } from '../../../renderer/format';
import { contrastRatio, readableOn } from '../../../renderer/theme';

describe('groupLatexNumbers / groupTextNumbers', () => {
  it('groups plain integers of four digits or more, braced for KaTeX', () => {
    assert.equal(groupLatexNumbers('1806336 + 25690112 = 27496448'), '1{,}806{,}336 + 25{,}690{,}112 = 27{,}496{,}448');
    assert.equal(groupTextNumbers('640 + 8320 = 8960'), '640 + 8,320 = 8,960');
    assert.equal(groupLatexNumbers('1024 \\cdot 3'), '1{,}024 \\cdot 3');
  });

  it('leaves grouped numbers, short numbers, names, fractions, indices, exponents and colours alone', () => {
    for (const s of ['73{,}856', '128 \\cdot 64', '\\text{conv1234}', '0.00012345', 'x_{1024}', 'k_1024', '10^{12345}', '\\textcolor{#123456}{0}']) {
      assert.equal(groupLatexNumbers(s), s, s);
    }
    assert.equal(groupTextNumbers('73,856 and layer4096'), '73,856 and layer4096');
  });

  it('groups the integer part of a decimal but not its fraction', () => {
    assert.equal(groupLatexNumbers('1234.5678'), '1{,}234.5678');
  });
});

describe('readableOn', () => {
  it('keeps the theme colour when it reaches 4.5:1 and falls back to black or white otherwise', () => {
    assert.equal(readableOn('#ffffff', '#3b3b3b'), '#3b3b3b');
    assert.equal(readableOn('rgb(120, 111, 33)', '#cccccc'), '#ffffff');
    assert.equal(readableOn('rgb(180, 153, 187)', '#3b3b3b'), '#000000');
    assert.ok(contrastRatio('#000000', '#ffffff') > 20.9);
    assert.equal(contrastRatio('#777777', '#777777'), 1);
  });
});
