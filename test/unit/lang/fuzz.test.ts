// Thousands of random and mutated cells (seeded, so failures reproduce): the editor's parser either
// succeeds or raises LangSyntaxError positioned inside the source; the static checker never throws;
// running them in Python never ends in an internal error, and every error points inside the cell.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LangSyntaxError } from '../../../lang/syntax/errors';
import { parseCell } from '../../../lang/syntax/parser';
import { checkCell } from '../../../lang/syntax/static_check';
import { execute, PREAMBLE } from '../support/cells';
import { randomCell, rng } from '../support/seeded_cells';

const CORPUS = [
  'x = torch.tensor([[[[3., 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]]]])\nk = torch.tensor([[[[0., 1, 2], [2, 2, 0], [0, 1, 2]]]])\ny = F.conv2d(x, k)\ny',
  "import torch\nimport torch.nn as nn\nconv = nn.Conv2d(3, 8, 3, stride=1, padding='same')\nconv",
  'from torchvision.ops import deform_conv2d, DeformConv2d\nfrom convbook import offsets\nd = DeformConv2d(1, 1, 3, padding=1)\nx = torch.ones(1, 1, 4, 4)\noff = offsets.shift(3, 4, 0.5, -0.25)\nd(x, off)',
  'from convbook import summary\nmodel = nn.Sequential(\n    nn.Conv2d(1, 4, 3, padding=1),  # first\n    nn.ReLU(),\n    nn.MaxPool2d(2),\n)\nsummary(model, input_size=(1, 1, 8, 8))',
  'a = (1, 2,)\nb = [a, [3.5, -1e-3]]\nc = b[1][0] * 2 + a[0] / 4\nprint(a, b, c)',
  'y = F.max_pool2d(torch.arange(16.).reshape(1, 1, 4, 4), 2, return_indices=True)\nout, idx = y\nidx',
  "t = F.conv_transpose2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 3, 3), stride=2, output_padding=1)\nt[0, 0, 1:3, ::2]",
  'layer = nn.Conv2d(1, 1, 3, bias=False)\nlayer.weight = nn.Parameter(torch.tensor([[[[1., 0, -1], [2, 0, -2], [1, 0, -1]]]]))\ntorch.manual_seed(3)\nlayer(torch.rand(1, 1, 5, 5))',
  "from convbook import cost, receptive_field\ncost(nn.Conv2d(64, 128, 3, stride=2), input_size=(1, 64, 56, 56))\nreceptive_field(nn.Sequential(nn.Conv2d(1,1,3), nn.MaxPool2d(2)), input_size=(1, 1, 16, 16))",
  "F.pad(torch.ones(1, 1, 3, 3), (1, 1, 0, 2), mode='reflect')",
];

const PIECES = [
  'x', 'y', 'nn', 'F', 'torch', 'tensor', 'Conv2d', 'conv2d', '.', ',', '(', ')', '[', ']', '{', '}', ':', ';', '=', '==', '+', '-', '*', '/',
  '//', '%', '**', '@', '~', '<', '>', '!', '1', '0', '3.5', '1e-3', '0x1F', '007', '1j', "'s'", '"d"', "'open", '"""', '#c', '\n', '\n  ', ' ',
  '\t', '\\', '\\\n', 'def', 'class', 'for', 'in', 'if', 'else', 'lambda', 'import', 'from', 'as', 'not', 'and', 'None', 'True', 'False', 'é',
  '€', '\u0000', '\r\n', '$', '?', '`', 'padding=', 'stride=', '*args', '**kw', 'return', '...', 'f"', 'b"', 'r"\\d"',
];

function mutate(source: string, next: () => number): string {
  let s = source;
  const edits = 1 + Math.floor(next() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(next() * (s.length + 1));
    const kind = Math.floor(next() * 4);
    if (kind === 0) s = s.slice(0, at) + s.slice(Math.min(s.length, at + 1 + Math.floor(next() * 6)));
    else if (kind === 1) s = s.slice(0, at) + PIECES[Math.floor(next() * PIECES.length)] + s.slice(at);
    else if (kind === 2) {
      const from = Math.floor(next() * s.length);
      s = s.slice(0, at) + s.slice(from, from + Math.floor(next() * 10)) + s.slice(at);
    } else if (at + 1 < s.length) s = s.slice(0, at) + s[at + 1] + s[at] + s.slice(at + 2);
  }
  return s;
}

