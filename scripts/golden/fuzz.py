"""Differential fuzz: random valid and invalid conv / transposed conv / pool / pad / deform calls run
through PyTorch, written in the audit fixture format for scripts/golden/replay.ts to replay through
convbook. Not a fixture generator: its output goes to a scratch file.

    /usr/bin/python3 scripts/golden/fuzz.py OUT.json [COUNT] [SEED] [FAMILY,...]
"""

import json
import random
import sys

from torch_cases import (
    conv_case,
    conv_module_case,
    data,
    deform_case,
    finite,
    pad_case,
    pool_case,
    pool_module_case,
    require_fixed_hash_seed,
    run,
    seeded,
    shape_only,
    transpose_case,
    transpose_module_case,
    GENERATOR,
    DtypeDependent,
)


def maybe_tuple(r, value_fn, dims):
    """An int, or a tuple of per-axis values (sometimes of the wrong length)."""
    if r.random() < 0.5:
        return value_fn()
    return [value_fn() for _ in range(dims)]


def tensor(r, gen, shape, zero_chance=0.0):
    if r.random() < zero_chance:
        return shape_only(shape)
    return data(gen, shape, "int" if r.random() < 0.3 else "normal")


def conv_config(r, gen, invalid):
    dims = r.choice([1, 2, 2, 3])
    groups = r.choice([1, 1, 2, 3])
    cin = groups * r.randint(1, 2)
    cout = groups * r.randint(1, 3)
    kernel = [r.randint(1, 4 if dims < 3 else 3) for _ in range(dims)]
    size = [r.randint(1, 9 if dims < 3 else 5) for _ in range(dims)]
    batch = r.choice([None, 1, 2])
    params = {}
    if r.random() < 0.6:
        params["stride"] = maybe_tuple(r, lambda: r.randint(1, 3), dims)
    if r.random() < 0.5:
        params["dilation"] = maybe_tuple(r, lambda: r.randint(1, 3), dims)
    choice = r.random()
    if choice < 0.15:
        params["padding"] = "same"
        params.pop("stride", None)
    elif choice < 0.25:
        params["padding"] = "valid"
    elif choice < 0.75:
        params["padding"] = maybe_tuple(r, lambda: r.randint(0, 3), dims)
    if groups > 1 or r.random() < 0.2:
        params["groups"] = groups
    module = r.random() < 0.4
    if module and r.random() < 0.7:
        params["padding_mode"] = r.choice(["zeros", "reflect", "replicate", "circular"])
    w_shape = [cout, cin // groups] + kernel
    x_shape = ([batch] if batch else []) + [cin] + size
    bias = r.random() < 0.5
    b_shape = [cout]
    if invalid:
        what = r.choice(["channels", "groups", "pad", "stride", "dilation", "same_stride", "bias", "tuple", "kernel", "rank", "padstr", "weight_rank", "empty"])
        if what == "channels":
            x_shape[-dims - 1] += r.choice([-1, 1]) if x_shape[-dims - 1] > 1 else 1
        elif what == "groups":
            params["groups"] = r.choice([0, -1, 2, 3, 4, 5])
        elif what == "pad":
            params["padding"] = maybe_tuple(r, lambda: r.randint(-2, 2), dims)
        elif what == "stride":
            params["stride"] = maybe_tuple(r, lambda: r.randint(-1, 1), dims)
        elif what == "dilation":
            params["dilation"] = maybe_tuple(r, lambda: r.randint(-1, 1), dims)
        elif what == "same_stride":
            params["padding"] = "same"
            params["stride"] = maybe_tuple(r, lambda: r.randint(1, 3), dims)
        elif what == "bias":
            bias = True
            b_shape = r.choice([[cout + 1], [cout, 1], []])
        elif what == "tuple":
            key = r.choice(["stride", "padding", "dilation"])
            params[key] = [1] * r.choice([n for n in (1, 2, 3, 4) if n != dims])
        elif what == "kernel":
            w_shape = w_shape[:2] + [s + r.randint(1, 3) for s in size]
        elif what == "rank":
            x_shape = [1] + x_shape if r.random() < 0.5 else x_shape[1:]
            if len(x_shape) == dims:
                x_shape = [2, 2] + x_shape
        elif what == "padstr":
            params["padding"] = r.choice(["full", "SAME", ""])
        elif what == "weight_rank":
            w_shape = w_shape + [1] if r.random() < 0.5 else w_shape[:-1]
            if len(w_shape) == dims:
                w_shape = [1] + w_shape
        elif what == "empty":
            x_shape[-1] = 0
    x = tensor(r, gen, x_shape, 0.2 if invalid else 0.0)
    w = tensor(r, gen, w_shape, 0.2 if invalid else 0.0)
    b = tensor(r, gen, b_shape) if bias else None
    name = f"fuzz conv{dims}d"
    # A module builds its weight from its arguments, so only weights of that shape are assigned.
    if module and len(w_shape) == dims + 2 and (not bias or b_shape == [cout]):
        return conv_module_case(name + " module", dims, x, w, b, params)
    params.pop("padding_mode", None)
    return conv_case(name, dims, x, w, b, params)


def transpose_config(r, gen, invalid):
    dims = r.choice([1, 2, 2, 3])
    groups = r.choice([1, 1, 2])
    cin = groups * r.randint(1, 2)
    cout = groups * r.randint(1, 2)
    kernel = [r.randint(1, 4 if dims < 3 else 3) for _ in range(dims)]
    size = [r.randint(1, 6 if dims < 3 else 3) for _ in range(dims)]
    batch = r.choice([None, 1, 2])
    stride = [r.randint(1, 3) for _ in range(dims)]
    dilation = [r.randint(1, 3) for _ in range(dims)]
    padding = [r.randint(0, 2) for _ in range(dims)]
    output_padding = [r.randint(0, max(s, d) - 1) for s, d in zip(stride, dilation)]
    params = {}
    if r.random() < 0.7:
        params["stride"] = stride if r.random() < 0.5 else stride[0]
    if r.random() < 0.5:
        params["padding"] = padding if r.random() < 0.5 else padding[0]
    if r.random() < 0.5:
        params["output_padding"] = output_padding if r.random() < 0.5 else output_padding[0]
    if r.random() < 0.5:
        params["dilation"] = dilation if r.random() < 0.5 else dilation[0]
    if groups > 1:
        params["groups"] = groups
    w_shape = [cin, cout // groups] + kernel
    x_shape = ([batch] if batch else []) + [cin] + size
    output_size = None
    module = r.random() < 0.35
    if module and r.random() < 0.7:
        output_size = [r.randint(1, 14) for _ in range(dims)]
        if r.random() < 0.2:
            output_size = x_shape[: len(x_shape) - dims] + output_size
    if invalid:
        what = r.choice(["channels", "op", "small", "groups", "neg", "tuple", "bias"])
        if what == "channels":
            x_shape[-dims - 1] += 1
        elif what == "op":
            params["output_padding"] = [r.randint(0, 3) for _ in range(dims)]
        elif what == "small":
            params["padding"] = [r.randint(2, 6) for _ in range(dims)]
        elif what == "groups":
            params["groups"] = r.choice([0, 3, 4])
        elif what == "neg":
            params[r.choice(["padding", "output_padding", "stride", "dilation"])] = r.choice([-1, 0])
        elif what == "tuple":
            params[r.choice(["stride", "padding", "output_padding"])] = [1] * r.choice([n for n in (1, 2, 3, 4) if n != dims])
        elif what == "bias":
            pass
    x = tensor(r, gen, x_shape, 0.2 if invalid else 0.0)
    w = tensor(r, gen, w_shape, 0.2 if invalid else 0.0)
    b_shape = [cout + (1 if invalid and r.random() < 0.2 else 0)]
    b = tensor(r, gen, b_shape) if r.random() < 0.5 else None
    name = f"fuzz conv_transpose{dims}d"
    if module and b_shape == [cout] and isinstance(params.get("groups", 1), int) and params.get("groups", 1) > 0 and cin % params.get("groups", 1) == 0:
        return transpose_module_case(name + " module", dims, x, w, b, params, output_size)
    return transpose_case(name, dims, x, w, b, params)


def pool_config(r, gen, invalid):
    op = r.choice(["max_pool2d", "max_pool2d", "avg_pool2d", "avg_pool2d", "adaptive_avg_pool2d"])
    x_shape = ([r.randint(1, 2)] if r.random() < 0.7 else []) + [r.randint(1, 2), r.randint(1, 9), r.randint(1, 9)]
    params = {}
    if op == "adaptive_avg_pool2d":
        def size():
            return r.choice([None, r.randint(1, 10)]) if r.random() < 0.3 else r.randint(1, 10)
        params["output_size"] = r.randint(1, 10) if r.random() < 0.3 else [size(), size()]
        if invalid:
            params["output_size"] = r.choice([[-1, 2], [1, 2, 3], -2, [2]])
    else:
        kernel = [r.randint(1, 4), r.randint(1, 4)]
        params["kernel_size"] = kernel if r.random() < 0.5 else kernel[0]
        k = kernel if isinstance(params["kernel_size"], list) else [kernel[0]] * 2
        if r.random() < 0.7:
            params["stride"] = r.choice([None, r.randint(1, 3), [r.randint(1, 3), r.randint(1, 3)]])
        if r.random() < 0.6:
            params["padding"] = r.choice([r.randint(0, min(k) // 2), [r.randint(0, k[0] // 2), r.randint(0, k[1] // 2)]])
        if op == "max_pool2d" and r.random() < 0.5:
            params["dilation"] = r.choice([r.randint(1, 3), [r.randint(1, 3), r.randint(1, 3)]])
        if r.random() < 0.5:
            params["ceil_mode"] = r.random() < 0.7
        if op == "avg_pool2d" and r.random() < 0.4:
            params["count_include_pad"] = r.random() < 0.5
        if op == "avg_pool2d" and r.random() < 0.2:
            params["divisor_override"] = r.randint(1, 5)
        if op == "max_pool2d" and r.random() < 0.3:
            params["return_indices"] = True
        if invalid:
            what = r.choice(["pad", "negpad", "stride", "kernel", "small", "tuple", "divisor", "rank", "dilation"])
            if what == "pad":
                params["padding"] = max(k) // 2 + r.randint(1, 2)
            elif what == "negpad":
                params["padding"] = -1
            elif what == "stride":
                params["stride"] = r.choice([0, -1, [1, 0]])
            elif what == "kernel":
                params["kernel_size"] = r.choice([0, -1, [2, 0]])
            elif what == "small":
                params["kernel_size"] = [x_shape[-2] + r.randint(1, 3), x_shape[-1] + r.randint(1, 3)]
                params.pop("padding", None)
                params.pop("dilation", None)
            elif what == "tuple":
                params[r.choice(["kernel_size", "stride", "padding"])] = [1, 1, 1]
            elif what == "divisor" and op == "avg_pool2d":
                params["divisor_override"] = 0
            elif what == "rank":
                x_shape = [1] + x_shape if len(x_shape) == 4 else [2, 2] + x_shape
            elif what == "dilation" and op == "max_pool2d":
                params["dilation"] = r.choice([0, -1])
    x = tensor(r, gen, x_shape)
    name = f"fuzz {op}"
    if r.random() < 0.3 and not params.get("return_indices"):
        if "stride" in params and params["stride"] is None:
            pass
        return pool_module_case(name + " module", op, x, params)
    positional = ("kernel_size",) if op != "adaptive_avg_pool2d" else ("output_size",)
    return pool_case(name, op, x, params, positional if r.random() < 0.5 else ())


def pad_config(r, gen, invalid):
    rank = r.randint(1, 5)
    shape = [r.randint(1, 4) for _ in range(rank)]
    mode = r.choice([None, "constant", "reflect", "replicate", "circular"])
    axes = r.randint(1, min(rank, 3))
    if mode in (None, "constant"):
        axes = r.randint(1, rank)
    pad = []
    for a in range(axes):
        size = shape[rank - 1 - a]
        lo = -size if mode in (None, "constant") else -size + 1
        hi = size - 1 if mode == "reflect" else size if mode == "circular" else 3
        pad += [r.randint(max(lo, -2), hi), r.randint(max(lo, -2), hi)]
    value = None
    if mode in (None, "constant") and r.random() < 0.3:
        value = r.choice([1.5, -2.0, 0.0])
    if invalid:
        what = r.choice(["odd", "long", "big", "mode", "value", "neg"])
        if what == "odd":
            pad = pad + [1]
        elif what == "long":
            pad = [1] * (2 * rank + 2)
        elif what == "big":
            pad[0] = shape[-1] + r.randint(0, 2)
        elif what == "mode":
            mode = r.choice(["zeros", "wrap", "symmetric"])
        elif what == "value":
            value = 1.0
            mode = r.choice(["reflect", "replicate"])
        elif what == "neg":
            pad[0] = -shape[-1] - r.randint(0, 2)
    x = tensor(r, gen, shape)
    return pad_case("fuzz pad", x, pad, mode, value)


def deform_config(r, gen, invalid):
    groups = r.choice([1, 1, 2])
    offset_groups = r.choice([1, 1, 2])
    cin = groups * offset_groups * r.randint(1, 2)
    cout = groups * r.randint(1, 2)
    kh, kw = r.randint(1, 3), r.randint(1, 3)
    h, w = r.randint(2, 7), r.randint(2, 7)
    batch = r.randint(1, 2)
    stride = [r.randint(1, 2), r.randint(1, 2)]
    padding = [r.randint(0, 2), r.randint(0, 2)]
    dilation = [r.randint(1, 2), r.randint(1, 2)]
    oh = (h + 2 * padding[0] - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (w + 2 * padding[1] - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    if oh < 1 or ow < 1:
        padding = [2, 2]
        dilation = [1, 1]
        oh = (h + 4 - kh) // stride[0] + 1
        ow = (w + 4 - kw) // stride[1] + 1
    off_shape = [batch, 2 * offset_groups * kh * kw, oh, ow]
    mask_shape = [batch, offset_groups * kh * kw, oh, ow] if r.random() < 0.5 else None
    if invalid:
        what = r.choice(["offc", "offhw", "maskc", "weightc", "batch"])
        if what == "offc":
            off_shape[1] += 1
        elif what == "offhw":
            off_shape[2] += 1
        elif what == "maskc":
            mask_shape = [batch, offset_groups * kh * kw + 1, oh, ow]
        elif what == "weightc":
            cin += 1
        elif what == "batch":
            off_shape[0] += 1
    x = data(gen, [batch, cin, h, w])
    wt = data(gen, [cout, max(1, cin // groups), kh, kw])
    off = data(gen, off_shape, scale=r.choice([0.5, 2.0, 6.0]))
    mask = data(gen, mask_shape) if mask_shape else None
    b = data(gen, [cout]) if r.random() < 0.5 else None
    params = {"stride": stride, "padding": padding, "dilation": dilation}
    return deform_case("fuzz deform_conv2d", x, off, wt, b, mask, params)


FAMILIES = {"conv": conv_config, "transpose": transpose_config, "pool": pool_config, "pad": pad_config, "deform": deform_config}


def main():
    require_fixed_hash_seed()
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    families = sys.argv[4].split(",") if len(sys.argv) > 4 else list(FAMILIES)
    r = random.Random(seed)
    gen = seeded(seed)
    cases = []
    for i in range(count):
        family = families[i % len(families)]
        case = FAMILIES[family](r, gen, invalid=r.random() < 0.4)
        case["name"] += f" #{i}"
        try:
            run(case)
        except DtypeDependent as e:
            print("skipped:", e)
            continue
        if finite(case):
            cases.append(case)
    with open(out, "w") as f:
        json.dump({"generator": GENERATOR, "cases": cases}, f)
    errors = sum(1 for c in cases if "error" in c)
    print(f"{len(cases)} cases ({errors} errors) -> {out}")


if __name__ == "__main__":
    main()
