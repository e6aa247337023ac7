"""Writes test/fixtures/golden-extra/*.json: PyTorch reference cases the first golden set does not
cover (see that folder's README). Deterministic: fixed seeds, float32-representable inputs,
float64 references, errors and their messages as float32 calls raise them.

    /usr/bin/python3 scripts/golden/extend.py
"""

import json
import os
import random
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fuzz  # noqa: E402
from torch_cases import (  # noqa: E402
    GENERATOR,
    DtypeDependent,
    binary_case,
    conv_case,
    conv_module_case,
    data,
    deform_case,
    finite,
    layer_case,
    pad_case,
    pool_case,
    pool_module_case,
    require_fixed_hash_seed,
    run,
    seeded,
    shape_only,
    transpose_case,
    transpose_module_case,
)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures", "golden-extra")
LIMIT = 1_000_000


def ran(case):
    return run(case)


def valid(case):
    """Runs a case that must succeed in PyTorch (a hand-written one: a failure is a mistake here)."""
    run(case)
    if "error" in case:
        raise SystemExit(f"{case['name']}: PyTorch raised {case['error']}")
    return case


def stable(case):
    """False when PyTorch gives different numbers on a second run (1.13's circular F.pad can read
    uninitialised memory when it wraps more than a negative pad left of the input)."""
    again = run(json.loads(json.dumps({k: v for k, v in case.items() if k != "output"})))
    return again.get("output") == case.get("output")


def random_valid(make, count, seed, prefix):
    """`count` random configurations from fuzz.py's generators that PyTorch accepts."""
    r = random.Random(seed)
    gen = seeded(seed)
    out = []
    while len(out) < count:
        case = make(r, gen, invalid=False)
        try:
            run(case)
        except DtypeDependent:
            continue
        if "error" in case or not finite(case) or not stable(case):
            continue
        case["name"] = f"{prefix} {len(out) + 1}: {case['call'] if 'setup' not in case else case['setup'][0]}"
        out.append(case)
    return out


# ───────────── convolution ─────────────


def conv_cases():
    g = seeded(11)
    cases = [
        conv_case("depthwise, channel multiplier 3, stride 2, dilation 2", 2, data(g, [1, 2, 9, 8]), data(g, [6, 1, 3, 3]), data(g, [6]),
                  {"stride": 2, "dilation": 2, "groups": 2}),
        conv_case("groups 3 with bias and tuple padding", 2, data(g, [2, 6, 5, 7]), data(g, [3, 2, 2, 3]), data(g, [3]),
                  {"padding": (0, 2), "groups": 3}),
        conv_case("padding='same', even kernel 2x4 and dilation (1, 3): extra cell after", 2, data(g, [1, 2, 6, 7]), data(g, [2, 2, 2, 4]), None,
                  {"padding": "same", "dilation": (1, 3)}),
        conv_case("padding='same' conv1d, even kernel with dilation 2 (symmetric)", 1, data(g, [1, 2, 9]), data(g, [3, 2, 4]), data(g, [3]),
                  {"padding": "same", "dilation": 2}),
        conv_case("padding='same' conv3d, kernel (2, 3, 4)", 3, data(g, [1, 1, 3, 4, 5]), data(g, [2, 1, 2, 3, 4]), None, {"padding": "same"}),
        conv_case("padding='valid' with per-axis stride", 2, data(g, [1, 3, 8, 9]), data(g, [2, 3, 3, 2]), None, {"padding": "valid", "stride": (2, 3)}),
        conv_case("unbatched conv1d", 1, data(g, [3, 10]), data(g, [2, 3, 3]), data(g, [2]), {"stride": 2, "padding": 1}),
        conv_case("unbatched conv2d, groups 2", 2, data(g, [4, 6, 5]), data(g, [4, 2, 3, 3]), None, {"groups": 2, "padding": 1}),
        conv_case("unbatched conv3d", 3, data(g, [2, 4, 4, 4]), data(g, [1, 2, 2, 2, 2]), None, {"dilation": (1, 2, 1)}),
        conv_case("empty batch", 2, shape_only([0, 2, 5, 5]), data(g, [3, 2, 3, 3]), data(g, [3]), {"padding": 1}),
        conv_case("integer data, stride larger than kernel", 2, data(g, [1, 1, 9, 9], "int"), data(g, [1, 1, 2, 2], "int"), None, {"stride": 4}),
    ]
    for mode in ["reflect", "replicate", "circular"]:
        cases.append(conv_module_case(f"nn.Conv2d padding='same' even kernel, padding_mode={mode}", 2, data(g, [1, 2, 5, 6]), data(g, [3, 2, 2, 4]), data(g, [3]),
                                      {"padding": "same", "padding_mode": mode}))
        cases.append(conv_module_case(f"nn.Conv1d padding 2, padding_mode={mode}", 1, data(g, [2, 2, 6]), data(g, [2, 2, 3]), None,
                                      {"padding": 2, "padding_mode": mode}))
        cases.append(conv_module_case(f"nn.Conv3d padding (1, 0, 2), padding_mode={mode}", 3, data(g, [1, 1, 3, 4, 4]), data(g, [2, 1, 2, 2, 3]), None,
                                      {"padding": (1, 0, 2), "padding_mode": mode}))
    cases.append(conv_module_case("nn.Conv2d reflect padding on an unbatched input", 2, data(g, [2, 5, 5]), data(g, [2, 2, 3, 3]), None,
                                  {"padding": (2, 1), "padding_mode": "reflect"}))
    cases.append(conv_module_case("nn.Conv2d padding='valid', padding_mode=replicate", 2, data(g, [1, 2, 5, 5]), data(g, [1, 2, 3, 3]), None,
                                  {"padding": "valid", "padding_mode": "replicate"}))
    return [valid(c) for c in cases] + random_valid(fuzz.conv_config, 45, 101, "random")


# ───────────── transposed convolution ─────────────


