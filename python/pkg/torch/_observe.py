"""The one place torch functions and tensor methods report to an observer, as PyTorch's
TorchFunctionMode lets a recorder see every torch call. While `reporting()` is active, the public
functions of torch, torch.nn.functional and torchvision.ops and the methods and operators of
torch.Tensor are wrapped; while `observing(observer)` is also active, each call made from a file the
observer watches is reported, with its arguments and result, after it returned. Calls torch makes
internally (a Conv2d's F.conv2d, a function built on another) come from the package's own files
and are not reported.

A traced file runs inside `reporting()` from its first import on, so `from torch import cat`
binds the reporting function; it keeps it afterwards, where it reports to no one. Outside
`reporting()`, nothing is wrapped: cells pay nothing for it."""
import contextlib
import functools
import sys
import types

# Tensor methods that never return a tensor, or that the runtime itself calls (repr, iteration,
# conversion): not worth a wrapper on a hot path.
_QUIET_METHODS = {
    "__init__", "__new__", "__repr__", "__hash__", "__len__", "__iter__", "__bool__", "__float__", "__int__",
    "__index__", "__format__", "__getattr__", "__setattr__", "__delattr__", "__setitem__", "__init_subclass__",
    "__reduce__", "__reduce_ex__", "__getstate__", "__setstate__", "__sizeof__", "__dir__", "__class_getitem__",
    "size", "dim", "numel", "tolist", "item", "is_floating_point", "numpy", "_convbook_display_",
}

# The observer calls are reported to, or None.
_observer = [None]


def _reporting(name, fn):
    @functools.wraps(fn)
    def call(*args, **kwargs):
        result = fn(*args, **kwargs)
        observer = _observer[0]
        if observer is not None:
            caller = sys._getframe(1)
            if caller.f_code.co_filename in observer.files:
                observer.report(name, args, kwargs, result, caller)
        return result

    call._convbook_reports = fn
    return call


def _public_functions(module):
    for name, value in list(vars(module).items()):
        if not name.startswith("_") and isinstance(value, types.FunctionType) and (value.__module__ or "").startswith(("torch", "torchvision")):
            yield name, value


def _tensor_methods(cls):
    seen = set()
    for klass in cls.__mro__:
        if klass is object:
            continue
        for name, value in vars(klass).items():
            if name in seen or name in _QUIET_METHODS or not isinstance(value, types.FunctionType):
                continue
            if name.startswith("_") and not (name.startswith("__") and name.endswith("__")):
                continue
            seen.add(name)
            yield name, value


@contextlib.contextmanager
def reporting():
    """Wraps torch's functions and tensor methods so that they can report, until the block ends."""
    import torch
    import torch.nn.functional as F
    from torch._tensor import Tensor

    namespaces = [torch, F]
    ops = sys.modules.get("torchvision.ops")
    if ops is not None:
        namespaces.append(ops)
    patched = []  # (owner, name, previous value, whether the owner had its own)
    try:
        for module in namespaces:
            for name, fn in _public_functions(module):
                if not hasattr(fn, "_convbook_reports"):
                    patched.append((module, name, fn, True))
                    setattr(module, name, _reporting(name, fn))
        for name, fn in list(_tensor_methods(Tensor)):
            if not hasattr(fn, "_convbook_reports"):
                patched.append((Tensor, name, fn, name in vars(Tensor)))
                setattr(Tensor, name, _reporting(name, fn))
        yield
    finally:
        for owner, name, previous, own in reversed(patched):
            if own:
                setattr(owner, name, previous)
            else:
                delattr(owner, name)


@contextlib.contextmanager
def observing(observer):
    """Reports every torch call made from a file in `observer.files` (a container of co_filename
    values) as observer.report(op, args, kwargs, result, caller_frame), until the block ends.
    Calls reach it only through functions wrapped by an enclosing `reporting()`."""
    previous = _observer[0]
    _observer[0] = observer
    try:
        yield observer
    finally:
        _observer[0] = previous
