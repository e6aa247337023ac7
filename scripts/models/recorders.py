"""Records what real PyTorch does when a fixture model is built and run: every module call, every
shape-changing functional call made from the fixture's own code, and where each module was built.

Used by ground_truth.py; the record format is documented in test/fixtures/models/README.md.
"""

import inspect
import math
import os
import sys
import traceback

import torch
import torch.nn as nn
from torch.overrides import TorchFunctionMode

# Files through which a torch function reaches __torch_function__ without being the caller: the
# Python wrappers of F.* and torch.* and the dispatch helpers. The first frame past them is the
# code that called the function (a fixture line, or a module's forward inside torch).
_TORCH_DIR = os.path.dirname(torch.__file__)
_DISPATCH_FILES = {
    os.path.join(_TORCH_DIR, name)
    for name in ("overrides.py", "functional.py", "_tensor.py", "_jit_internal.py", os.path.join("nn", "functional.py"))
}


class FixtureFiles:
    """The fixture folder: which frames belong to it, and their positions relative to it."""

    def __init__(self, root):
        self.root = os.path.realpath(root)
        self._lines = {}

    def relative(self, filename):
        """Path of filename relative to the folder (posix), or None for a file outside it."""
        real = os.path.realpath(filename)
        if not real.startswith(self.root + os.sep):
            return None
        return os.path.relpath(real, self.root).replace(os.sep, "/")

    def position(self, frame):
        """{file, line, column, end_line, end_column} of the instruction a frame is executing.
        Lines are 1-based; columns are 0-based offsets, as CPython's co_positions gives them."""
        pos = inspect.getframeinfo(frame, context=0).positions
        return {
            "file": self.relative(frame.f_code.co_filename),
            "line": pos.lineno,
            "column": pos.col_offset,
            "end_line": pos.end_lineno,
            "end_column": pos.end_col_offset,
        }

    def stack(self, frame):
        """Positions of the fixture frames from frame outwards (innermost first)."""
        out = []
        while frame is not None:
            if self.relative(frame.f_code.co_filename) is not None:
                out.append(dict(self.position(frame), function=frame.f_code.co_name))
            frame = frame.f_back
        return out

    def source(self, where):
        """The source text between a position's start and end."""
        path = os.path.join(self.root, where["file"])
        if path not in self._lines:
            with open(path, encoding="utf-8") as f:
                self._lines[path] = f.read().split("\n")
        lines = self._lines[path][where["line"] - 1 : where["end_line"]]
        if len(lines) == 1:
            return lines[0][where["column"] : where["end_column"]]
        return "\n".join([lines[0][where["column"] :]] + lines[1:-1] + [lines[-1][: where["end_column"]]])