def transpose_cases():
    g = seeded(12)
    cases = [
        transpose_case("stride 3, output_padding 2", 2, data(g, [1, 2, 3, 4]), data(g, [2, 3, 2, 2]), data(g, [3]), {"stride": 3, "output_padding": 2}),
        transpose_case("output_padding below dilation when dilation > stride", 2, data(g, [1, 1, 3, 3]), data(g, [1, 2, 3, 3]), None,
                       {"stride": 1, "dilation": 3, "output_padding": 2}),
        transpose_case("groups 2 with bias, per-axis stride and padding", 2, data(g, [2, 4, 3, 4]), data(g, [4, 3, 3, 2]), data(g, [6]),
                       {"stride": (2, 1), "padding": (1, 0), "groups": 2}),
        transpose_case("conv_transpose1d dilation 2 stride 2", 1, data(g, [1, 2, 5]), data(g, [2, 2, 3]), None, {"stride": 2, "dilation": 2, "output_padding": 1}),
        transpose_case("conv_transpose3d per-axis output_padding", 3, data(g, [1, 2, 2, 2, 3]), data(g, [2, 1, 2, 3, 2]), data(g, [1]),
                       {"stride": (2, 2, 3), "output_padding": (1, 0, 2)}),
        transpose_case("unbatched conv_transpose2d", 2, data(g, [2, 3, 3]), data(g, [2, 2, 3, 3]), None, {"stride": 2, "padding": 1}),
        transpose_case("unbatched conv_transpose1d", 1, data(g, [1, 4]), data(g, [1, 2, 4]), data(g, [2]), {"stride": 3}),
        transpose_case("integer data, kernel 2 stride 2", 2, data(g, [1, 1, 3, 3], "int"), data(g, [1, 1, 2, 2], "int"), None, {"stride": 2}),
    ]
    module = [
        ("output_size picks output_padding 1 on both axes", 2, [1, 2, 4, 4], [2, 1, 3, 3], {"stride": 2, "padding": 1}, [8, 8]),
        ("output_size given as the full shape", 2, [2, 1, 3, 5], [1, 2, 3, 3], {"stride": (3, 2)}, [2, 2, 9, 12]),
        ("output_size on an unbatched input", 2, [1, 3, 3], [1, 1, 4, 4], {"stride": 2}, [9, 8]),
        ("output_size 1-d", 1, [1, 2, 5], [2, 2, 3], {"stride": 3, "padding": 1}, [15]),
        ("output_size 3-d", 3, [1, 1, 2, 2, 2], [1, 1, 2, 2, 2], {"stride": 2}, [4, 5, 4]),
        ("output_size with dilation 2", 2, [1, 1, 3, 3], [1, 1, 3, 3], {"stride": 2, "dilation": 2}, [10, 9]),
    ]
    for name, dims, xs, ws, params, size in module:
        cases.append(transpose_module_case(name, dims, data(g, xs), data(g, ws), data(g, [ws[1]]), params, size))
    cases.append(transpose_module_case("nn.ConvTranspose2d groups 2 without output_size", 2, data(g, [1, 4, 3, 3]), data(g, [4, 1, 2, 2]), None,
                                       {"stride": 2, "groups": 2, "output_padding": 1}, None))
    return [valid(c) for c in cases] + random_valid(fuzz.transpose_config, 35, 102, "random")


# ───────────── deformable convolution ─────────────


def deform_cases():
    g = seeded(13)

    def d(name, x, w, kh, kw, out, params, offset_groups=1, mask=False, scale=1.0, bias=False):
        n = x[0]
        offset = data(g, [n, 2 * offset_groups * kh * kw, *out], scale=scale)
        m = data(g, [n, offset_groups * kh * kw, *out]) if mask else None
        b = data(g, [w[0]]) if bias else None
        return deform_case(name, data(g, x), offset, data(g, w), b, m, params)

    cases = [
        d("offset_groups 2, mask", [1, 4, 5, 5], [2, 4, 3, 3], 3, 3, [5, 5], {"padding": 1}, offset_groups=2, mask=True),
        d("offset_groups 3, groups 1, stride 2", [1, 3, 6, 7], [2, 3, 3, 3], 3, 3, [3, 4], {"stride": 2, "padding": 1}, offset_groups=3),
        d("groups 2 and offset_groups 2 with bias and mask", [2, 4, 5, 4], [4, 2, 2, 2], 2, 2, [4, 3], {}, offset_groups=2, mask=True, bias=True),
        d("dilation 2, padding 2", [1, 2, 6, 6], [2, 2, 3, 3], 3, 3, [6, 6], {"padding": 2, "dilation": 2}),
        d("per-axis stride (1, 2) and dilation (2, 1)", [1, 2, 7, 6], [1, 2, 2, 3], 2, 3, [5, 2], {"stride": (1, 2), "dilation": (2, 1)}),
        d("offsets far outside the image (scale 8)", [1, 2, 5, 5], [2, 2, 3, 3], 3, 3, [5, 5], {"padding": 1}, scale=8.0, mask=True),
        d("offsets of a few cells (scale 2.5), kernel 1x3", [1, 1, 4, 6], [2, 1, 1, 3], 1, 3, [4, 4], {}, scale=2.5),
        d("batch 2, offset_groups 2, stride 2, padding (0, 1)", [2, 2, 5, 6], [3, 2, 3, 2], 3, 2, [2, 4], {"stride": 2, "padding": (0, 1)}, offset_groups=2),
        d("1x1 kernel with offsets", [1, 3, 4, 4], [2, 3, 1, 1], 1, 1, [4, 4], {}, scale=1.5, bias=True),
    ]
    layer = deform_case("DeformConv2d layer with mask", data(g, [1, 2, 5, 5]), data(g, [1, 18, 5, 5]), data(g, [4, 1, 3, 3]), data(g, [4]),
                        data(g, [1, 9, 5, 5]), {"padding": 1})
    layer["setup"] = ["layer = DeformConv2d(2, 4, 3, padding=1, groups=2)", "layer.weight = nn.Parameter(w)", "layer.bias = nn.Parameter(b)"]
    layer["call"] = "layer(x, offset, mask=mask)"
    cases.append(layer)
    return [valid(c) for c in cases] + random_valid(fuzz.deform_config, 10, 103, "random")


# ───────────── pooling ─────────────


