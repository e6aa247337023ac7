"""How modules display in a cell: a layer the engine describes shows its formula breakdown
(output size per axis, params, MACs and what torchinfo, ptflops, fvcore and thop count); any other
module its PyTorch repr."""
from torch._engine import E, js


def module_outputs(module):
    spec = module._convbook_spec()
    if spec is not None and spec.get("kind") in ("conv", "conv_transpose", "deform_conv", "max_pool", "avg_pool", "linear", "batch_norm"):
        return E.describe(js(spec), js(None), repr(module))
    return [{"items": [{"mime": "text/plain", "value": repr(module)}]}]
