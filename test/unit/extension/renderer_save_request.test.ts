// What the extension accepts from the renderer before it opens a save dialog and writes a file.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SAVE_BYTES, checkSaveRequest, safeFileName } from '../../../extension/renderer_save_request';

const decode = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString('base64');

describe('checkSaveRequest', () => {
  it('accepts a PNG and hands back its bytes, type and dialog filter', () => {
    const r = checkSaveRequest({ type: 'save', id: 'a1', filename: 'conv2d-seed.png', mime: 'image/png', base64: PNG_HEAD }, decode);
    assert.ok(r.ok);
    assert.equal(r.save.filename, 'conv2d-seed.png');
    assert.equal(r.save.extension, 'png');
    assert.equal(r.save.label, 'PNG image');
    assert.deepEqual([...r.save.bytes], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('knows GIF and SVG and nothing else', () => {
    for (const [mime, ext] of [['image/gif', 'gif'], ['image/svg+xml', 'svg']]) {
      const r = checkSaveRequest({ type: 'save', id: 'x', filename: 'f', mime, base64: 'AAAA' }, decode);
      assert.ok(r.ok && r.save.filename === `f.${ext}`, mime);
    }
    const r = checkSaveRequest({ type: 'save', id: 'x', filename: 'run.sh', mime: 'application/x-sh', base64: 'AAAA' }, decode);
    assert.deepEqual(r, { ok: false, id: 'x', message: 'convbook does not save files of type application/x-sh' });
  });

  it('refuses damaged base64, empty files, files past the cap and requests without an id', () => {
    const bad = (base64: string) => checkSaveRequest({ type: 'save', id: 'b', filename: 'a.png', mime: 'image/png', base64 }, decode);
    assert.equal(bad('not base64!').ok, false);
    assert.equal(bad('AAA').ok, false, 'length not a multiple of 4');
    assert.deepEqual(bad(''), { ok: false, id: 'b', message: 'the exported file is empty' });
    const huge = 'A'.repeat((Math.ceil(MAX_SAVE_BYTES / 3) + 4) * 4);
    let decoded = false;
    const r = checkSaveRequest({ type: 'save', id: 'h', filename: 'a.png', mime: 'image/png', base64: huge }, (t) => ((decoded = true), decode(t)));
    assert.equal(r.ok, false);
    assert.equal(decoded, false, 'an oversized file is refused before it is decoded');
    assert.deepEqual(checkSaveRequest({ type: 'save', filename: 'a.png', mime: 'image/png', base64: PNG_HEAD }, decode), { ok: false, message: 'the save request has no id' });
    assert.deepEqual(checkSaveRequest({ type: 'other' }, decode), { ok: false, message: 'not a save request' });
  });
});

describe('safeFileName', () => {
  it('keeps a plain name and fixes its extension to the type', () => {
    assert.equal(safeFileName('deform-conv.png', 'png'), 'deform-conv.png');
    assert.equal(safeFileName('deform-conv.svg', 'png'), 'deform-conv.png');
    assert.equal(safeFileName('summary', 'gif'), 'summary.gif');
  });

  it('drops folders and characters file systems refuse', () => {
    assert.equal(safeFileName('../../etc/passwd.png', 'png'), 'passwd.png');
    assert.equal(safeFileName('C:\\Users\\x\\a.png', 'png'), 'a.png');
    assert.equal(safeFileName('a<b>:c"d|e?f*.png', 'png'), 'a-b--c-d-e-f-.png');
    assert.equal(safeFileName('...', 'svg'), 'convbook.svg');
    assert.equal(safeFileName('', 'png'), 'convbook.png');
  });
});
