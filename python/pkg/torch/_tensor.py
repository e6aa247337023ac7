"""torch.Tensor: a shape, and engine data only when values flow (else shape-only, like device='meta').

The data is the engine's Float32Array, held as a JsProxy and never copied into Python. Every op asks
the engine for its output shape and checks, and for values only when every input has them.
"""
import builtins
import json

from pyodide.ffi import jsnull

from . import _dtype
from ._engine import E, js
from ._size import Size
from ._tensor_math import _TENSOR, TensorMath, _MinMax, _contiguous_strides, _operand, _ready, _wrap  # noqa: F401


def _dims_arg(args, name="dims"):
    """Tensor.permute(0, 2, 1) and permute((0, 2, 1)) alike."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        return list(args[0])
    return list(args)


class Tensor(TensorMath):
    """A float32 tensor. Shape-only tensors have device 'meta'."""

    __slots__ = ("_ref", "_shape", "requires_grad", "grad", "_lazy", "__weakref__", "__dict__")

    def __init__(self, *args, **kwargs):
        raise TypeError("use torch.tensor(), torch.zeros(), torch.empty(...) to make a tensor")

    @classmethod
    def _from_ref(cls, ref, requires_grad=False):
        t = object.__new__(cls)
        t._ref = ref
        t._shape = Size(ref.shape)
        t.requires_grad = requires_grad
        t.grad = None
        t._lazy = None
        if ref.data is not jsnull:
            E.hold(ref)
        return t

    def __del__(self):
        # The last tensor holding a buffer releases it from the session's live-data budget.
        ref = getattr(self, "_ref", None)
        if ref is not None and ref.data is not jsnull:
            try:
                E.drop(ref)
            except Exception:  # noqa: BLE001 - interpreter teardown: nothing left to account
                pass

    # ── what it is ──
    def _has_data(self):
        # A shape-only tensor's data is JavaScript's null.
        return self._ref.data is not jsnull

    def _materialize(self):
        if self._lazy is not None:
            self._lazy()

    @property
    def shape(self):
        return self._shape

    def size(self, dim=None):
        if dim is None:
            return self._shape
        return self._shape[self._wrap_dim(dim)]

    def _wrap_dim(self, dim):
        rank = max(len(self._shape), 1)
        if not -rank <= dim < rank:
            raise IndexError(f"Dimension out of range (expected to be in range of [{-rank}, {rank - 1}], but got {dim})")
        return dim % rank

    def dim(self):
        return len(self._shape)

    ndim = property(dim)

    def numel(self):
        return self._shape.numel()

    nelement = numel

    @property
    def dtype(self):
        return _dtype.float32

    @property
    def device(self):
        # A layer's lazy parameter is a CPU tensor whose values are not drawn yet.
        return _dtype.device("cpu" if self._has_data() or self._lazy is not None else "meta")

    is_cuda = False

    @property
    def is_meta(self):
        return not self._has_data() and self._lazy is None

    @property
    def data(self):
        return self

    @property
    def T(self):
        return self.permute(*reversed(range(self.dim())))

    def is_floating_point(self):
        return True

    def __len__(self):
        if not self._shape:
            raise TypeError("len() of a 0-d tensor")
        return self._shape[0]

    def __hash__(self):
        return id(self)

    # ── values ──
    def tolist(self):
        (ref,) = _ready(self)
        self._materialize()
        if not self._has_data():
            raise NotImplementedError("Cannot copy out of meta tensor; no data!")
        # float32 values: whole numbers come back as floats, as PyTorch gives them.
        return json.loads(E.to_json(self._ref), parse_int=builtins.float, parse_constant=builtins.float)

    def item(self):
        if self.numel() != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        value = self.tolist()
        while isinstance(value, list):
            value = value[0]
        return value

    def __float__(self):
        return builtins.float(self.item())

    def __int__(self):
        return builtins.int(self.item())

    def __index__(self):
        return builtins.int(self.item())

    def __format__(self, spec):
        # PyTorch formats a 0-d tensor as its number, anything else as its repr.
        if self.dim() == 0:
            return format(self.item(), spec)
        return format(repr(self), spec)

    def __bool__(self):
        if self.numel() != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return builtins.bool(self.item())

    def __repr__(self):
        self._materialize()
        text = E.repr(self._ref)
        if self.requires_grad and self._has_data():
            text = text[:-1] + ", requires_grad=True)"
        return text

    def _convbook_display_(self):
        self._materialize()
        return E.display(self._ref, None)

    def __iter__(self):
        if not self._shape:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self._shape[0]))

    # ── dtype/device moves: convbook keeps float32 on the CPU ──
    def to(self, *args, **kwargs):
        return self

    def cpu(self):
        return self

    def cuda(self, *args, **kwargs):
        return self

    def float(self):
        return self

    def double(self):
        return self

    def long(self):
        return self

    def int(self):
        return self

    def type_as(self, other):
        return self

    def detach(self):
        return self

    def clone(self):
        return _wrap(E.strided(*_ready(self), 0, js(_contiguous_strides(self._shape)), js(self._shape)))

    def contiguous(self, memory_format=None):
        return self

    def requires_grad_(self, requires_grad=True):
        self.requires_grad = requires_grad
        return self

    def numpy(self):
        raise RuntimeError("convbook has no NumPy; use .tolist()")

    # ── views ──
    def view(self, *shape):
        return _wrap(E.reshape(*_ready(self), js(_dims_arg(shape))))

    reshape = view

    def view_as(self, other):
        return self.view(other.shape)

    reshape_as = view_as

    def flatten(self, start_dim=0, end_dim=-1):
        return _wrap(E.flatten(*_ready(self), start_dim, end_dim))

    def squeeze(self, dim=None):
        return _wrap(E.squeeze(*_ready(self), dim))

    def unsqueeze(self, dim):
        return _wrap(E.unsqueeze(*_ready(self), dim))

    def permute(self, *dims):
        return _wrap(E.permute(*_ready(self), js(_dims_arg(dims))))

    def transpose(self, dim0, dim1):
        return _wrap(E.transpose(*_ready(self), dim0, dim1))

    def t(self):
        return self.transpose(0, 1) if self.dim() == 2 else self

    def expand(self, *sizes):
        return _wrap(E.expand(*_ready(self), js(_dims_arg(sizes))))

    def expand_as(self, other):
        return self.expand(other.shape)

    def chunk(self, chunks, dim=0):
        return tuple(_wrap(r) for r in E.chunk(*_ready(self), chunks, dim))

    def split(self, split_size, dim=0):
        return tuple(_wrap(r) for r in E.split(*_ready(self), js(split_size), dim))

    def __getitem__(self, key):
        from ._indexing import basic_index

        return basic_index(self, key)

    def __setitem__(self, key, value):
        from ._indexing import assign_index

        assign_index(self, key, value)


_TENSOR[0] = Tensor
