"""Parameters and buffers that layers declare without allocating: shape-only until a forward needs
values, then allocated and initialised by their module (Module._materialize_parameters)."""
from ... import _creation
from ..._engine import E
from ..parameter import Parameter


def lazy_parameter(module, *shape):
    p = Parameter(_creation.empty(*shape, device="meta"))
    p._lazy = module._materialize_parameters
    return p


def lazy_buffer(module, *shape):
    t = _creation.empty(*shape, device="meta")
    t._lazy = module._materialize_parameters
    return t


def fill_fresh(fresh, tensor, value):
    if tensor is not None and id(tensor) in fresh:
        E.fill_(tensor._ref, float(value))


def seeded_uniform_pair(fresh, weight, bias, fan_in, seed):
    """reset_parameters of conv and linear layers: weight then bias from one seeded stream."""
    E.default_init(
        weight.numel(),
        weight._ref if id(weight) in fresh else None,
        bias._ref if bias is not None and id(bias) in fresh else None,
        fan_in,
        seed,
    )


def materialize_all(module):
    """reset_parameters() called by the user: every parameter gets its values now."""
    module._materialize_parameters()
    tensors = [t for t in list(module._parameters.values()) + list(module._buffers.values()) if t is not None]
    module._initialize_values({id(t) for t in tensors})