def callee_text(call_source):
    """'F.max_pool2d' from 'F.max_pool2d(F.relu(a), 2)': what precedes the '(' matching the last ')'."""
    if not call_source.endswith(")"):
        return call_source
    depth = 0
    for i in range(len(call_source) - 1, -1, -1):
        ch = call_source[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            depth -= 1
            if depth == 0:
                return " ".join(call_source[:i].split())
    return call_source


def shape_of(value):
    return list(value.shape)


def tensor_shapes(values):
    return [shape_of(v) for v in values if isinstance(v, torch.Tensor)]


def output_shapes(value):
    """Shapes of a result: one tensor, or the tensors of a tuple/list (flattened one level)."""
    if isinstance(value, torch.Tensor):
        return [shape_of(value)]
    if isinstance(value, (tuple, list)):
        return tensor_shapes(value)
    return []


def caller_of_constructor(module, frame):
    """The frame that called the module's class: past the chain of __init__ methods (the class's
    own, then super().__init__ up to Module's) that run on this very module."""
    while frame is not None and frame.f_code.co_name == "__init__":
        names = frame.f_code.co_varnames
        if not names or frame.f_locals.get(names[0]) is not module:
            break
        frame = frame.f_back
    return frame


class BuildSites:
    """Where each module was built: Module.__init__ is wrapped to keep the fixture frames of the
    constructor call (innermost first), so a Conv2d made inside a helper such as conv3x3 or
    torchvision's Conv2dNormActivation points at the helper's line in the fixture."""

    def __init__(self, files):
        self.files = files
        self.sites = {}
        self._keep = []  # modules stay alive so that their ids are not reused
        self._original = None

    def __enter__(self):
        original = nn.Module.__init__
        sites = self

        def recording_init(module, *args, **kwargs):
            sites.sites[id(module)] = sites.files.stack(caller_of_constructor(module, sys._getframe(1)))
            sites._keep.append(module)
            original(module, *args, **kwargs)

        self._original = original
        nn.Module.__init__ = recording_init
        return self

    def __exit__(self, *exc):
        nn.Module.__init__ = self._original

    def of(self, module):
        return self.sites.get(id(module), [])


def macs_of(module, inputs, output):
    """True multiply-accumulates of one call, bias apart (PYTHON_CONTRACT.md): convolutions and
    linear layers only."""
    if isinstance(module, nn.modules.conv._ConvNd):
        taps = math.prod(module.kernel_size)
        if module.transposed:
            return inputs[0].numel() * taps * (module.out_channels // module.groups)
        return output.numel() * (module.in_channels // module.groups) * taps
    if isinstance(module, nn.Linear):
        return inputs[0].numel() * module.out_features
    return 0


def config_of(module):
    """The constructor settings the MAC rule reads, for convolutions and linear layers."""
    if isinstance(module, nn.modules.conv._ConvNd):
        return {
            "kind": "conv_transpose" if module.transposed else "conv",
            "in_channels": module.in_channels,
            "out_channels": module.out_channels,
            "kernel_size": list(module.kernel_size),
            "stride": list(module.stride),
            "padding": module.padding if isinstance(module.padding, str) else list(module.padding),
            "dilation": list(module.dilation),
            "groups": module.groups,
            "output_padding": list(module.output_padding),
            "bias": module.bias is not None,
            "padding_mode": module.padding_mode,
        }
    if isinstance(module, nn.Linear):
        return {
            "kind": "linear",
            "in_features": module.in_features,
            "out_features": module.out_features,
            "bias": module.bias is not None,
        }
    return None


class CallRecorder:
    """Forward pre-hooks and hooks on every module (containers and leaves): one record per call,
    in the order calls start, with the depth of the module in the model's tree (the number of parts
    of its path; the model itself is 0), as torchinfo counts it: a ModuleList's children are one
    level below it even though the list itself is never called."""

    def __init__(self, model, sites, files):
        self.paths = {id(m): name for name, m in model.named_modules()}
        self.sites = sites
        self.files = files
        self.calls = []
        self.active = []
        self._handles = []
        for m in model.modules():
            self._handles.append(m.register_forward_pre_hook(self._pre))
            self._handles.append(m.register_forward_hook(self._post))

    def _pre(self, module, inputs):
        path = self.paths.get(id(module))
        record = {
            "path": path,
            "class": type(module).__name__,
            "depth": len(self.active) if path is None else (0 if path == "" else len(path.split("."))),
            "input_shapes": tensor_shapes(inputs),
            "output_shape": None,
            "params": sum(p.numel() for p in module.parameters(recurse=False)),
            "macs": None,
            "built_at": (self.sites.of(module) or [None])[0],
            "called_at": self._caller(),
        }
        self.calls.append(record)
        self.active.append(record)

    def _caller(self):
        """The innermost fixture frame running when the module was called: the `self.layer1(x)` of a
        forward, or the line that called the Sequential whose child this is (torch's own
        Sequential.forward is not fixture code). None when only the ground-truth script called it."""
        stack = self.files.stack(inspect.currentframe())
        return stack[0] if stack else None

    def _post(self, module, inputs, output):
        record = self.active.pop()
        shapes = output_shapes(output)
        if len(shapes) != 1 or not isinstance(output, torch.Tensor):
            raise TypeError(f"{record['path']}: expected one tensor output, got {type(output).__name__}")
        record["output_shape"] = shapes[0]
        record["macs"] = macs_of(module, inputs, output)

    def within(self):
        return self.active[-1]["path"] if self.active else None

    def remove(self):
        for h in self._handles:
            h.remove()


class FunctionalRecorder(TorchFunctionMode):
    """Torch functions and tensor methods called directly from fixture code whose result's shape
    differs from their first tensor argument's (pooling, view/flatten, cat, interpolate, pad...).
    Calls made inside torch (a Conv2d's F.conv2d) and shape-keeping ones (relu, +=) are left out."""

    def __init__(self, files, calls):
        super().__init__()
        self.files = files
        self.calls = calls
        self.records = []

    def __torch_function__(self, func, types, args=(), kwargs=None):
        result = func(*args, **(kwargs or {}))
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename in _DISPATCH_FILES:
            frame = frame.f_back
        if frame is None or self.files.relative(frame.f_code.co_filename) is None:
            return result
        inputs = tensor_shapes(flatten_args(args, kwargs))
        outputs = output_shapes(result)
        if not outputs or (inputs and outputs == inputs[:1]):
            return result
        where = self.files.position(frame)
        self.records.append(
            dict(
                op=getattr(func, "__name__", str(func)),
                call=callee_text(self.files.source(where)),
                within=self.calls.within(),
                input_shapes=inputs,
                output_shapes=outputs,
                **where,
            )
        )
        return result


def flatten_args(args, kwargs):
    """Positional and keyword arguments, with the tensors of list arguments (torch.cat's) inlined."""
    out = []
    for v in list(args) + list((kwargs or {}).values()):
        out.extend(v if isinstance(v, (list, tuple)) else [v])
    return out


def error_record(exc, files):
    """Type, message and fixture frames (innermost first) of an exception raised by a forward."""
    frames = []
    for fs in reversed(traceback.extract_tb(exc.__traceback__)):
        rel = files.relative(fs.filename)
        if rel is not None:
            frames.append(
                {
                    "file": rel,
                    "line": fs.lineno,
                    "column": fs.colno,
                    "end_line": fs.end_lineno,
                    "end_column": fs.end_colno,
                    "function": fs.name,
                }
            )
    return {"type": type(exc).__name__, "message": str(exc), "at": frames[0] if frames else None, "stack": frames}
