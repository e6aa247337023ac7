"""Audit cases run through real PyTorch: shared by extend.py (fixtures) and fuzz.py (differential fuzz).

A case is a dict in the fixture format of test/fixtures/golden-extra/README.md:

    name     what it checks
    op       the engine op the case exercises (conv2d, conv_transpose1d, deform_conv2d, max_pool2d,
             avg_pool2d, adaptive_avg_pool2d, pad, add/sub/mul/div, or 'layer' for constructor-only cases)
    tensors  variable name -> {"shape", "data"} (no "data": zeros)
    setup    statements run before the call (building a layer and assigning its weights)
    call     the Python expression PyTorch evaluated, verbatim; convbook cells run the same text
    params   the op's arguments under PyTorch's names, for replaying through the engine directly
    output   the result (a list of results for tuples), or
    error    {"exception": type name, "message": str(exception)}

Everything runs in float64 (torch.set_default_dtype) from float32-representable inputs.
"""

import math
import os
import sys
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.ops import DeformConv2d, deform_conv2d

GENERATOR = f"PyTorch {torch.__version__}, torchvision {__import__('torchvision').__version__}, float64 reference"

warnings.filterwarnings("ignore")
torch.set_default_dtype(torch.float64)


def require_fixed_hash_seed():
    """Python set order shows in some PyTorch messages ({'zeros', 'reflect', ...}); pin it."""
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable] + sys.argv)


# ───────────── values ─────────────


