"""Tensor arithmetic (elementwise with broadcasting, pointwise functions, in-place forms) and
reductions, as a mixin of torch.Tensor: every op asks the engine for its shape and values."""
import builtins
import numbers

from ._engine import E, js

# torch.Tensor, set by _tensor.py once the class exists (results are plain tensors).
_TENSOR = [None]


def _wrap(ref):
    return _TENSOR[0]._from_ref(ref)


def _ready(*values):
    """Refs of the tensor arguments. A lazy parameter meets data: it materialises first."""
    tensors = [v for v in values if isinstance(v, _TENSOR[0])]
    if any(t._lazy is not None for t in tensors) and any(t._has_data() for t in tensors):
        for t in tensors:
            t._materialize()
    return [v._ref if isinstance(v, _TENSOR[0]) else v for v in values]


def _operand(value):
    if isinstance(value, _TENSOR[0]):
        return value
    if isinstance(value, bool):
        return builtins.float(value)
    if isinstance(value, numbers.Number):
        return builtins.float(value)
    raise TypeError(f"unsupported operand type: '{type(value).__name__}'")


class TensorMath:
    """The arithmetic and reduction methods of torch.Tensor."""

    __slots__ = ()

    # ── arithmetic ──
    def _binary(self, op, other, reverse=False):
        other = _operand(other)
        a, b = (other, self) if reverse else (self, other)
        return _wrap(E.binary(op, *_ready(a, b)))

    def __add__(self, o):
        return self._binary("add", o)

    def __radd__(self, o):
        return self._binary("add", o, True)

    def __sub__(self, o):
        return self._binary("sub", o)

    def __rsub__(self, o):
        return self._binary("sub", o, True)

    def __mul__(self, o):
        return self._binary("mul", o)

    def __rmul__(self, o):
        return self._binary("mul", o, True)

    def __truediv__(self, o):
        return self._binary("div", o)

    def __rtruediv__(self, o):
        return self._binary("div", o, True)

    def __floordiv__(self, o):
        return self._binary("floordiv", o)

    def __mod__(self, o):
        return self._binary("mod", o)

    def __pow__(self, o):
        return self._binary("pow", o)

    def __rpow__(self, o):
        return self._binary("pow", o, True)

    def __matmul__(self, o):
        return self.matmul(o)

    def __eq__(self, o):
        return self._binary("eq", o)

    def __ne__(self, o):
        return self._binary("ne", o)

    def __lt__(self, o):
        return self._binary("lt", o)

    def __le__(self, o):
        return self._binary("le", o)

    def __gt__(self, o):
        return self._binary("gt", o)

    def __ge__(self, o):
        return self._binary("ge", o)

    def __neg__(self):
        return self._unary("neg")

    def __pos__(self):
        return self

    def __abs__(self):
        return self._unary("abs")

    # In-place forms rebind the tensor to the result (tensors share no storage in convbook).
    def _inplace(self, result):
        self._ref = result._ref
        self._shape = result._shape
        return self

    def __iadd__(self, o):
        return self._inplace(self + o)

    def __isub__(self, o):
        return self._inplace(self - o)

    def __imul__(self, o):
        return self._inplace(self * o)

    def __itruediv__(self, o):
        return self._inplace(self / o)

    def add(self, other, alpha=1):
        return self + (other * alpha if alpha != 1 else other)

    def add_(self, other, alpha=1):
        return self._inplace(self.add(other, alpha))

    def sub(self, other, alpha=1):
        return self - (other * alpha if alpha != 1 else other)

    def mul(self, other):
        return self * other

    def mul_(self, other):
        return self._inplace(self * other)

    def div(self, other):
        return self / other

    def div_(self, other):
        return self._inplace(self / other)

    def pow(self, exponent):
        return self ** exponent

    def matmul(self, other):
        return _wrap(E.matmul(*_ready(self, other)))

    mm = matmul
    bmm = matmul

    def _unary(self, op, arg=0.0):
        return _wrap(E.unary(op, *_ready(self), builtins.float(arg)))

    def neg(self):
        return self._unary("neg")

    def abs(self):
        return self._unary("abs")

    def exp(self):
        return self._unary("exp")

    def log(self):
        return self._unary("log")

    def sqrt(self):
        return self._unary("sqrt")

    def rsqrt(self):
        return self._unary("rsqrt")

    def floor(self):
        return self._unary("floor")

    def ceil(self):
        return self._unary("ceil")

    def round(self):
        return self._unary("round")

    def clamp(self, min=None, max=None):
        out = self
        if min is not None:
            out = out._unary("clamp_min", min)
        if max is not None:
            out = out._unary("clamp_max", max)
        return out

    clip = clamp

    def clamp_(self, min=None, max=None):
        return self._inplace(self.clamp(min, max))

    def relu(self):
        from .nn import functional as F

        return F.relu(self)

    def sigmoid(self):
        from .nn import functional as F

        return F.sigmoid(self)

    def tanh(self):
        from .nn import functional as F

        return F.tanh(self)

    def softmax(self, dim):
        from .nn import functional as F

        return F.softmax(self, dim)

    def relu_(self):
        return self._inplace(self.relu())

    def zero_(self):
        E.fill_(self._ref, 0.0)
        return self

    def fill_(self, value):
        E.fill_(self._ref, builtins.float(value))
        return self

    def copy_(self, src):
        if tuple(src.shape) != tuple(self.shape):
            src = src.expand(self.shape)
        E.copy_(*_ready(self, src))
        return self

    # ── reductions ──
    def _reduce(self, op, dim, keepdim):
        dims = None if dim is None else (list(dim) if isinstance(dim, (tuple, list)) else [dim])
        return [_wrap(r) for r in E.reduce(op, *_ready(self), js(dims), keepdim)]

    def sum(self, dim=None, keepdim=False, dtype=None):
        return self._reduce("sum", dim, keepdim)[0]

    def mean(self, dim=None, keepdim=False, dtype=None):
        return self._reduce("mean", dim, keepdim)[0]

    def max(self, dim=None, keepdim=False):
        if isinstance(dim, _TENSOR[0]):
            return self._binary("maximum", dim)
        out = self._reduce("max", dim, keepdim)
        return out[0] if dim is None else _MinMax(out[0], out[1])

    def min(self, dim=None, keepdim=False):
        if isinstance(dim, _TENSOR[0]):
            return self._binary("minimum", dim)
        out = self._reduce("min", dim, keepdim)
        return out[0] if dim is None else _MinMax(out[0], out[1])

    def amax(self, dim=(), keepdim=False):
        return self._reduce("max", dim if dim != () else None, keepdim)[0]

    def argmax(self, dim=None, keepdim=False):
        if dim is None:
            return self.flatten().max(0).indices
        return self.max(dim, keepdim).indices


class _MinMax(tuple):
    """torch.return_types.max: (values, indices)."""

    def __new__(cls, values, indices):
        return super().__new__(cls, (values, indices))

    @property
    def values(self):
        return self[0]

    @property
    def indices(self):
        return self[1]


def _contiguous_strides(shape):
    strides = []
    acc = 1
    for s in reversed(shape):
        strides.insert(0, acc)
        acc *= s
    return strides