def pool_cases():
    g = seeded(14)
    x = lambda *shape: data(g, list(shape))  # noqa: E731
    cases = [
        pool_case("max ceil_mode + padding: the last window would start in the padding and is dropped", "max_pool2d", x(1, 2, 5, 5),
                  {"kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True}, ("kernel_size",)),
        pool_case("max ceil_mode + padding + dilation, dropped window", "max_pool2d", x(1, 1, 5, 8),
                  {"kernel_size": 2, "stride": 3, "padding": 1, "dilation": 2, "ceil_mode": True}),
        pool_case("max ceil_mode keeps a partial window", "max_pool2d", x(2, 1, 7, 6), {"kernel_size": (3, 2), "stride": 2, "ceil_mode": True}),
        pool_case("max dilation (2, 3) padding (1, 0)", "max_pool2d", x(1, 2, 7, 9), {"kernel_size": 3, "stride": 1, "padding": (1, 0), "dilation": (2, 3)}),
        pool_case("max return_indices with padding and dilation", "max_pool2d", x(1, 2, 6, 6),
                  {"kernel_size": 3, "stride": 2, "padding": 1, "dilation": 2, "return_indices": True}),
        pool_case("max return_indices, ceil_mode, unbatched", "max_pool2d", x(2, 5, 5), {"kernel_size": 2, "ceil_mode": True, "return_indices": True}),
        pool_case("avg count_include_pad=False, padding 1", "avg_pool2d", x(1, 2, 5, 6), {"kernel_size": 3, "stride": 2, "padding": 1, "count_include_pad": False}),
        pool_case("avg ceil_mode: the last window runs past the padding, the divisor is clipped", "avg_pool2d", x(1, 1, 6, 6),
                  {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}),
        pool_case("avg ceil_mode, count_include_pad=False", "avg_pool2d", x(1, 1, 6, 5),
                  {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True, "count_include_pad": False}),
        pool_case("avg divisor_override 3", "avg_pool2d", x(1, 2, 4, 4), {"kernel_size": 2, "divisor_override": 3}),
        pool_case("avg divisor_override with padding and ceil_mode", "avg_pool2d", x(1, 1, 5, 5),
                  {"kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True, "divisor_override": 2}),
        pool_case("avg rect kernel stride None", "avg_pool2d", x(2, 1, 6, 9), {"kernel_size": (2, 3), "stride": None}),
        pool_case("avg unbatched", "avg_pool2d", x(3, 4, 4), {"kernel_size": 2, "stride": 1}),
        pool_case("adaptive 7x7 to 3x3 (overlapping bins)", "adaptive_avg_pool2d", x(1, 2, 7, 7), {"output_size": (3, 3)}, ("output_size",)),
        pool_case("adaptive 5x9 to 4x2", "adaptive_avg_pool2d", x(1, 1, 5, 9), {"output_size": (4, 2)}),
        pool_case("adaptive to a larger size (3 to 5)", "adaptive_avg_pool2d", x(1, 1, 3, 4), {"output_size": 5}),
        pool_case("adaptive (None, 2) keeps the height", "adaptive_avg_pool2d", x(2, 2, 5, 6), {"output_size": (None, 2)}),
        pool_case("adaptive (3, None)", "adaptive_avg_pool2d", x(1, 1, 6, 4), {"output_size": (3, None)}),
        pool_case("adaptive 1x1 (mean)", "adaptive_avg_pool2d", x(2, 3, 5, 4), {"output_size": 1}),
        pool_case("adaptive unbatched", "adaptive_avg_pool2d", x(2, 7, 5), {"output_size": (2, 3)}),
        pool_case("adaptive to 0 rows", "adaptive_avg_pool2d", x(1, 1, 4, 4), {"output_size": (0, 2)}),
        pool_module_case("nn.MaxPool2d ceil_mode padding dilation", "max_pool2d", x(1, 2, 9, 8),
                         {"kernel_size": 3, "stride": 2, "padding": 1, "dilation": 2, "ceil_mode": True}),
        pool_module_case("nn.MaxPool2d return_indices with padding", "max_pool2d", x(1, 2, 5, 6),
                         {"kernel_size": 3, "stride": 2, "padding": 1, "return_indices": True}),
        pool_module_case("nn.AvgPool2d count_include_pad=False ceil_mode", "avg_pool2d", x(1, 1, 7, 7),
                         {"kernel_size": 3, "stride": 3, "padding": 1, "ceil_mode": True, "count_include_pad": False}),
        pool_module_case("nn.AvgPool2d divisor_override", "avg_pool2d", x(1, 1, 4, 6), {"kernel_size": (2, 3), "divisor_override": 5}),
        pool_module_case("nn.AdaptiveAvgPool2d((None, 3))", "adaptive_avg_pool2d", x(1, 2, 4, 7), {"output_size": (None, 3)}),
    ]
    return [valid(c) for c in cases] + random_valid(fuzz.pool_config, 40, 104, "random")


# ───────────── F.pad and elementwise ─────────────


def pad_cases():
    g = seeded(15)
    x = lambda *shape: data(g, list(shape))  # noqa: E731
    cases = [
        pad_case("constant, value 2.5, last two axes", x(1, 2, 3, 3), (1, 2, 0, 1), "constant", 2.5),
        pad_case("constant default mode, negative pads crop", x(2, 3, 4), (-1, 2, 1, -2)),
        pad_case("constant, every axis of a 3-d tensor", x(2, 2, 2), (1, 0, 0, 1, 1, 1)),
        pad_case("constant, 5-d tensor, one axis", x(1, 1, 2, 2, 3), (2, -1)),
        pad_case("constant, crop to empty", x(2, 3), (-3, 0)),
        pad_case("reflect 1-d, batched", x(2, 2, 5), (3, 2), "reflect"),
        pad_case("reflect 1-d, unbatched", x(2, 4), (1, 3), "reflect"),
        pad_case("reflect 1-d, negative before, positive after", x(1, 2, 5), (-2, 3), "reflect"),
        pad_case("reflect 2-d", x(1, 1, 4, 5), (2, 1, 3, 0), "reflect"),
        pad_case("reflect 2-d, negative pads", x(1, 2, 4, 5), (-1, 2, 1, -2), "reflect"),
        pad_case("reflect 3-d", x(1, 1, 3, 3, 4), (1, 2, 0, 2, 2, 1), "reflect"),
        pad_case("replicate 1-d", x(1, 2, 3), (4, 1), "replicate"),
        pad_case("replicate 2-d unbatched", x(2, 3, 3), (2, 2, 1, 3), "replicate"),
        pad_case("replicate 2-d, negative pads", x(1, 1, 4, 4), (-2, 1, 2, -3), "replicate"),
        pad_case("replicate 3-d", x(1, 2, 2, 2, 3), (1, 1, 2, 0, 0, 3), "replicate"),
        pad_case("circular 1-d", x(2, 1, 4), (4, 2), "circular"),
        pad_case("circular 2-d", x(1, 2, 3, 4), (2, 3, 1, 3), "circular"),
        pad_case("circular 3-d", x(1, 1, 2, 3, 3), (1, 1, 2, 0, 0, 2), "circular"),
        pad_case("circular 1-d, crop before and wrap after: wraps the cropped row", x(1, 1, 4), (-2, 2), "circular"),
        pad_case("circular 1-d, wrap before and crop after", x(1, 1, 5), (2, -3), "circular"),
        pad_case("circular 2-d, negative and positive pads", x(1, 1, 4, 5), (1, -2, -1, 2), "circular"),
        pad_case("reflect with value 0 is accepted", x(1, 1, 4), (1, 1), "reflect", 0.0),
        pad_case("zero pads", x(2, 3), (0, 0, 0, 0)),
        pad_case("circular with an empty result copies nothing", x(2, 1, 3, 2, 3), (-1, 3, 0, -1, -2, -1), "circular"),
    ]
    return [valid(c) for c in cases] + random_valid(fuzz.pad_config, 30, 105, "random")


def elementwise_cases():
    g = seeded(16)
    x = lambda *shape: data(g, list(shape))  # noqa: E731
    cases = [
        binary_case("add (3, 1) + (1, 4)", "add", x(3, 1), x(1, 4)),
        binary_case("sub (2, 1, 3) - (4, 1)", "sub", x(2, 1, 3), x(4, 1)),
        binary_case("mul (2, 3, 4) * (4,)", "mul", x(2, 3, 4), x(4)),
        binary_case("div (1, 2, 1, 3) / (2, 1, 3, 1)", "div", x(1, 2, 1, 3), x(2, 1, 3, 1)),
        binary_case("add same shapes", "add", x(2, 2), x(2, 2)),
        binary_case("mul by a 1-element tensor", "mul", x(3, 2), x(1)),
        binary_case("add a Python float on the right", "add", x(2, 3), 0.5),
        binary_case("sub from a Python int on the left", "sub", 2, x(3)),
        binary_case("div a Python float by a tensor", "div", 1.5, x(2, 2)),
        binary_case("mul (1,) * (3, 1, 2)", "mul", x(1), x(3, 1, 2)),
    ]
    return [valid(c) for c in cases]


# ───────────── errors ─────────────


def z(*shape):
    return shape_only(list(shape))


def err(name, op, call, tensors, params=None, setup=None):
    case = {"name": name, "op": op, "tensors": tensors, "call": call, "params": params or {}}
    if setup:
        case["setup"] = setup
    run(case)
    if "error" not in case:
        raise SystemExit(f"{name}: PyTorch accepted {call}")
    return case


def conv_err(name, dims, x, w, params, b=None):
    tensors = {"x": z(*x), "w": z(*w)}
    if b is not None:
        tensors["b"] = z(*b)
    case = conv_case(name, dims, tensors["x"], tensors["w"], tensors.get("b"), params)
    return err(name, case["op"], case["call"], case["tensors"], case["params"])


def transpose_err(name, dims, x, w, params, b=None):
    case = transpose_case(name, dims, z(*x), z(*w), z(*b) if b is not None else None, params)
    return err(name, case["op"], case["call"], case["tensors"], case["params"])


def module_err(name, dims, x, w, params, transposed=False, output_size=None):
    if transposed:
        case = transpose_module_case(name, dims, z(*x), z(*w), None, params, output_size)
    else:
        case = conv_module_case(name, dims, z(*x), z(*w), None, params)
    return err(name, case["op"], case["call"], case["tensors"], case["params"], case["setup"])


def output_size_err(name, written, kind):
    setup = ["layer = nn.ConvTranspose2d(1, 1, 3, stride=2, bias=False)", "layer.weight = nn.Parameter(w)"]
    params = {"stride": 2, "output_size": [12, 12], "output_size_kind": kind}
    return err(name, "conv_transpose2d", f"layer(x, output_size={written})", {"x": z(1, 1, 4, 4), "w": z(1, 1, 3, 3)}, params, setup)


def pool_err(name, op, x, params, positional=("kernel_size",)):
    case = pool_case(name, op, z(*x), params, positional)
    return err(name, op, case["call"], case["tensors"], case["params"])


def pad_err(name, x, pad, mode=None, value=None):
    case = pad_case(name, z(*x), pad, mode, value)
    return err(name, "pad", case["call"], case["tensors"], case["params"])


def deform_err(name, x, offset, w, params, mask=None, b=None):
    case = deform_case(name, z(*x), z(*offset), z(*w), z(*b) if b else None, z(*mask) if mask else None, params)
    return err(name, "deform_conv2d", case["call"], case["tensors"], case["params"])


def layer_err(name, constructor, input_shape=None):
    call = "layer(x)" if input_shape is not None else "layer"
    case = layer_case(name, [f"layer = {constructor}"], call, input_shape)
    return err(name, "layer", case["call"], case["tensors"], setup=case["setup"])


def error_cases():
    return [
        # F.conv: the binding, at::_convolution, check_shape_forward, the CPU kernels
        conv_err("channel mismatch", 2, [1, 3, 5, 5], [4, 2, 3, 3], {}),
        conv_err("channel mismatch, unbatched input shown batched", 2, [3, 5, 5], [4, 2, 3, 3], {}),
        conv_err("groups: weight smaller than groups", 2, [1, 4, 5, 5], [2, 1, 3, 3], {"groups": 4}),
        conv_err("groups: weight not divisible (PyTorch prints the sizes in double brackets)", 2, [1, 4, 5, 5], [3, 2, 3, 3], {"groups": 2}),
        conv_err("groups: input channels not divisible", 2, [1, 3, 5, 5], [4, 1, 3, 3], {"groups": 2}),
        conv_err("groups 0", 2, [1, 4, 5, 5], [4, 1, 3, 3], {"groups": 0}),
        conv_err("groups 0 comes before a bad padding list", 2, [1, 1, 5, 5], [1, 1, 3, 3], {"padding": (1, 1, 1), "groups": 0}),
        conv_err("padding='same' with stride 2", 2, [1, 1, 5, 5], [1, 1, 3, 3], {"stride": 2, "padding": "same"}),
        conv_err("padding='same' with stride (1, 2)", 2, [1, 1, 5, 5], [1, 1, 3, 3], {"stride": (1, 2), "padding": "same"}),
        conv_err("padding='same' with three strides for a 2-d conv", 2, [1, 1, 5, 5], [1, 1, 3, 3], {"stride": (1, 1, 1), "padding": "same"}),
        conv_err("padding='same' with two dilations for a 1-d conv", 1, [1, 1, 5], [1, 1, 3], {"dilation": (1, 1), "padding": "same"}),
        conv_err("padding='same' with a 5-d weight (no space before the sizes)", 2, [1, 1, 5, 5], [1, 1, 3, 3, 3], {"padding": "same"}),
        conv_err("padding='same' checks channels on the padded input", 2, [1, 3, 5, 6], [2, 2, 2, 2], {"padding": "same"}),
        conv_err("padding='same' with negative dilation", 2, [1, 1, 5, 5], [1, 1, 4, 4], {"padding": "same", "dilation": -1}),
        conv_err("padding='same' pads the extra cell first: an empty axis stays empty (constant_pad_nd)", 2, [1, 1, 5, 0], [1, 1, 2, 3], {"padding": "same"}),
        conv_err("unknown padding string", 2, [1, 1, 5, 5], [1, 1, 3, 3], {"padding": "full"}),
        conv_err("negative padding", 2, [1, 1, 5, 5], [1, 1, 3, 3], {"padding": -1}),
        conv_err("stride 0", 2, [1, 1, 5, 5], [1, 1, 3, 3], {"stride": 0}),
        conv_err("negative padding is reported before stride 0", 2, [1, 1, 5, 5], [1, 1, 3, 3], {"stride": 0, "padding": -1}),
        conv_err("dilation 0 (slow dilated kernel)", 2, [1, 1, 5, 5], [1, 1, 3, 3], {"dilation": (1, 0)}),
        conv_err("dilation 0 in conv1d is shown as 2-d", 1, [1, 1, 5], [1, 1, 3], {"dilation": 0}),
        conv_err("dilation 0 in conv3d", 3, [1, 1, 4, 4, 4], [1, 1, 2, 2, 2], {"dilation": (1, 0, 1)}),
        conv_err("dilation 0 with batch 2 (oneDNN's wording)", 2, [2, 1, 5, 5], [1, 1, 3, 3], {"dilation": 0}),
        conv_err("dilation 0 with groups 2 (oneDNN's wording)", 2, [1, 2, 5, 5], [2, 1, 3, 3], {"dilation": 0, "groups": 2}),
        conv_err("stride list too long", 2, [1, 1, 5, 5], [1, 1, 3, 3], {"stride": (1, 2, 3)}),
        conv_err("padding list too long", 3, [1, 1, 4, 4, 4], [1, 1, 2, 2, 2], {"padding": (1, 1, 1, 1)}),
        conv_err("a 3-d weight for conv2d: stride [1, 1] does not fit its one axis", 2, [1, 1, 5, 5], [1, 1, 3], {}),
        conv_err("a 3-d weight for conv2d with 1-element lists: rank mismatch", 2, [1, 1, 5, 5], [1, 1, 3], {"stride": (1,), "padding": (0,), "dilation": (1,)}),
        conv_err("a 2-d weight", 2, [1, 1, 5, 5], [1, 1], {}),
        conv_err("input of rank 5 for conv2d", 2, [1, 1, 5, 5, 5], [1, 1, 3, 3], {}),
        conv_err("input of rank 2 for conv2d", 2, [1, 5], [1, 1, 3, 3], {}),
        conv_err("bias of the wrong size", 2, [1, 1, 5, 5], [2, 1, 3, 3], {}, b=[3]),
        conv_err("bias of rank 2", 2, [1, 1, 5, 5], [2, 1, 3, 3], {}, b=[2, 1]),
        conv_err("kernel larger than the padded input", 2, [1, 1, 4, 6], [1, 1, 3, 3], {"dilation": 2, "padding": (0, 1)}),
        conv_err("empty spatial axis: kernel larger than the input", 2, [1, 1, 0, 5], [1, 1, 3, 3], {}),
        conv_err("empty spatial axis with a negative dilation", 2, [1, 1, 5, 0], [1, 1, 3, 3], {"dilation": -1}),
        conv_err("zero-size kernel", 2, [1, 1, 5, 5], [1, 1, 0, 3], {}),
        conv_err("zero-size kernel, dilated", 2, [1, 1, 5, 5], [1, 1, 0, 3], {"dilation": 2}),
        conv_err("zero-size kernel in conv3d", 3, [1, 1, 5, 5, 5], [1, 1, 0, 3, 3], {}),
        # nn.Conv: the constructor, then F.pad for padding modes
        layer_err("Conv2d: in_channels not divisible by groups", "nn.Conv2d(3, 4, 3, groups=2)"),
        layer_err("Conv2d: out_channels not divisible by groups", "nn.Conv2d(4, 3, 3, groups=2)"),
        layer_err("Conv2d: groups 0", "nn.Conv2d(4, 4, 3, groups=0)"),
        layer_err("Conv2d: padding='same' with stride 2", "nn.Conv2d(4, 4, 3, stride=2, padding='same')"),
        layer_err("Conv2d: unknown padding string", "nn.Conv2d(4, 4, 3, padding='full')"),
        layer_err("Conv2d: unknown padding_mode", "nn.Conv2d(4, 4, 3, padding_mode='mirror')"),
        layer_err("Conv2d: negative kernel size", "nn.Conv2d(1, 2, (3, -1))"),
        layer_err("Conv1d: negative in_channels", "nn.Conv1d(-2, 2, 3)"),
        layer_err("ConvTranspose2d: padding_mode", "nn.ConvTranspose2d(4, 4, 3, padding_mode='reflect')"),
        layer_err("ConvTranspose2d: padding_mode is checked before groups", "nn.ConvTranspose2d(3, 4, 3, groups=2, padding_mode='circular')"),
        layer_err("Conv2d stride 0 fails on the forward", "nn.Conv2d(1, 1, 3, stride=0)", [1, 1, 5, 5]),
        layer_err("Conv2d three strides fail on the forward", "nn.Conv2d(1, 1, 3, stride=(1, 1, 1))", [1, 1, 5, 5]),
        layer_err("Conv2d with 0 out_channels fails on the forward", "nn.Conv2d(2, 0, 3)", [1, 2, 5, 5]),
        layer_err("Conv2d channel mismatch on the forward", "nn.Conv2d(3, 8, 3)", [1, 4, 8, 8]),
        layer_err("MaxPool2d padding over half the kernel fails on the forward", "nn.MaxPool2d(2, padding=2)", [1, 1, 5, 5]),
        layer_err("AdaptiveAvgPool2d three sizes fail on the forward", "nn.AdaptiveAvgPool2d((2, 2, 2))", [1, 1, 5, 5]),
        layer_err("AdaptiveAvgPool2d negative size fails on the forward", "nn.AdaptiveAvgPool2d(-1)", [1, 1, 5, 5]),
        module_err("Conv2d reflect padding too large (2-d kernel prints the rank)", 2, [1, 1, 3, 3], [1, 1, 3, 3], {"padding": 3, "padding_mode": "reflect"}),
        module_err("Conv2d reflect on an unbatched input: rank 3", 2, [1, 3, 3], [1, 1, 3, 3], {"padding": 3, "padding_mode": "reflect"}),
        module_err("Conv1d reflect padding too large (shape printed)", 1, [1, 1, 3], [1, 1, 3], {"padding": 3, "padding_mode": "reflect"}),
        module_err("Conv3d reflect padding too large on depth: argument #8", 3, [1, 1, 3, 3, 3], [1, 1, 3, 3, 3], {"padding": (3, 1, 1), "padding_mode": "reflect"}),
        module_err("Conv2d circular needs a batch axis", 2, [2, 5, 5], [1, 2, 3, 3], {"padding": 1, "padding_mode": "circular"}),
        module_err("Conv2d circular padding over the input size", 2, [1, 1, 3, 3], [1, 1, 3, 3], {"padding": 4, "padding_mode": "circular"}),
        module_err("Conv2d replicate on an empty input", 2, [1, 3, 0], [3, 1, 1, 3], {"padding_mode": "replicate", "padding": 1}),
        module_err("Conv2d reflect on an empty input", 2, [4, 4, 0], [6, 4, 2, 1], {"padding_mode": "reflect"}),
        module_err("Conv3d padding_mode: channel mismatch shows the padded input", 3, [1, 2, 1, 2, 2], [3, 1, 1, 3, 3], {"padding": "same", "padding_mode": "replicate"}),
        # transposed convolution
        transpose_err("output_padding not smaller than stride or dilation", 2, [1, 1, 5, 5], [1, 1, 3, 3], {"output_padding": 1}),
        transpose_err("output_padding 1-d (shown as 2-d)", 1, [1, 1, 5], [1, 1, 3], {"stride": 2, "output_padding": 2}),
        transpose_err("output_padding 3-d", 3, [1, 1, 2, 2, 2], [1, 1, 3, 3, 3], {"stride": (1, 2, 2), "output_padding": (1, 0, 0)}),
        transpose_err("negative output_padding", 2, [1, 1, 5, 5], [1, 1, 3, 3], {"output_padding": -1}),
        transpose_err("output too small", 2, [1, 1, 5, 5], [1, 1, 3, 3], {"padding": 5}),
        transpose_err("output too small 1-d", 1, [2, 1, 5], [1, 1, 3], {"padding": 9}),
        transpose_err("output too small 3-d", 3, [1, 1, 5, 5, 5], [1, 1, 3, 3, 3], {"padding": 9}),
        transpose_err("output_padding is checked before the output size", 2, [1, 2, 5, 5], [2, 1, 3, 3], {"padding": 9, "output_padding": 5}),
        transpose_err("channel mismatch", 2, [1, 2, 5, 5], [1, 1, 3, 3], {}),
        transpose_err("bias of the wrong size", 2, [1, 2, 5, 5], [2, 1, 3, 3], {"groups": 2}, b=[3]),
        transpose_err("groups: weight smaller than groups", 2, [1, 2, 5, 5], [2, 1, 3, 3], {"groups": 3}),
        transpose_err("dilation 0", 2, [1, 1, 5, 5], [1, 1, 3, 3], {"dilation": (1, 0)}),
        transpose_err("dilation 0 1-d", 1, [2, 2, 5], [2, 1, 3], {"groups": 2, "dilation": 0}),
        transpose_err("dilation 0 3-d", 3, [1, 1, 5, 5, 5], [1, 1, 3, 3, 3], {"dilation": 0}),
        transpose_err("zero-size kernel", 2, [1, 1, 5, 5], [1, 1, 0, 3], {}),
        transpose_err("empty weight (0 output channels per group)", 2, [1, 1, 5, 5], [1, 0, 3, 3], {"padding": 9}),
        transpose_err("empty weight 3-d", 3, [1, 1, 5, 5, 5], [1, 0, 3, 3, 3], {}),
        transpose_err("empty input", 2, [1, 2, 0, 5], [2, 1, 3, 3], {}),
        transpose_err("empty batch with a negative output size", 2, [0, 1, 5, 5], [1, 1, 3, 3], {"padding": (9, 1)}),
        transpose_err("output_padding list too long", 2, [1, 1, 5, 5], [1, 1, 3, 3], {"output_padding": (1, 1, 1)}),
        module_err("output_size out of range", 2, [1, 1, 4, 4], [1, 1, 3, 3], {"stride": 2}, transposed=True, output_size=[12, 12]),
        module_err("output_size with 3 elements for a 4-d input", 2, [1, 1, 4, 4], [1, 1, 3, 3], {"stride": 2}, transposed=True, output_size=[1, 9, 9]),
        module_err("output_size on an unbatched input: PyTorch 1.13 prints input.size()[2:]", 2, [1, 4, 4], [1, 1, 3, 3], {"stride": 2}, transposed=True, output_size=[20, 9]),
        module_err("output_size 1-d out of range", 1, [1, 2, 5], [2, 1, 3], {"stride": 3}, transposed=True, output_size=[20]),
        module_err("output_size given as the full shape, out of range", 2, [1, 1, 4, 4], [1, 1, 3, 3], {"stride": 2}, transposed=True, output_size=[1, 1, 9, 11]),
        output_size_err("output_size as a list is printed as a list", "[12, 12]", "list"),
        output_size_err("output_size as a torch.Size is printed as one", "torch.zeros(1, 1, 12, 12).shape", "size"),
        # pooling
        pool_err("max pad over half the kernel", "max_pool2d", [1, 1, 5, 5], {"kernel_size": 2, "padding": 2}),
        pool_err("max pad over half the undilated kernel, even with dilation", "max_pool2d", [1, 1, 9, 9], {"kernel_size": 3, "padding": 2, "dilation": 2}),
        pool_err("avg pad over half the kernel", "avg_pool2d", [1, 1, 5, 5], {"kernel_size": 3, "padding": 2}),
        pool_err("max output too small", "max_pool2d", [1, 1, 2, 2], {"kernel_size": 3}),
        pool_err("avg output too small", "avg_pool2d", [1, 2, 2, 3], {"kernel_size": (3, 2)}),
        pool_err("max kernel 0: stride defaults to it", "max_pool2d", [1, 1, 4, 4], {"kernel_size": 0}),
        pool_err("max negative kernel (C++ division truncates)", "max_pool2d", [1, 1, 4, 4], {"kernel_size": -1}),
        pool_err("max negative stride", "max_pool2d", [1, 1, 4, 4], {"kernel_size": 2, "stride": -1}),
        pool_err("max negative padding", "max_pool2d", [1, 1, 4, 4], {"kernel_size": 2, "padding": -1}),
        pool_err("max dilation 0", "max_pool2d", [1, 1, 4, 4], {"kernel_size": 2, "dilation": 0}),
        pool_err("max padding list of 3 (PyTorch's message says 'be' twice)", "max_pool2d", [1, 1, 4, 4], {"kernel_size": 2, "padding": (1, 1, 1)}),
        pool_err("avg padding list of 3", "avg_pool2d", [1, 1, 4, 4], {"kernel_size": 2, "padding": (1, 1, 1)}),
        pool_err("max kernel list of 3", "max_pool2d", [1, 1, 4, 4], {"kernel_size": (2, 2, 2)}),
        pool_err("avg stride list of 3", "avg_pool2d", [1, 1, 4, 4], {"kernel_size": 2, "stride": (1, 1, 1)}),
        pool_err("max dilation list of 3", "max_pool2d", [1, 1, 4, 4], {"kernel_size": 2, "dilation": (1, 1, 1)}),
        pool_err("avg divisor_override 0", "avg_pool2d", [1, 1, 4, 4], {"kernel_size": 2, "divisor_override": 0}),
        pool_err("max rank 5", "max_pool2d", [1, 1, 1, 4, 4], {"kernel_size": 2}),
        pool_err("avg rank 5", "avg_pool2d", [1, 1, 1, 4, 4], {"kernel_size": 2}),
        pool_err("max empty channel axis", "max_pool2d", [1, 0, 4, 4], {"kernel_size": 2}),
        pool_err("avg empty height", "avg_pool2d", [1, 1, 0, 4], {"kernel_size": 2}),
        pool_err("adaptive output_size of 3 values", "adaptive_avg_pool2d", [1, 1, 5, 5], {"output_size": (2, 2, 2)}, ("output_size",)),
        pool_err("adaptive output_size of 1 value in a tuple", "adaptive_avg_pool2d", [1, 1, 5, 5], {"output_size": (2,)}, ("output_size",)),
        pool_err("adaptive negative output_size", "adaptive_avg_pool2d", [1, 1, 5, 5], {"output_size": (-1, 2)}, ("output_size",)),
        pool_err("adaptive: a tuple as long as the input's rank", "adaptive_avg_pool2d", [1, 5, 5], {"output_size": (1, 2, 2)}, ("output_size",)),
        pool_err("adaptive rank 5", "adaptive_avg_pool2d", [1, 1, 1, 4, 4], {"output_size": (2, 2)}, ("output_size",)),
        pool_err("adaptive empty width", "adaptive_avg_pool2d", [1, 1, 4, 0], {"output_size": (2, 2)}, ("output_size",)),
        # F.pad
        pad_err("unknown mode", [1, 1, 3, 3], (1, 1), "wrap"),
        pad_err("unknown mode is reported before an odd pad length", [1, 1, 3, 3], (1, 1, 1), "zeros"),
        pad_err("odd pad length", [1, 1, 3, 3], (1,)),
        pad_err("pad longer than twice the rank", [2, 3], (1, 1, 1, 1, 1, 1)),
        pad_err("reflect on a 4-d input with one pair", [1, 1, 3, 3], (1, 1), "reflect"),
        pad_err("reflect on a 1-d input", [3], (1, 1), "reflect"),
        pad_err("reflect with a value", [1, 2, 4], (1, 1), "reflect", 1.0),
        pad_err("reflect 1-d pad not below the size", [1, 1, 4], (4, 0), "reflect"),
        pad_err("reflect 2-d pad not below the height (prints the rank)", [1, 3, 3], (0, 0, 3, 0), "reflect"),
        pad_err("reflect 3-d pad not below the depth", [1, 1, 3, 3, 3], (0, 0, 0, 0, 3, 3), "reflect"),
        pad_err("reflect 1-d output too small", [1, 2, 4], (-4, 0), "reflect"),
        pad_err("reflect 2-d output too small on both axes", [1, 2, 4, 4], (-4, 0, -4, 0), "reflect"),
        pad_err("reflect 3-d negative width", [1, 1, 3, 3, 3], (-4, 0, 0, 0, 0, 0), "reflect"),
        pad_err("reflect on an empty axis", [1, 0, 4], (1, 1), "reflect"),
        pad_err("replicate 1-d output too small", [1, 2, 4], (-5, 0), "replicate"),
        pad_err("replicate 2-d output too small", [1, 2, 4, 4], (-5, 0, -5, 0), "replicate"),
        pad_err("replicate 2-d negative width", [1, 2, 4, 4], (-5, 0, 0, 0), "replicate"),
        pad_err("replicate 3-d output too small", [1, 1, 2, 2, 2], (-1, -1, -1, -1, -2, -2), "replicate"),
        pad_err("replicate on an empty channel axis", [1, 0, 4, 4], (1, 1, 1, 1), "replicate"),
        pad_err("circular needs batch and channel axes", [2, 3], (1, 1), "circular"),
        pad_err("circular on an unbatched 2-d input", [1, 3, 3], (1, 1, 1, 1), "circular"),
        pad_err("circular wrapping more than once", [1, 1, 4], (5, 0), "circular"),
        pad_err("circular height checked before width", [1, 1, 2, 2], (3, 0, -3, 0), "circular"),
        pad_err("circular empty result", [1, 1, 2], (-3, 0), "circular"),
        pad_err("circular: wrapping more than the crop left (PyTorch: overlapping copy)", [1, 1, 4], (-3, 2), "circular"),
        pad_err("circular: wrapping before more than the crop after left", [1, 1, 4], (2, -3), "circular"),
        pad_err("reflect 2-d with one negative padded size (PyTorch: integer overflow)", [1, 2, 4, 4], (-5, 0, 0, 0), "reflect"),
        pad_err("reflect 2-d with a negative padded height", [1, 1, 4, 4], (0, 1, -5, 0), "reflect"),
        pad_err("constant: cropping more than the axis (narrow's range)", [3, 2], (-3, 0)),
        pad_err("constant: cropping past the end (narrow's length)", [3, 2], (0, -3)),
        pad_err("constant: crops leave a negative size", [1, 1, 3, 3], (-2, -2)),
        pad_err("constant: a padded axis may not end up empty", [2, 2, 3], (2, 2, 2, 0, -2, 0)),
        # deformable convolution (torchvision's messages; convbook words them its own way)
        deform_err("offset channels not a multiple of 2·kh·kw", [1, 1, 5, 5], [1, 17, 3, 3], [1, 1, 3, 3], {}),
        deform_err("offset output dims do not match", [1, 1, 5, 5], [1, 18, 4, 3], [1, 1, 3, 3], {}),
        deform_err("mask channels do not match", [1, 1, 5, 5], [1, 18, 3, 3], [1, 1, 3, 3], {}, mask=[1, 8, 3, 3]),
        deform_err("offset batch does not match", [1, 1, 5, 5], [2, 18, 3, 3], [1, 1, 3, 3], {}),
        deform_err("input channels not a multiple of the weight's", [1, 3, 5, 5], [1, 18, 3, 3], [1, 2, 3, 3], {}),
        deform_err("input channels not divisible by offset_groups", [1, 3, 5, 5], [1, 36, 3, 3], [1, 3, 3, 3], {}),
        # broadcasting
        err("broadcast mismatch", "add", "x + other", {"x": z(2, 3), "other": z(3, 2)}),
        err("broadcast mismatch, leading axis", "mul", "x * other", {"x": z(4, 1, 3), "other": z(2, 5, 3)}),
    ]


# ───────────── layer stacks ─────────────


STACKS = [
    ("grouped and depthwise-separable", [1, 8, 16, 16], [
        "nn.Conv2d(8, 16, 3, padding=1, groups=4)", "nn.BatchNorm2d(16)", "nn.ReLU()",
        "nn.Conv2d(16, 16, 3, stride=2, padding=1, groups=16, bias=False)", "nn.Conv2d(16, 24, 1)", "nn.ReLU()",
        "nn.AdaptiveAvgPool2d(1)", "nn.Flatten()", "nn.Linear(24, 5)",
    ]),
    ("encoder-decoder with transposed convs", [2, 3, 20, 18], [
        "nn.Conv2d(3, 8, 4, stride=2, padding=1)", "nn.ReLU()", "nn.Conv2d(8, 16, 3, stride=2, padding=1, padding_mode='reflect')", "nn.ReLU()",
        "nn.ConvTranspose2d(16, 8, 4, stride=2, padding=1)", "nn.ReLU()", "nn.ConvTranspose2d(8, 3, 3, stride=2, padding=1, output_padding=1, bias=False)",
    ]),
    ("ceil_mode pools with padding and dilation", [1, 3, 23, 19], [
        "nn.Conv2d(3, 6, 5, dilation=2)", "nn.MaxPool2d(3, stride=2, padding=1, dilation=2, ceil_mode=True)",
        "nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)", "nn.Conv2d(6, 6, (1, 3), padding=(0, 1))",
        "nn.AdaptiveAvgPool2d((None, 2))", "nn.Flatten()", "nn.Linear(48, 3, bias=False)",
    ]),
    ("same padding with even kernels and padding modes", [1, 2, 9, 10], [
        "nn.Conv2d(2, 4, 4, padding='same')", "nn.Conv2d(4, 4, (2, 3), padding='same', dilation=(2, 1), padding_mode='replicate')",
        "nn.Conv2d(4, 2, 3, padding='valid', padding_mode='circular')", "nn.Sigmoid()",
    ]),
    ("grouped transposed conv with dilation", [1, 4, 5, 6], [
        "nn.ConvTranspose2d(4, 6, 3, stride=2, groups=2, dilation=2)", "nn.BatchNorm2d(6, affine=False)", "nn.ConvTranspose2d(6, 6, (2, 3), stride=(1, 3), padding=(0, 1), groups=3)",
        "nn.Dropout(0.2)", "nn.Identity()",
    ]),
    ("1-d stack", [3, 4, 50], [
        "nn.Conv1d(4, 8, 7, stride=2, padding=3)", "nn.ReLU()", "nn.Conv1d(8, 8, 3, padding='same', groups=8, padding_mode='reflect')",
        "nn.ConvTranspose1d(8, 4, 4, stride=2, padding=1)", "nn.Flatten(start_dim=1)", "nn.Linear(200, 10)",
    ]),
    ("3-d stack", [1, 2, 6, 8, 8], [
        "nn.Conv3d(2, 4, 3, padding=1)", "nn.ReLU()", "nn.Conv3d(4, 4, (1, 3, 3), stride=(1, 2, 2), groups=2)", "nn.ConvTranspose3d(4, 2, 2, stride=2)",
        "nn.Flatten(0)",
    ]),
    ("unbatched input", [3, 12, 12], [
        "nn.Conv2d(3, 4, 3)", "nn.MaxPool2d(2)", "nn.Conv2d(4, 2, 2, stride=2)", "nn.Flatten(0)", "nn.Linear(8, 4)",
    ]),
]


def stack_cases():
    torch.set_default_dtype(torch.float32)
    env = {"nn": nn, "torch": torch}
    out = []
    for name, input_shape, layers in STACKS:
        x = torch.zeros(input_shape)
        rows = []
        for text in layers:
            layer = eval(text, env)
            layer.eval()
            x = layer(x)
            rows.append({"layer": text, "output_shape": list(x.shape), "params": sum(p.numel() for p in layer.parameters())})
        out.append({"name": name, "input_shape": input_shape, "layers": rows, "total_params": sum(r["params"] for r in rows)})
    torch.set_default_dtype(torch.float64)
    return out


# ───────────── writing ─────────────


def write(file, cases):
    body = ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases)
    text = f'{{"generator":{json.dumps(GENERATOR)},"cases":[\n{body}\n]}}\n'
    if len(text) > LIMIT:
        raise SystemExit(f"{file} would be {len(text)} bytes")
    with open(os.path.join(OUT, file), "w") as f:
        f.write(text)
    errors = sum(1 for c in cases if "error" in c)
    print(f"{file}: {len(cases)} cases{f' ({errors} errors)' if errors else ''}, {len(text) // 1024} KiB")


def main():
    require_fixed_hash_seed()
    os.makedirs(OUT, exist_ok=True)
    write("conv.json", conv_cases())
    write("transpose.json", transpose_cases())
    write("deform.json", deform_cases())
    write("pool.json", pool_cases())
    write("pad.json", pad_cases())
    write("elementwise.json", elementwise_cases())
    write("errors.json", error_cases())
    write("stacks.json", stack_cases())


if __name__ == "__main__":
    main()
