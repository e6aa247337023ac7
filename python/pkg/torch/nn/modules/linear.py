"""Identity, Linear, Flatten, Unflatten and Embedding."""

from .. import functional as F
from ... import _creation
from ..._engine import E
from ._lazy import lazy_parameter, materialize_all, seeded_uniform_pair
from .module import Module


class Identity(Module):
    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        return input

    def _convbook_spec(self):
        return {"kind": "identity"}


class Linear(Module):
    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None, seed=0):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.seed = seed
        self.weight = lazy_parameter(self, out_features, in_features)
        if bias:
            self.bias = lazy_parameter(self, out_features)
        else:
            self.register_parameter("bias", None)

    def _initialize_values(self, fresh):
        seeded_uniform_pair(fresh, self.weight, self.bias, self.in_features, self.seed)

    def reset_parameters(self):
        materialize_all(self)

    def forward(self, input):
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self):
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"

    def _convbook_spec(self):
        return {"kind": "linear", "inFeatures": self.in_features, "outFeatures": self.out_features, "bias": self.bias is not None}


class Flatten(Module):
    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input):
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"

    def _convbook_spec(self):
        return {"kind": "flatten", "startDim": self.start_dim, "endDim": self.end_dim}


class Unflatten(Module):
    def __init__(self, dim, unflattened_size):
        super().__init__()
        if not isinstance(unflattened_size, (tuple, list)):
            raise TypeError("unflattened_size must be tuple of ints, " + f"but found type {type(unflattened_size).__name__}")
        self.dim = dim
        self.unflattened_size = unflattened_size

    def forward(self, input):
        shape = list(input.shape)
        d = self.dim % max(len(shape), 1)
        return input.view(shape[:d] + list(self.unflattened_size) + shape[d + 1:])

    def extra_repr(self):
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"


class Embedding(Module):
    def __init__(self, num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False, _weight=None, device=None, dtype=None, seed=0):
        super().__init__()
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        if padding_idx is not None:
            if padding_idx > 0:
                assert padding_idx < num_embeddings, "Padding_idx must be within num_embeddings"
            elif padding_idx < 0:
                assert padding_idx >= -num_embeddings, "Padding_idx must be within num_embeddings"
                padding_idx = num_embeddings + padding_idx
        self.padding_idx = padding_idx
        self.seed = seed
        self.weight = lazy_parameter(self, num_embeddings, embedding_dim)

    def _initialize_values(self, fresh):
        if id(self.weight) in fresh:
            E.normal_(self.weight._ref, 0.0, 1.0, self.seed)
            if self.padding_idx is not None:
                self.weight[self.padding_idx]  # bounds check as PyTorch's fill_ would
                row = _creation.zeros(self.embedding_dim)
                values = self.weight.tolist()
                values[self.padding_idx] = row.tolist()
                self.weight.copy_(_creation.tensor(values))

    def reset_parameters(self):
        materialize_all(self)

    def forward(self, input):
        return F.embedding(input, self.weight, self.padding_idx)

    def extra_repr(self):
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            s += f", padding_idx={self.padding_idx}"
        return s