function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '\n') starts.push(i + 1);
    else if (source[i] === '\r') {
      if (source[i + 1] === '\n') i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

function assertPositioned(source: string, error: LangSyntaxError): void {
  const starts = lineStarts(source);
  const where = `${JSON.stringify(source)} → ${error.message} at ${error.line}:${error.column}`;
  assert.ok(error.offset >= 0 && error.offset <= source.length, where);
  assert.ok(error.endOffset >= error.offset && error.endOffset <= source.length, where);
  assert.ok(error.line >= 1 && error.line <= starts.length, where);
  assert.equal(starts[error.line - 1] + error.column - 1, error.offset, `line/column agree with the offset: ${where}`);
  assert.equal(starts[error.endLine - 1] + error.endColumn - 1, error.endOffset, `end line/column agree with the end offset: ${where}`);
  assert.ok(error.message.length > 0, where);
}

function checkParse(source: string): boolean {
  try {
    parseCell(source);
    return true;
  } catch (error) {
    if (!(error instanceof LangSyntaxError)) assert.fail(`non-SyntaxError ${String(error)} for ${JSON.stringify(source)}`);
    assertPositioned(source, error);
    return false;
  }
}

test('the corpus itself parses and runs (so mutations start from valid cells)', async () => {
  for (const cell of CORPUS) {
    assert.ok(checkParse(cell), cell);
    const { error } = await execute(cell);
    assert.equal(error, null, `${cell}: ${JSON.stringify(error)}`);
  }
});

test('4000 random token soups: parse or a positioned SyntaxError, never anything else', () => {
  const next = rng(20240601);
  let parsed = 0;
  for (let i = 0; i < 4000; i++) if (checkParse(randomCell(next, PIECES))) parsed++;
  // Both outcomes must actually occur, or the generator is not exercising the parser.
  assert.ok(parsed > 50 && parsed < 3950, `parsed ${parsed}`);
});

test('4000 mutated cells: parse or a positioned SyntaxError; static checks never throw', () => {
  const next = rng(7);
  let parsed = 0;
  for (let i = 0; i < 4000; i++) {
    const source = mutate(CORPUS[i % CORPUS.length], next);
    if (checkParse(source)) parsed++;
    const diagnostics = checkCell(source);
    for (const d of diagnostics) {
      assert.ok(d.line >= 1 && d.column >= 1 && (d.endLine > d.line || d.endColumn > d.column), `${JSON.stringify(source)}: ${JSON.stringify(d)}`);
    }
  }
  assert.ok(parsed > 400 && parsed < 3900, `parsed ${parsed}`);
});

test('600 mutated cells run in Python: no internal errors, every error positioned inside the cell', async () => {
  const next = rng(99);
  let failures = 0;
  let successes = 0;
  for (let i = 0; i < 600; i++) {
    const source = mutate(CORPUS[i % CORPUS.length], next);
    const { error } = await execute(source);
    if (!error) {
      successes++;
      continue;
    }
    failures++;
    assert.doesNotMatch(`${error.name}: ${error.message}`, /internal error|JsException|InternalError/, `${JSON.stringify(source)} → ${error.name}: ${error.message}`);
    const lines = source.split(/\r\n|\r|\n/);
    assert.ok(error.line !== undefined, `unpositioned ${error.name}: ${error.message} for ${JSON.stringify(source)}`);
    assert.ok(error.line >= 1 && error.line <= lines.length, `${JSON.stringify(source)} → line ${error.line}`);
    assert.ok(error.column! >= 1 && error.column! <= lines[error.line - 1].length + 1, `${JSON.stringify(source)} → column ${error.column}`);
    assert.ok(error.caret?.includes('^'));
  }
  assert.ok(PREAMBLE.includes('import torch'));
  assert.ok(failures > 100 && successes > 15, `failures ${failures}, successes ${successes}`);
});