def py(value):
    """Python source for a literal argument: tuples for lists, quoted strings."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (list, tuple)):
        inner = ", ".join(py(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def kwargs_text(params, names=None):
    keys = names if names is not None else list(params)
    return ", ".join(f"{k}={py(params[k])}" for k in keys if k in params)


def to_json(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.to(torch.float64).flatten().tolist()]}


def shape_only(shape):
    return {"shape": list(shape)}


def random_values(gen, shape, kind="normal", scale=1.0):
    """float32-representable values: small integers, or float32-rounded normals."""
    if kind == "int":
        return torch.randint(-3, 4, tuple(shape), generator=gen).to(torch.float64)
    v = torch.randn(tuple(shape), generator=gen, dtype=torch.float32) * scale
    return v.to(torch.float32).to(torch.float64)


def tensor_of(spec, dtype):
    if "data" in spec:
        return torch.tensor(spec["data"], dtype=dtype).reshape(spec["shape"])
    return torch.zeros(spec["shape"], dtype=dtype)


# ───────────── running ─────────────


def environment():
    return {
        "torch": torch,
        "nn": nn,
        "F": F,
        "tensor": torch.tensor,
        "deform_conv2d": deform_conv2d,
        "DeformConv2d": DeformConv2d,
    }


class DtypeDependent(Exception):
    """float32 and float64 disagree on whether the call fails: not a fact worth a fixture."""


def evaluate(case, dtype):
    torch.set_default_dtype(dtype)
    try:
        env = environment()
        for name, spec in case.get("tensors", {}).items():
            env[name] = tensor_of(spec, dtype)
        for statement in case.get("setup", []):
            exec(statement, env)
        return eval(case["call"], env)
    finally:
        torch.set_default_dtype(torch.float64)


def run(case):
    """
    Runs case['setup'] and case['call'] in PyTorch; fills 'output' or 'error'. Whether the call
    fails, and with which message, is decided in float32, the dtype users run (CPU kernels such as
    mkldnn's only take float32, and their checks differ); values are then computed in float64.
    """
    case.pop("output", None)
    case.pop("error", None)
    try:
        evaluate(case, torch.float32)
    except Exception as e:  # noqa: BLE001 - every exception is a fact about PyTorch
        case["error"] = {"exception": type(e).__name__, "message": str(e)}
        return case
    try:
        result = evaluate(case, torch.float64)
    except Exception as e:  # noqa: BLE001
        raise DtypeDependent(f"{case['name']}: float64 raises {type(e).__name__}: {e}") from e
    if isinstance(result, tuple):
        case["output"] = [to_json(r) for r in result]
    elif isinstance(result, torch.Tensor):
        case["output"] = to_json(result)
    else:
        case["output"] = {"shape": [], "data": [float(result)]}
    return case


# ───────────── case builders ─────────────


def tensors_text(names):
    return ", ".join(names)


def conv_case(name, dims, x, w, b, params, gen=None):
    """F.convNd(x, w, b, **params) with params in PyTorch's names (no padding_mode)."""
    tensors = {"x": x, "w": w}
    args = ["x", "w"]
    if b is not None:
        tensors["b"] = b
        args.append("b")
    kw = kwargs_text(params)
    call = f"F.conv{dims}d({', '.join(args)}{', ' + kw if kw else ''})"
    return {"name": name, "op": f"conv{dims}d", "tensors": tensors, "call": call, "params": dict(params)}


def conv_module_case(name, dims, x, w, b, params):
    """nn.ConvNd with the weights assigned; params may hold padding_mode."""
    c_out, c_in_per_group = w["shape"][0], w["shape"][1]
    groups = params.get("groups", 1)
    kernel = w["shape"][2:]
    kw = kwargs_text(params, ["stride", "padding", "dilation", "groups", "padding_mode"])
    layer = f"nn.Conv{dims}d({c_in_per_group * groups}, {c_out}, {py(kernel)}{', ' + kw if kw else ''}, bias={py(b is not None)})"
    setup = [f"layer = {layer}", "layer.weight = nn.Parameter(w)"]
    tensors = {"x": x, "w": w}
    if b is not None:
        tensors["b"] = b
        setup.append("layer.bias = nn.Parameter(b)")
    return {"name": name, "op": f"conv{dims}d", "tensors": tensors, "setup": setup, "call": "layer(x)", "params": dict(params)}


def transpose_case(name, dims, x, w, b, params):
    tensors = {"x": x, "w": w}
    args = ["x", "w"]
    if b is not None:
        tensors["b"] = b
        args.append("b")
    kw = kwargs_text(params)
    call = f"F.conv_transpose{dims}d({', '.join(args)}{', ' + kw if kw else ''})"
    return {"name": name, "op": f"conv_transpose{dims}d", "tensors": tensors, "call": call, "params": dict(params)}


def transpose_module_case(name, dims, x, w, b, params, output_size):
    c_in, c_out_per_group = w["shape"][0], w["shape"][1]
    groups = params.get("groups", 1)
    kernel = w["shape"][2:]
    kw = kwargs_text(params, ["stride", "padding", "output_padding", "groups", "dilation"])
    layer = f"nn.ConvTranspose{dims}d({c_in}, {c_out_per_group * groups}, {py(kernel)}{', ' + kw if kw else ''}, bias={py(b is not None)})"
    setup = [f"layer = {layer}", "layer.weight = nn.Parameter(w)"]
    tensors = {"x": x, "w": w}
    if b is not None:
        tensors["b"] = b
        setup.append("layer.bias = nn.Parameter(b)")
    all_params = dict(params)
    call = "layer(x)"
    if output_size is not None:
        all_params["output_size"] = list(output_size)
        call = f"layer(x, output_size={py(list(output_size))})"
    return {"name": name, "op": f"conv_transpose{dims}d", "tensors": tensors, "setup": setup, "call": call, "params": all_params}


def deform_case(name, x, offset, w, b, mask, params):
    tensors = {"x": x, "offset": offset, "w": w}
    args = ["x", "offset", "w"]
    if b is not None:
        tensors["b"] = b
        args.append("b")
    kw = kwargs_text(params)
    parts = [", ".join(args)]
    if kw:
        parts.append(kw)
    if mask is not None:
        tensors["mask"] = mask
        parts.append("mask=mask")
    all_params = dict(params)
    return {"name": name, "op": "deform_conv2d", "tensors": tensors, "call": f"deform_conv2d({', '.join(parts)})", "params": all_params}


def pool_case(name, op, x, params, positional=()):
    """F.<op>(x, *positional values, **rest); params holds every argument by name."""
    pos = [py(params[p]) for p in positional]
    kw = kwargs_text({k: v for k, v in params.items() if k not in positional})
    call = f"F.{op}({', '.join(['x'] + pos)}{', ' + kw if kw else ''})"
    return {"name": name, "op": op, "tensors": {"x": x}, "call": call, "params": dict(params)}


POOL_LAYERS = {"max_pool2d": "MaxPool2d", "avg_pool2d": "AvgPool2d", "adaptive_avg_pool2d": "AdaptiveAvgPool2d"}


def pool_module_case(name, op, x, params):
    kw = kwargs_text(params)
    setup = [f"layer = nn.{POOL_LAYERS[op]}({kw})"]
    return {"name": name, "op": op, "tensors": {"x": x}, "setup": setup, "call": "layer(x)", "params": dict(params)}


def pad_case(name, x, pad, mode=None, value=None):
    params = {"pad": list(pad)}
    call = f"F.pad(x, {py(list(pad))}"
    if mode is not None:
        params["mode"] = mode
        call += f", mode={py(mode)}"
    if value is not None:
        params["value"] = value
        call += f", value={py(value)}"
    return {"name": name, "op": "pad", "tensors": {"x": x}, "call": call + ")", "params": params}


BINARY = {"add": "+", "sub": "-", "mul": "*", "div": "/"}


def binary_case(name, op, a, b, reverse=False):
    """a <op> b where either side may be a Python number (stored in params.scalar)."""
    tensors = {}
    params = {}
    left, right = "x", "other"
    if isinstance(a, dict):
        tensors["x"] = a
    else:
        params["scalar"] = a
        left = py(a)
        params["scalar_side"] = "left"
    if isinstance(b, dict):
        tensors["other"] = b
    else:
        params["scalar"] = b
        right = py(b)
        params["scalar_side"] = "right"
    return {"name": name, "op": op, "tensors": tensors, "call": f"{left} {BINARY[op]} {right}", "params": params}


def layer_case(name, setup, call, input_shape=None):
    """A constructor (and maybe a forward on zeros) as a user types it; replayed through the layer specs."""
    tensors = {"x": shape_only(input_shape)} if input_shape is not None else {}
    return {"name": name, "op": "layer", "tensors": tensors, "setup": setup, "call": call, "params": {}}


def seeded(seed):
    g = torch.Generator()
    g.manual_seed(seed)
    return g


def data(gen, shape, kind="normal", scale=1.0):
    return to_json(random_values(gen, shape, kind, scale))


def finite(case):
    """True when the output has no NaN or infinity (fixtures keep to finite JSON numbers)."""
    outs = case.get("output")
    if outs is None:
        return True
    for o in outs if isinstance(outs, list) else [outs]:
        if any(not math.isfinite(v) for v in o["data"]):
            return False
    return True
