"""Basic indexing (ints, slices, None, Ellipsis) by Python's slice rules, as a strided read."""
from ._engine import E, js
from ._tensor import Tensor, _contiguous_strides, _ready, _wrap


def _resolve(t, key):
    """The indexed view as (base offset, strides, shape) of t's contiguous data."""
    if not isinstance(key, tuple):
        key = (key,)
    real = [k for k in key if k is not None and k is not Ellipsis]
    if sum(1 for k in key if k is Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    if len(real) > t.dim():
        raise IndexError(f"too many indices for tensor of dimension {t.dim()}")
    if Ellipsis in key:
        at = key.index(Ellipsis)
        key = key[:at] + (slice(None),) * (t.dim() - len(real)) + key[at + 1:]
    strides = _contiguous_strides(t.shape)
    base = 0
    out_shape, out_strides = [], []
    axis = 0
    for k in key:
        if k is None:
            out_shape.append(1)
            out_strides.append(0)
            continue
        size = t.shape[axis]
        if isinstance(k, slice):
            start, stop, step = k.indices(size)
            if step <= 0:
                raise ValueError("step must be greater than zero")
            length = max(0, (stop - start + step - 1) // step)
            base += start * strides[axis]
            out_shape.append(length)
            out_strides.append(strides[axis] * step)
        elif hasattr(k, "__index__"):
            i = k.__index__()
            if not -size <= i < size:
                raise IndexError(f"index {i} is out of bounds for dimension {axis} with size {size}")
            base += (i % size) * strides[axis]
        else:
            raise TypeError(f"convbook indexes tensors with ints, slices, None and ...; got {type(k).__name__}")
        axis += 1
    out_shape += list(t.shape[axis:])
    out_strides += strides[axis:]
    return base, out_strides, out_shape


def basic_index(t, key):
    base, strides, shape = _resolve(t, key)
    return _wrap(E.strided(*_ready(t), base, js(strides), js(shape)))


def assign_index(t, key, value):
    """t[key] = value in place: a tensor value is expanded to the view's shape first, as PyTorch does."""
    base, strides, shape = _resolve(t, key)
    if isinstance(value, Tensor):
        value = value.expand(shape)
        if value._has_data() or t._lazy is not None:
            t._materialize()
        ref, value_ref = _ready(t, value)
        if not value._has_data():
            return
    else:
        t._materialize()
        ref, value_ref = t._ref, float(value)
    E.assign_strided(ref, base, js(strides), js(shape), value_ref)
