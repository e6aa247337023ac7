// Completions and signature help logic for convbook cells, on half-typed code.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scanToCursor } from '../../../extension/cell_language/call_context';
import { activeParameter, signatureHelpAt, signatureLabel } from '../../../extension/cell_language/signature_help';
import { assignedNames, completionsAt, memberCompletions } from '../../../extension/cell_language/completions';
import { SIGNATURES } from '../../../lang/syntax/signatures';

/** Text with a '|' marking the cursor. */
function at(marked: string): [string, number] {
  const offset = marked.indexOf('|');
  return [marked.slice(0, offset) + marked.slice(offset + 1), offset];
}

describe('scanToCursor', () => {
  it('finds the innermost call, its argument index and the keywords already used', () => {
    const [text, offset] = at('y = F.conv2d(x, w, stride=2, pad|');
    const { call } = scanToCursor(text, offset);
    assert.equal(call?.callee, 'F.conv2d');
    assert.equal(call?.argIndex, 3);
    assert.equal(call?.positionalCount, 2);
    assert.deepEqual(call?.usedKeywords, ['stride']);
    assert.equal(call?.atArgumentStart, true);
  });

  it('keeps a tuple argument inside its call, spanning lines', () => {
    const [text, offset] = at('m = nn.Conv2d(\n  3, 8,\n  (3, |');
    const { call } = scanToCursor(text, offset);
    assert.equal(call?.callee, 'nn.Conv2d');
    assert.equal(call?.argIndex, 2);
    assert.equal(call?.atArgumentStart, false);
  });

  it('sees a keyword argument being filled and ignores commas in strings and comments', () => {
    const [text, offset] = at("F.pad(x, (1, 1), mode='a,b', value=|");
    assert.equal(scanToCursor(text, offset).call?.keyword, 'value');
    const [t2, o2] = at('f(a,  # b, c\n  |');
    assert.equal(scanToCursor(t2, o2).call?.argIndex, 1);
  });

  it('reports strings and comments at the cursor, and calls that are closed', () => {
    assert.equal(scanToCursor(...at("image('cat|")).inStringOrComment, true);
    assert.equal(scanToCursor(...at('x = 1  # nn.|')).inStringOrComment, true);
    assert.equal(scanToCursor(...at("image('a.png')|")).inStringOrComment, false);
    assert.equal(scanToCursor(...at('F.relu(x)|')).call, null);
    assert.equal(scanToCursor(...at('if (|')).call, null);
  });
});

describe('signature help', () => {
  it('labels every parameter with its default and marks the active one', () => {
    const [text, offset] = at('nn.Conv2d(64, 128, 3, |');
    const help = signatureHelpAt(text, offset)!;
    assert.ok(help.label.startsWith('nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0'));
    const active = help.parameters[help.activeParameter];
    assert.equal(active.name, 'stride');
    assert.equal(help.label.slice(...active.range), 'stride=1');
  });

  it('follows keyword arguments, aliases and Tensor methods', () => {
    const k = signatureHelpAt(...at('torch.nn.functional.conv2d(x, w, groups=|'))!;
    assert.equal(k.parameters[k.activeParameter].name, 'groups');
    const m = signatureHelpAt(...at('y.size(|'))!;
    assert.ok(m.label.startsWith('Tensor.size('));
    assert.equal(signatureHelpAt(...at('mystery(|')), null);
  });

  it('puts extra positional arguments on *args and nothing past the end', () => {
    const zeros = SIGNATURES['torch.zeros'];
    assert.equal(activeParameter(zeros.params, { callee: '', argIndex: 3, positionalCount: 3, usedKeywords: [], atArgumentStart: true }), 0);
    const relu = SIGNATURES['F.relu'];
    assert.equal(activeParameter(relu.params, { callee: '', argIndex: 5, positionalCount: 5, usedKeywords: [], atArgumentStart: true }), -1);
  });

  it('shows keyword-only parameters after a bare *', () => {
    const { label } = signatureLabel(SIGNATURES['torch.tensor']);
    assert.equal(label, 'torch.tensor(data, *, dtype=None)');
  });
});

describe('completions', () => {
  it('lists layers after nn. and torch.nn., functions after F.', () => {
    const nn = memberCompletions('nn').map((e) => e.label);
    assert.ok(nn.includes('Conv2d') && nn.includes('MaxPool2d') && nn.includes('functional'));
    assert.ok(!nn.some((l) => l.includes('.')));
    assert.deepEqual(memberCompletions('torch.nn').map((e) => e.label).sort(), nn.sort());
    const f = completionsAt(...at('y = F.co|')).map((e) => e.label);
    assert.ok(f.includes('conv2d') && f.includes('conv_transpose2d'));
    const ops = memberCompletions('torchvision.ops').map((e) => e.label);
    assert.deepEqual(ops.sort(), ['DeformConv2d', 'deform_conv2d']);
  });

  it('offers keyword arguments not yet given, with PyTorch defaults, first', () => {
    const entries = completionsAt(...at('nn.Conv2d(3, 8, 3, padding=1, |'));
    const args = entries.filter((e) => e.kind === 'argument');
    const labels = args.map((e) => e.label);
    assert.ok(labels.includes('stride=') && labels.includes('dilation=') && labels.includes('padding_mode='));
    assert.ok(!labels.includes('padding=') && !labels.includes('in_channels=') && !labels.includes('kernel_size='));
    assert.equal(args.find((e) => e.label === 'groups=')?.detail, 'default 1');
    assert.ok(args.every((e) => e.sortText?.startsWith('0')));
  });

  it('offers top-level names, namespaces, keywords and notebook variables outside calls', () => {
    const labels = completionsAt(...at('x = |'), ['weights']).map((e) => e.label);
    for (const l of ['summary', 'sweep', 'cost', 'image', 'nn', 'F', 'torch', 'True', 'None', 'weights']) assert.ok(labels.includes(l), l);
    assert.deepEqual(completionsAt(...at('# a comment nn.|')), []);
  });

  it('collects assigned and imported names', () => {
    assert.deepEqual(assignedNames(['x = 1\na, b = 2, 3\nif x == 1: pass', 'import torch.nn as nn\ny=F.relu(x)']).sort(), ['a', 'b', 'nn', 'x', 'y']);
  });
});
