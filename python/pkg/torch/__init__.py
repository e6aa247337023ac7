"""convbook's torch: PyTorch's names, signatures, checks and messages over the convbook engine.

Tensors are float32 on the CPU, or shape-only (device='meta'); there is no autograd.
"""
from ._dtype import (  # noqa: F401
    bfloat16, bool, device, double, dtype, float, float16, float32, float64, half, int, int32, int64, long, uint8,
)
from ._size import Size  # noqa: F401
from ._tensor import Tensor  # noqa: F401
from ._creation import (  # noqa: F401
    arange, as_tensor, empty, empty_like, full, full_like, ones, ones_like, rand, randn, tensor, zeros, zeros_like,
)
from ._functions import *  # noqa: F401,F403
from ._functions import abs, max, min, sum  # noqa: F401
from ._grad import enable_grad, inference_mode, no_grad, set_grad_enabled  # noqa: F401

__version__ = "1.13.1+convbook"
FloatTensor = Tensor
_seed = [0]


def manual_seed(seed):
    """Seeds the default generator as PyTorch does (torch.rand/randn then draw PyTorch's values), and
    convbook's own seeding of layer initialisation, which does not reproduce PyTorch's draws."""
    from ._engine import E

    seed = builtins_int(seed)
    _seed[0] = seed
    E.manual_seed(seed % 2**64 & 0xFFFFFFFF)
    return None


def is_grad_enabled():
    return False


from builtins import int as builtins_int  # noqa: E402

from . import nn  # noqa: E402,F401
from .nn import functional  # noqa: E402,F401
from . import cuda, backends, hub, utils  # noqa: E402,F401
