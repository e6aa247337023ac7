"""compare(): parameters and FLOPs of two layers or models side by side on one input size, each
traced with shape-only tensors (nothing is allocated), e.g. a dense conv against its depthwise
separable replacement."""
import json
import re

import torch
from torch._engine import E, js

from ._rich import Rich
from ._trace import trace

_LABEL_MAX = 60


class Comparison(Rich):
    pass


def _label(model):
    """A layer's PyTorch repr; a container's class with its layers' classes, when short enough."""
    leaves = [m for m in model.modules() if not any(True for _ in m.children())]
    if leaves == [model]:
        # PyTorch's repr, with tuples of equal sizes written as one int and stride 1 left out.
        text = re.sub(r"\((\d+)(?:, \1)+\)", r"\1", repr(model)).replace(", stride=1", "")
    else:
        text = f"{type(model).__name__}({', '.join(type(m).__name__ for m in leaves)})"
    return text if len(text) <= _LABEL_MAX else type(model).__name__


def _traced(model, input_size):
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"compare(): arguments must be nn.Module layers or models, not {type(model).__name__}")
    tracer = trace(model, input_size)
    leaves = [
        {"path": c["path"], "repr": c["repr"], "spec": c["spec"], "input_shape": c["input_shape"], "output_shape": c["output_shape"]}
        for c in tracer.calls
        if c["leaf"]
    ]
    single = not any(True for _ in model.children())
    return json.dumps({"label": _label(model), "single": single, "leaves": leaves}), tracer.input_shape


def compare(a, b, input_size):
    """Params and FLOPs of a and b on an input of input_size, side by side, with their ratios."""
    a_json, shape = _traced(a, input_size)
    b_json, _ = _traced(b, input_size)
    return Comparison(E.compare(a_json, b_json, js(shape)))
