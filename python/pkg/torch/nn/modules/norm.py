"""BatchNorm1d/2d/3d, InstanceNorm1d/2d/3d, GroupNorm, LayerNorm and LocalResponseNorm.
Parameters and running statistics stay shape-only until a forward needs values."""
import numbers

from .. import functional as F
from ... import _creation
from ._lazy import fill_fresh, lazy_buffer, lazy_parameter, materialize_all
from .module import Module


def _affine_parameters(module, affine, *shape):
    """weight and bias of that shape when affine, else both registered as None."""
    if affine:
        module.weight = lazy_parameter(module, *shape)
        module.bias = lazy_parameter(module, *shape)
    else:
        module.register_parameter("weight", None)
        module.register_parameter("bias", None)


class _ElementwiseAffine(Module):
    """GroupNorm and LayerNorm: weight 1 and bias 0 when their values are first needed."""

    def _initialize_values(self, fresh):
        fill_fresh(fresh, self.weight, 1)
        fill_fresh(fresh, self.bias, 0)

    def reset_parameters(self):
        materialize_all(self)


class _NormBase(Module):
    _dims_ok = (2, 3)
    _name = "1D"

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None):
        super().__init__()
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        _affine_parameters(self, affine, num_features)
        if track_running_stats:
            self.register_buffer("running_mean", lazy_buffer(self, num_features))
            self.register_buffer("running_var", lazy_buffer(self, num_features))
            self.register_buffer("num_batches_tracked", _creation.tensor(0))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def _initialize_values(self, fresh):
        fill_fresh(fresh, self.weight, 1)
        fill_fresh(fresh, self.bias, 0)
        fill_fresh(fresh, self.running_mean, 0)
        fill_fresh(fresh, self.running_var, 1)

    def reset_parameters(self):
        materialize_all(self)

    def _check_input_dim(self, input):
        if input.dim() not in self._dims_ok:
            expected = " or ".join(f"{d}D" for d in self._dims_ok)
            raise ValueError(f"expected {expected} input (got {input.dim()}D input)")

    def extra_repr(self):
        return f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, track_running_stats={self.track_running_stats}"


class _BatchNorm(_NormBase):
    def forward(self, input):
        self._check_input_dim(input)
        momentum = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats and self.num_batches_tracked is not None and input._has_data():
            self.num_batches_tracked.add_(1)
            if self.momentum is None:
                momentum = 1.0 / float(self.num_batches_tracked)
        use_batch_stats = self.training or self.running_mean is None
        return F.batch_norm(
            input,
            self.running_mean if not self.training or self.track_running_stats else None,
            self.running_var if not self.training or self.track_running_stats else None,
            self.weight, self.bias, use_batch_stats, momentum, self.eps,
        )

    def _convbook_spec(self):
        return {"kind": "batch_norm", "numFeatures": self.num_features, "affine": self.affine}


class BatchNorm1d(_BatchNorm):
    _dims_ok = (2, 3)


class BatchNorm2d(_BatchNorm):
    _dims_ok = (4,)


class BatchNorm3d(_BatchNorm):
    _dims_ok = (5,)


class _InstanceNorm(_NormBase):
    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=False, track_running_stats=False, device=None, dtype=None):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device, dtype)

    def forward(self, input):
        self._check_input_dim(input)
        if input.dim() == self._dims_ok[0]:
            return self.forward(input.unsqueeze(0)).squeeze(0)
        return F.instance_norm(input, self.running_mean, self.running_var, self.weight, self.bias, True, self.momentum, self.eps)


class InstanceNorm1d(_InstanceNorm):
    _dims_ok = (2, 3)


class InstanceNorm2d(_InstanceNorm):
    _dims_ok = (3, 4)


class InstanceNorm3d(_InstanceNorm):
    _dims_ok = (4, 5)


class GroupNorm(_ElementwiseAffine):
    def __init__(self, num_groups, num_channels, eps=1e-5, affine=True, device=None, dtype=None):
        super().__init__()
        if num_channels % num_groups != 0:
            raise ValueError("num_channels must be divisible by num_groups")
        self.num_groups = num_groups
        self.num_channels = num_channels
        self.eps = eps
        self.affine = affine
        _affine_parameters(self, affine, num_channels)

    def forward(self, input):
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}"


class LayerNorm(_ElementwiseAffine):
    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, device=None, dtype=None):
        super().__init__()
        if isinstance(normalized_shape, numbers.Integral):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        _affine_parameters(self, elementwise_affine, *self.normalized_shape)

    def forward(self, input):
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"


class LocalResponseNorm(Module):
    def __init__(self, size, alpha=1e-4, beta=0.75, k=1.0):
        super().__init__()
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def forward(self, input):
        return F.local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self):
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"
