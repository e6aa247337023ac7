"""nn.Parameter: a tensor a module registers as learnable."""
from .._tensor import Tensor


class Parameter(Tensor):
    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            from .. import _creation

            data = _creation.empty(0)
        p = Tensor._from_ref.__func__(cls, data._ref, requires_grad)
        p._lazy = data._lazy
        return p

    def __init__(self, data=None, requires_grad=True):
        pass

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()


class Buffer(Tensor):
    pass
