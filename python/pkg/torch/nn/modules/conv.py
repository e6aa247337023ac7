"""Conv1d/2d/3d and ConvTranspose1d/2d/3d with PyTorch 1.13's constructor checks, defaults and repr.
Weights stay shape-only until a forward needs values; then they are drawn as convbook seeds them."""
import math

from ..._engine import E, js
from ..._tensor import _ready, _wrap
from ._lazy import lazy_parameter, materialize_all, seeded_uniform_pair
from .module import Module

_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")
# PyTorch prints these sets in hash order; convbook prints the order PYTHONHASHSEED=0 gives.
_PADDING_MODES_TEXT = "{'replicate', 'reflect', 'zeros', 'circular'}"
_PADDING_STRINGS_TEXT = "{'same', 'valid'}"


def _ntuple(value, n):
    if isinstance(value, (tuple, list)):
        return tuple(value)
    return (value,) * n


class _ConvNd(Module):
    _dims = 2
    transposed = False

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, dilation, transposed, output_padding, groups, bias, padding_mode, device=None, dtype=None, seed=0):
        super().__init__()
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise ValueError(f"Invalid padding string {padding!r}, should be one of {_PADDING_STRINGS_TEXT}")
            if padding == "same" and any(s != 1 for s in stride):
                raise ValueError("padding='same' is not supported for strided convolutions")
        if padding_mode not in _PADDING_MODES:
            raise ValueError(f"padding_mode must be one of {_PADDING_MODES_TEXT}, but got padding_mode='{padding_mode}'")
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = kernel_size
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.transposed = transposed
        self.output_padding = output_padding
        self.groups = groups
        self.padding_mode = padding_mode
        self.seed = seed
        if transposed:
            self.weight = lazy_parameter(self, in_channels, out_channels // groups, *kernel_size)
        else:
            self.weight = lazy_parameter(self, out_channels, in_channels // groups, *kernel_size)
        if bias:
            self.bias = lazy_parameter(self, out_channels)
        else:
            self.register_parameter("bias", None)

    def _fan_in(self):
        return self.weight.shape[1] * math.prod(self.kernel_size)

    def _initialize_values(self, fresh):
        seeded_uniform_pair(fresh, self.weight, self.bias, self._fan_in(), self.seed)

    def reset_parameters(self):
        materialize_all(self)

    def extra_repr(self):
        s = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0,) * len(self.padding):
            s += f", padding={self.padding}"
        if self.dilation != (1,) * len(self.dilation):
            s += f", dilation={self.dilation}"
        if self.output_padding != (0,) * len(self.output_padding):
            s += f", output_padding={self.output_padding}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += f", padding_mode={self.padding_mode}"
        return s

    def _convbook_spec(self):
        spec = {
            "kind": "conv_transpose" if self.transposed else "conv",
            "dims": self._dims,
            "inChannels": self.in_channels,
            "outChannels": self.out_channels,
            "kernelSize": list(self.kernel_size),
            "stride": list(self.stride),
            "padding": self.padding if isinstance(self.padding, str) else list(self.padding),
            "dilation": list(self.dilation),
            "groups": self.groups,
            "bias": self.bias is not None,
        }
        if self.transposed:
            spec["outputPadding"] = list(self.output_padding)
        else:
            spec["paddingMode"] = self.padding_mode
        return spec


class _Conv(_ConvNd):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode="zeros", device=None, dtype=None, seed=0):
        n = self._dims
        padding_ = padding if isinstance(padding, str) else _ntuple(padding, n)
        super().__init__(in_channels, out_channels, _ntuple(kernel_size, n), _ntuple(stride, n), padding_, _ntuple(dilation, n), False, _ntuple(0, n), groups, bias, padding_mode, device, dtype, seed)

    def forward(self, input):
        options = {"stride": list(self.stride), "padding": self.padding if isinstance(self.padding, str) else list(self.padding), "dilation": list(self.dilation), "groups": self.groups, "paddingMode": self.padding_mode}
        return _wrap(E.conv(*_ready(input, self.weight, self.bias), js(options), self._dims))


class Conv1d(_Conv):
    _dims = 1


class Conv2d(_Conv):
    _dims = 2


class Conv3d(_Conv):
    _dims = 3


class _ConvTranspose(_ConvNd):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode="zeros", device=None, dtype=None, seed=0):
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        n = self._dims
        super().__init__(in_channels, out_channels, _ntuple(kernel_size, n), _ntuple(stride, n), _ntuple(padding, n), _ntuple(dilation, n), True, _ntuple(output_padding, n), groups, bias, padding_mode, device, dtype, seed)

    def forward(self, input, output_size=None):
        options = {"stride": list(self.stride), "padding": list(self.padding), "outputPadding": list(self.output_padding), "dilation": list(self.dilation), "groups": self.groups}
        if output_size is not None:
            options["outputSize"] = [int(s) for s in output_size]
            options["outputSizeKind"] = "list" if isinstance(output_size, list) else ("size" if type(output_size).__name__ == "Size" else "tuple")
        return _wrap(E.conv_transpose(*_ready(input, self.weight, self.bias), js(options), self._dims))


class ConvTranspose1d(_ConvTranspose):
    _dims = 1


class ConvTranspose2d(_ConvTranspose):
    _dims = 2


class ConvTranspose3d(_ConvTranspose):
    _dims = 3

