// PyTorch's golden cases (test/fixtures/golden) through the Python package: F.* and torchvision.ops
// on the cases' tensors, and the layers with their weights assigned, match PyTorch's outputs.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadGolden, type GoldenCase, type GoldenTensor } from '../support/golden';
import { closeTo } from '../support/cells';
import { loadPython, type Python } from './support';

let py: Python;
before(async () => {
  py = await loadPython();
  py.run(`
import torchvision
from torch._engine import E, js
from torch._tensor import _wrap

def _t(g):
    return None if g is None else _wrap(E.from_values(js(g["shape"]), js(g["data"])))

def _run_golden(case_json, via_layer):
    c = json.loads(case_json)
    x, w, b, p = _t(c["input"]), _t(c.get("weight")), _t(c.get("bias")), c["params"]
    op = c["op"]
    if op.startswith("conv") and via_layer:
        dims = int(op[-2])
        transposed = "transpose" in op
        cls = getattr(nn, ("ConvTranspose%dd" if transposed else "Conv%dd") % dims)
        cin = w.shape[0] if transposed else w.shape[1] * p["groups"]
        cout = w.shape[1] * p["groups"] if transposed else w.shape[0]
        kwargs = dict(stride=p["stride"], padding=p["padding"], dilation=p["dilation"], groups=p["groups"], bias=b is not None)
        if transposed:
            kwargs["output_padding"] = p["output_padding"]
        else:
            kwargs["padding_mode"] = p["padding_mode"]
        layer = cls(cin, cout, tuple(w.shape[2:]), **kwargs)
        layer.weight = nn.Parameter(w)
        if b is not None:
            layer.bias = nn.Parameter(b)
        y = layer(x)
    elif op.startswith("conv_transpose"):
        y = getattr(F, op)(x, w, b, **p)
    elif op.startswith("conv"):
        y = getattr(F, op)(x, w, b, **{k: v for k, v in p.items() if k != "padding_mode"})
    elif op == "deform_conv2d":
        y = torchvision.ops.deform_conv2d(x, _t(c["offset"]), w, b, stride=p["stride"], padding=p["padding"], dilation=p["dilation"], mask=_t(c.get("mask")))
    else:
        y = getattr(F, op)(x, **p)
    return json.dumps({"shape": list(y.shape), "data": y.flatten().tolist()})
`);
});

function check(c: GoldenCase, viaLayer: boolean): void {
  const actual = JSON.parse(py.run(`_run_golden(${JSON.stringify(JSON.stringify(c))}, ${viaLayer ? 'True' : 'False'})`) as string) as GoldenTensor;
  assert.deepEqual(actual.shape, c.output.shape);
  actual.data.forEach((v, i) => assert.ok(closeTo(v, c.output.data[i]), `element ${i} is ${v}, PyTorch gives ${c.output.data[i]}`));
}

const files = ['conv.json', 'transpose.json', 'deform.json', 'pool.json'];
for (const file of files) {
  for (const c of loadGolden(file)) {
    // padding_mode other than zeros exists only on layers.
    const functional = !(c.op.startsWith('conv') && !c.op.startsWith('conv_transpose') && (c.params as { padding_mode?: string }).padding_mode !== 'zeros');
    if (functional) test(`${file} ${c.name}: functional`, () => check(c, false));
    if (c.op.startsWith('conv')) test(`${file} ${c.name}: layer with assigned weights`, () => check(c, true));
  }
}
