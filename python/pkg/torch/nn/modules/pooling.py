"""Max, average and adaptive pooling layers; shapes and values through F (one engine rule each)."""
from .. import functional as F
from .module import Module


def _spec_list(value, dims):
    return list(value) if isinstance(value, (tuple, list)) else [value] * dims


class _MaxPoolNd(Module):
    _dims = 2

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if (stride is not None) else kernel_size
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def forward(self, input):
        fn = (F.max_pool1d, F.max_pool2d, F.max_pool3d)[self._dims - 1]
        return fn(input, self.kernel_size, self.stride, self.padding, self.dilation, ceil_mode=self.ceil_mode, return_indices=self.return_indices)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, dilation={self.dilation}, ceil_mode={self.ceil_mode}"

    def _convbook_spec(self):
        d = self._dims
        return {"kind": "max_pool", "dims": d, "kernelSize": _spec_list(self.kernel_size, d), "stride": _spec_list(self.stride, d), "padding": _spec_list(self.padding, d), "dilation": _spec_list(self.dilation, d), "ceilMode": self.ceil_mode}


class MaxPool1d(_MaxPoolNd):
    _dims = 1


class MaxPool2d(_MaxPoolNd):
    _dims = 2


class MaxPool3d(_MaxPoolNd):
    _dims = 3


class _AvgPoolNd(Module):
    _dims = 2

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if (stride is not None) else kernel_size
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def forward(self, input):
        if self._dims == 1:
            return F.avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode, self.count_include_pad)
        fn = F.avg_pool2d if self._dims == 2 else F.avg_pool3d
        return fn(input, self.kernel_size, self.stride, self.padding, self.ceil_mode, self.count_include_pad, self.divisor_override)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"

    def _convbook_spec(self):
        d = self._dims
        return {"kind": "avg_pool", "dims": d, "kernelSize": _spec_list(self.kernel_size, d), "stride": _spec_list(self.stride, d), "padding": _spec_list(self.padding, d), "ceilMode": self.ceil_mode, "countIncludePad": self.count_include_pad}


class AvgPool1d(_AvgPoolNd):
    _dims = 1


class AvgPool2d(_AvgPoolNd):
    _dims = 2


class AvgPool3d(_AvgPoolNd):
    _dims = 3


class _AdaptiveAvgPoolNd(Module):
    _dims = 2

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def forward(self, input):
        return (F.adaptive_avg_pool1d, F.adaptive_avg_pool2d, F.adaptive_avg_pool3d)[self._dims - 1](input, self.output_size)

    def extra_repr(self):
        return f"output_size={self.output_size}"

    def _convbook_spec(self):
        return {"kind": "adaptive_avg_pool", "dims": self._dims, "outputSize": _spec_list(self.output_size, self._dims)}


class AdaptiveAvgPool1d(_AdaptiveAvgPoolNd):
    _dims = 1


class AdaptiveAvgPool2d(_AdaptiveAvgPoolNd):
    _dims = 2


class AdaptiveAvgPool3d(_AdaptiveAvgPoolNd):
    _dims = 3


class AdaptiveMaxPool2d(Module):
    def __init__(self, output_size, return_indices=False):
        super().__init__()
        self.output_size = output_size
        self.return_indices = return_indices

    def forward(self, input):
        return F.adaptive_max_pool2d(input, self.output_size, self.return_indices)

    def extra_repr(self):
        return f"output_size={self.output_size}"
