"""torch.* functions over tensors: joining, splitting, reshaping, reductions and arithmetic."""
from ._engine import E
from ._tensor import Tensor, _ready, _wrap


def _tensors(tensors, fn):
    if not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{fn}(): argument 'tensors' (position 1) must be tuple of Tensors, not {type(tensors).__name__}")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type(t).__name__}")
    return _ready(*tensors)


def cat(tensors, dim=0, out=None):
    return _wrap(E.cat(_tensors(tensors, "cat"), dim))


concat = concatenate = cat


def stack(tensors, dim=0, out=None):
    return _wrap(E.stack(_tensors(tensors, "stack"), dim))


def chunk(input, chunks, dim=0):
    return input.chunk(chunks, dim)


def split(tensor, split_size_or_sections, dim=0):
    return tensor.split(split_size_or_sections, dim)


def flatten(input, start_dim=0, end_dim=-1):
    return input.flatten(start_dim, end_dim)


def reshape(input, shape):
    return input.reshape(shape)


def permute(input, dims):
    return input.permute(dims)


def transpose(input, dim0, dim1):
    return input.transpose(dim0, dim1)


def squeeze(input, dim=None):
    return input.squeeze(dim)


def unsqueeze(input, dim):
    return input.unsqueeze(dim)


def matmul(input, other):
    return input.matmul(other)


mm = bmm = matmul


def mean(input, dim=None, keepdim=False, dtype=None):
    return input.mean(dim, keepdim)


def sum(input, dim=None, keepdim=False, dtype=None):
    return input.sum(dim, keepdim)


def max(input, dim=None, keepdim=False):
    return input.max(dim, keepdim)


def min(input, dim=None, keepdim=False):
    return input.min(dim, keepdim)


def amax(input, dim=(), keepdim=False):
    return input.amax(dim, keepdim)


def argmax(input, dim=None, keepdim=False):
    return input.argmax(dim, keepdim)


def add(input, other, alpha=1):
    return input.add(other, alpha) if isinstance(input, Tensor) else other.add(input)


def sub(input, other, alpha=1):
    return input.sub(other, alpha)


def mul(input, other):
    return input * other


def div(input, other):
    return input / other


def maximum(input, other):
    return input._binary("maximum", other)


def minimum(input, other):
    return input._binary("minimum", other)


def clamp(input, min=None, max=None):
    return input.clamp(min, max)


clip = clamp


def exp(input):
    return input.exp()


def log(input):
    return input.log()


def sqrt(input):
    return input.sqrt()


def abs(input):
    return input.abs()


def relu(input):
    return input.relu()


def sigmoid(input):
    return input.sigmoid()


def tanh(input):
    return input.tanh()


def softmax(input, dim):
    return input.softmax(dim)


def is_tensor(obj):
    return isinstance(obj, Tensor)


def numel(input):
    return input.numel()
