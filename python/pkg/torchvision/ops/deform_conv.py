"""torchvision.ops.deform_conv2d and DeformConv2d (torchvision 0.14's signatures and checks)."""
import math

from torch import nn
from torch._engine import E, js
from torch._tensor import _ready, _wrap
from torch.nn.modules._lazy import lazy_parameter, materialize_all, seeded_uniform_pair


def _pair(value):
    return list(value) if isinstance(value, (tuple, list)) else [value, value]


def deform_conv2d(input, offset, weight, bias=None, stride=(1, 1), padding=(0, 0), dilation=(1, 1), mask=None):
    options = {"stride": _pair(stride), "padding": _pair(padding), "dilation": _pair(dilation)}
    x, o, w, b, m = _ready(input, offset, weight, bias, mask)
    return _wrap(E.deform_conv2d(x, o, w, b, m, js(options)))


class DeformConv2d(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, seed=0):
        super().__init__()
        if in_channels % groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = tuple(_pair(kernel_size))
        self.stride = tuple(_pair(stride))
        self.padding = tuple(_pair(padding))
        self.dilation = tuple(_pair(dilation))
        self.groups = groups
        self.seed = seed
        self.weight = lazy_parameter(self, out_channels, in_channels // groups, *self.kernel_size)
        if bias:
            self.bias = lazy_parameter(self, out_channels)
        else:
            self.register_parameter("bias", None)

    def _initialize_values(self, fresh):
        seeded_uniform_pair(fresh, self.weight, self.bias, (self.in_channels // self.groups) * math.prod(self.kernel_size), self.seed)

    def reset_parameters(self):
        materialize_all(self)

    def forward(self, input, offset, mask=None):
        return deform_conv2d(input, offset, self.weight, self.bias, stride=self.stride, padding=self.padding, dilation=self.dilation, mask=mask)

    def __repr__(self):
        s = f"{self.__class__.__name__}({self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        s += f", padding={self.padding}" if self.padding != (0, 0) else ""
        s += f", dilation={self.dilation}" if self.dilation != (1, 1) else ""
        s += f", groups={self.groups}" if self.groups != 1 else ""
        s += ", bias=False" if self.bias is None else ""
        return s + ")"

    def _convbook_spec(self):
        return {
            "kind": "deform_conv", "dims": 2, "inChannels": self.in_channels, "outChannels": self.out_channels,
            "kernelSize": list(self.kernel_size), "stride": list(self.stride), "padding": list(self.padding),
            "dilation": list(self.dilation), "groups": self.groups, "bias": self.bias is not None,
        }
