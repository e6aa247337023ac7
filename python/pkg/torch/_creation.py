"""Making tensors: torch.tensor, zeros/ones/full/empty (device='meta' gives shape-only tensors),
arange, and rand/randn drawn as PyTorch's CPU generator draws them (torch.manual_seed)."""
import builtins
import json

from ._engine import E, js
from ._tensor import Tensor, _wrap


def _shape_arg(size, fn):
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    for s in size:
        if not hasattr(s, "__index__") or isinstance(s, builtins.bool):
            raise TypeError(f"{fn}(): argument 'size' must be tuple of ints, but found element of type {type(s).__name__}")
    return [s.__index__() for s in size]


def _is_meta(device):
    return device is not None and str(getattr(device, "type", device)).split(":")[0] == "meta"


def _filled(size, value, device, fn, requires_grad=False):
    shape = _shape_arg(size, fn)
    for s in shape:
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: [{', '.join(map(str, shape))}]")
    t = _wrap(E.full(js(shape), builtins.float(value), not _is_meta(device)))
    t.requires_grad = requires_grad
    return t


def zeros(*size, dtype=None, device=None, requires_grad=False, out=None):
    return _filled(size, 0.0, device, "zeros", requires_grad)


def ones(*size, dtype=None, device=None, requires_grad=False, out=None):
    return _filled(size, 1.0, device, "ones", requires_grad)


def empty(*size, dtype=None, device=None, requires_grad=False, out=None, memory_format=None):
    return _filled(size, 0.0, device, "empty", requires_grad)


def full(size, fill_value, dtype=None, device=None, requires_grad=False, out=None):
    return _filled((size,), fill_value, device, "full", requires_grad)


def _like(fn):
    def like(input, dtype=None, device=None, requires_grad=False, memory_format=None):
        return fn(input.shape, device=device if device is not None else ("meta" if not input._has_data() and input._lazy is None else None))

    like.__name__ = fn.__name__ + "_like"
    return like


zeros_like = _like(zeros)
ones_like = _like(ones)
empty_like = _like(empty)


def full_like(input, fill_value, dtype=None, device=None, requires_grad=False):
    return full(input.shape, fill_value, device=device)


def arange(start, end=None, step=1, dtype=None, device=None, requires_grad=False, out=None):
    if end is None:
        start, end = 0, start
    return _wrap(E.arange(builtins.float(start), builtins.float(end), builtins.float(step)))


def _plain_values(data):
    if isinstance(data, Tensor):
        return data.tolist()
    if isinstance(data, (list, tuple)):
        return [_plain_values(d) for d in data]
    if isinstance(data, builtins.bool):
        return 1.0 if data else 0.0
    return data


def _nested_shape(data):
    """The shape nested lists claim, read down their first elements (as PyTorch infers it)."""
    shape = []
    while isinstance(data, (list, tuple)):
        shape.append(len(data))
        if not data:
            return shape
        data = data[0]
    return shape + (list(data.shape) if isinstance(data, Tensor) else [])


def tensor(data, dtype=None, device=None, requires_grad=False, pin_memory=False):
    # The budgets first: [[0] * 1000] * 1000 is cheap as a list and large as values.
    E.check_allocation(js(_nested_shape(data)))
    t = _wrap(E.from_nested(json.dumps(_plain_values(data))))
    t.requires_grad = requires_grad
    return t


def as_tensor(data, dtype=None, device=None):
    return data if isinstance(data, Tensor) else tensor(data)


def _random(size, normal, device, fn):
    shape = _shape_arg(size, fn)
    if _is_meta(device):
        return _wrap(E.meta(js(shape)))
    return _wrap(E.rand(js(shape), normal))


def rand(*size, generator=None, dtype=None, device=None, requires_grad=False):
    """Uniform [0, 1) from the default generator: after torch.manual_seed, PyTorch's values."""
    return _random(size, False, device, "rand")


def randn(*size, generator=None, dtype=None, device=None, requires_grad=False):
    """Standard normal from the default generator: after torch.manual_seed, PyTorch's values (from 16
    values on, within a unit in the last place of its portable kernel's)."""
    return _random(size, True, device, "randn")
