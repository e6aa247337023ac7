"""How a case's value is recorded, shared by the PyTorch generator (torch_cases.py) and the test
that runs the same snippets in convbook's package (test/unit/python/torch_cases.test.ts)."""
import json

import torch
from torch import nn


def describe(value):
    if isinstance(value, torch.Size):
        return {"shape": list(value)}
    if isinstance(value, (nn.Module, torch.Tensor)):
        return {"repr": repr(value)}
    if isinstance(value, list) and value and isinstance(value[0], torch.Size):
        return {"shapes": [list(v) for v in value]}
    if isinstance(value, (int, float, list)):
        return {"value": value}
    return {"repr": repr(value)}


def run_case(code, scope):
    try:
        return describe(eval(code, scope))
    except Exception as error:
        return {"error": f"{type(error).__name__}: {error}"}


def run_case_json(code, scope):
    return json.dumps(run_case(code, scope))
