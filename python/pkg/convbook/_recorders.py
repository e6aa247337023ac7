"""What a traced model did, recorded as PyTorch's ground truth records it (scripts/models/recorders.py
is the reference of every field): where each module was built, every module call in the order
calls started, and the shape-changing torch calls made from the user's files."""
import math
import sys

from torch._tensor import Tensor
from torch.nn.modules import module as module_mod
from torch.nn.modules.conv import _ConvNd
from torch.nn.modules.linear import Linear

from ._frames import callee_text


def _shapes(values):
    return [list(v.shape) for v in values if isinstance(v, Tensor)]


def output_shapes(value):
    """Shapes of a result: one tensor, or the tensors of a tuple/list (flattened one level)."""
    if isinstance(value, Tensor):
        return [list(value.shape)]
    if isinstance(value, (tuple, list)):
        return _shapes(value)
    return []


def _flatten_args(args, kwargs):
    """Positional and keyword arguments, with the tensors of list arguments (torch.cat's) inlined."""
    out = []
    for v in list(args) + list(kwargs.values()):
        out.extend(v if isinstance(v, (list, tuple)) else [v])
    return out


def _own_params(module):
    return sum(p.numel() for p in module._parameters.values() if p is not None)


def macs_of(module, inputs, output):
    """True multiply-accumulates of one call, bias apart (PYTHON_CONTRACT.md): convolutions and
    linear layers only."""
    if isinstance(module, _ConvNd):
        taps = math.prod(module.kernel_size)
        if module.transposed:
            return inputs[0].numel() * taps * (module.out_channels // module.groups)
        return output.numel() * (module.in_channels // module.groups) * taps
    if isinstance(module, Linear):
        return inputs[0].numel() * module.out_features
    return 0


def config_of(module):
    """The constructor settings the MAC rule reads, for convolutions and linear layers."""
    if isinstance(module, _ConvNd):
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
    if isinstance(module, Linear):
        return {"kind": "linear", "in_features": module.in_features, "out_features": module.out_features, "bias": module.bias is not None}
    return None


def _caller_of_constructor(module, frame):
    """The frame that called the module's class: past the chain of __init__ methods (the class's
    own, then super().__init__ up to Module's) that run on this very module."""
    while frame is not None and frame.f_code.co_name == "__init__":
        names = frame.f_code.co_varnames
        if not names or frame.f_locals.get(names[0]) is not module:
            break
        frame = frame.f_back
    return frame


class BuildSites:
    """Module.__init__ wrapped to keep the user frames of each constructor call, innermost first,
    so a Conv2d made inside a helper such as conv3x3 points at the helper's line."""

    def __init__(self, files):
        self.files = files
        self.sites = {}
        self._keep = []  # modules stay alive so that their ids are not reused
        self._original = None

    def __enter__(self):
        original = module_mod.Module.__init__
        sites = self

        def recording_init(module, *args, **kwargs):
            sites.sites[id(module)] = sites.files.stack(_caller_of_constructor(module, sys._getframe(1)))
            sites._keep.append(module)
            original(module, *args, **kwargs)

        self._original = original
        module_mod.Module.__init__ = recording_init
        return self

    def __exit__(self, *exc):
        module_mod.Module.__init__ = self._original

    def of(self, module):
        return self.sites.get(id(module), [])


def module_table(model, sites):
    """Every module once, in named_modules order, with where it was built."""
    rows = []
    for path, m in model.named_modules():
        stack = sites.of(m)
        rows.append({
            "path": path,
            "class": type(m).__name__,
            "params": _own_params(m),
            "config": config_of(m),
            "extra_repr": m.extra_repr(),
            "built_at": stack[0] if stack else None,
            "built_stack": stack,
        })
    return rows


class CallRecorder:
    """The torch package's module-call tracer (Module.__call__ reports to it): one record per call,
    in the order calls start, with the module's depth in the model's tree (parts of its path)."""

    def __init__(self, model, sites, files):
        self.paths = {id(m): name for name, m in model.named_modules()}
        self.sites = sites
        self.files = files
        self.calls = []
        self.active = []

    def __enter__(self):
        self._previous = module_mod._tracer[0]
        module_mod._tracer[0] = self
        return self

    def __exit__(self, *exc):
        module_mod._tracer[0] = self._previous

    def enter(self, module, args):
        path = self.paths.get(id(module))
        record = {
            "path": path,
            "class": type(module).__name__,
            "depth": len(self.active) if path is None else (0 if path == "" else path.count(".") + 1),
            "input_shapes": _shapes(args),
            "output_shape": None,
            "params": _own_params(module),
            "macs": None,
            "built_at": (self.sites.of(module) or [None])[0],
            "called_at": self.files.innermost(sys._getframe(2)),
        }
        self.calls.append(record)
        self.active.append((record, module, args))
        return record

    def exit(self, record, output):
        while self.active and self.active[-1][0] is not record:
            self.active.pop()  # calls an exception left open inside this one
        _, module, args = self.active.pop()
        if isinstance(output, Tensor):
            record["output_shape"] = list(output.shape)
            record["macs"] = macs_of(module, args, output)
        else:
            # A block returning several tensors (or none) has no one output shape; its MACs are
            # known only when it has none of its own.
            record["macs"] = 0 if config_of(module) is None else None

    def within(self):
        return self.active[-1][0]["path"] if self.active else None


class FunctionalRecorder:
    """Torch functions and tensor methods called from user files whose result's shape differs from
    their first tensor argument's (pooling, view/flatten, cat, interpolate, pad...)."""

    def __init__(self, files, calls):
        self.files = files.files  # co_filename -> source: what torch._observe checks callers against
        self.user = files
        self.calls = calls
        self.records = []

    def report(self, op, args, kwargs, result, frame):
        inputs = _shapes(_flatten_args(args, kwargs))
        outputs = output_shapes(result)
        if not outputs or (inputs and outputs == inputs[:1]):
            return
        where = self.user.span(frame.f_code, frame.f_lasti)
        self.records.append(dict(
            op=op,
            call=callee_text(self.user.source(where, frame.f_code.co_filename)),
            within=self.calls.within(),
            input_shapes=inputs,
            output_shapes=outputs,
            **where,
        ))


def error_record(exc, files):
    """Type, message and user frames (innermost first) of an exception raised by a forward."""
    frames = files.traceback_stack(exc.__traceback__)
    return {"type": type(exc).__name__, "message": str(exc), "at": frames[0] if frames else None, "stack": frames}
