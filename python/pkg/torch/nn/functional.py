"""torch.nn.functional: PyTorch's signatures and defaults; shapes, checks and values from the engine."""
import builtins
import numbers

from .._engine import E, js
from .._tensor import Tensor, _ready, _wrap


def _list(value, dims):
    """An int becomes one value per axis; a tuple stays as written (the engine checks its length)."""
    if isinstance(value, (tuple, list)):
        return list(value)
    return [value] * dims


# ── convolution ──
def _before_drawing(input, weight, bias, dims, transposed, options):
    """A layer's first forward draws its weights: its work budget is checked before, not after."""
    if isinstance(input, Tensor) and input._has_data() and any(isinstance(t, Tensor) and t._lazy is not None for t in (weight, bias)):
        E.conv_work(input._ref, weight._ref, bias._ref if isinstance(bias, Tensor) else None, js(options), dims, transposed)


def _conv(input, weight, bias, dims, **options):
    _before_drawing(input, weight, bias, dims, False, options)
    return _wrap(E.conv(*_ready(input, weight, bias), js(options), dims))


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _conv(input, weight, bias, 1, stride=stride, padding=padding, dilation=dilation, groups=groups)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _conv(input, weight, bias, 2, stride=stride, padding=padding, dilation=dilation, groups=groups)


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _conv(input, weight, bias, 3, stride=stride, padding=padding, dilation=dilation, groups=groups)


def _conv_transpose(input, weight, bias, dims, **options):
    _before_drawing(input, weight, bias, dims, True, options)
    return _wrap(E.conv_transpose(*_ready(input, weight, bias), js(options), dims))


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    return _conv_transpose(input, weight, bias, 1, stride=stride, padding=padding, outputPadding=output_padding, groups=groups, dilation=dilation)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    return _conv_transpose(input, weight, bias, 2, stride=stride, padding=padding, outputPadding=output_padding, groups=groups, dilation=dilation)


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    return _conv_transpose(input, weight, bias, 3, stride=stride, padding=padding, outputPadding=output_padding, groups=groups, dilation=dilation)


# ── pooling ──
def _pool(spec, input, return_indices=False):
    out = [_wrap(r) for r in E.pool(js(spec), *_ready(input), return_indices)]
    return (out[0], out[1]) if return_indices else out[0]


def _max_pool(dims, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices):
    spec = {
        "kind": "max_pool", "dims": dims, "kernelSize": _list(kernel_size, dims),
        "stride": [] if stride is None or stride == [] else _list(stride, dims),
        "padding": _list(padding, dims), "dilation": _list(dilation, dims), "ceilMode": builtins.bool(ceil_mode),
    }
    return _pool(spec, input, return_indices)


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    return _max_pool(1, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    return _max_pool(2, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    return _max_pool(3, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def _avg_pool(dims, input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override=None):
    spec = {
        "kind": "avg_pool", "dims": dims, "kernelSize": _list(kernel_size, dims),
        "stride": [] if stride is None or stride == [] else _list(stride, dims),
        "padding": _list(padding, dims), "ceilMode": builtins.bool(ceil_mode),
        "countIncludePad": builtins.bool(count_include_pad), "divisorOverride": divisor_override,
    }
    return _pool(spec, input)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    return _avg_pool(1, input, kernel_size, stride, padding, ceil_mode, count_include_pad)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None):
    return _avg_pool(2, input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override)


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None):
    return _avg_pool(3, input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override)


def _adaptive_avg(dims, input, output_size):
    return _pool({"kind": "adaptive_avg_pool", "dims": dims, "outputSize": _list(output_size, dims if not isinstance(output_size, (tuple, list)) else len(output_size))}, input)


def adaptive_avg_pool1d(input, output_size):
    return _adaptive_avg(1, input, output_size)


def adaptive_avg_pool2d(input, output_size):
    return _adaptive_avg(2, input, output_size)


def adaptive_avg_pool3d(input, output_size):
    return _adaptive_avg(3, input, output_size)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    out, indices = (_wrap(r) for r in E.adaptive_max_pool2d(*_ready(input), js(_list(output_size, 2))))
    return (out, indices) if return_indices else out


# ── padding and resampling ──
def pad(input, pad, mode="constant", value=None):
    return _wrap(E.pad(*_ready(input), js(list(pad)), mode, None if value is None else builtins.float(value)))


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None, antialias=False):
    dims = input.dim() - 2
    if mode in ("bilinear", "bicubic") and input.dim() != 4:
        raise NotImplementedError(f"Got {input.dim()}D input, but {mode} mode needs 4D input")
    if mode == "linear" and input.dim() != 3:
        raise NotImplementedError(f"Got {input.dim()}D input, but linear mode needs 3D input")
    if mode == "area":
        # PyTorch's 'area' is adaptive average pooling to the interpolated size.
        if size is None:
            scales = _list(scale_factor, dims)
            size = [int(s * f // 1) for s, f in zip(input.shape[2:], scales)]
        return (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d)[dims - 1](input, size)
    if mode not in ("nearest", "linear", "bilinear", "bicubic", "trilinear", "nearest-exact"):
        raise NotImplementedError(
            f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.dim()}D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got {mode})"
        )
    if mode in ("linear", "bilinear", "bicubic", "trilinear") and align_corners is None:
        align_corners = False
    options = {
        "size": None if size is None else _list(size, dims),
        "scale_factor": None if scale_factor is None else [builtins.float(s) for s in _list(scale_factor, dims)],
        "mode": mode,
        "align_corners": align_corners,
    }
    return _wrap(E.interpolate(*_ready(input), js(options)))


upsample = interpolate


def upsample_nearest(input, size=None, scale_factor=None):
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


def pixel_shuffle(input, upscale_factor):
    return _wrap(E.pixel_shuffle(*_ready(input), upscale_factor, False))


def pixel_unshuffle(input, downscale_factor):
    return _wrap(E.pixel_shuffle(*_ready(input), downscale_factor, True))


# ── activations ──
def _act(op, input, **options):
    return _wrap(E.activation(op, *_ready(input), js(options)))


def _maybe_inplace(input, out, inplace):
    return input._inplace(out) if inplace else out


def relu(input, inplace=False):
    return _maybe_inplace(input, _act("relu", input), inplace)


def relu_(input):
    return relu(input, True)


def relu6(input, inplace=False):
    return _maybe_inplace(input, _act("relu6", input), inplace)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    return _maybe_inplace(input, _act("hardtanh", input, min_val=min_val, max_val=max_val), inplace)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    return _maybe_inplace(input, _act("leaky_relu", input, negative_slope=negative_slope), inplace)


def elu(input, alpha=1.0, inplace=False):
    return _maybe_inplace(input, _act("elu", input, alpha=alpha), inplace)


def gelu(input, approximate="none"):
    if approximate not in ("none", "tanh"):
        raise RuntimeError(f"approximate argument must be either none or tanh.")
    return _act("gelu", input, tanh=1 if approximate == "tanh" else 0)


def silu(input, inplace=False):
    return _maybe_inplace(input, _act("silu", input), inplace)


def hardswish(input, inplace=False):
    return _maybe_inplace(input, _act("hardswish", input), inplace)


def hardsigmoid(input, inplace=False):
    return _maybe_inplace(input, _act("hardsigmoid", input), inplace)


def sigmoid(input):
    return _act("sigmoid", input)


def tanh(input):
    return _act("tanh", input)


def prelu(input, weight):
    return _wrap(E.prelu(*_ready(input, weight)))


def _softmax_dim(ndim):
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    return _wrap(E.softmax(*_ready(input), _softmax_dim(input.dim()) if dim is None else dim, False))


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    return _wrap(E.softmax(*_ready(input), _softmax_dim(input.dim()) if dim is None else dim, True))


# ── dropout: a seeded mask (PyTorch's own random draws are not reproduced) ──
def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _dropout_mask(input, mask_shape, p):
    from .. import _creation

    if not input._has_data():
        return input
    keep = _creation.rand(*mask_shape) >= p
    return input * keep * (0.0 if p == 1 else 1.0 / (1.0 - p))


def dropout(input, p=0.5, training=True, inplace=False):
    _check_p(p)
    if not training or p == 0:
        return input
    return _maybe_inplace(input, _dropout_mask(input, tuple(input.shape), p), inplace)


def dropout2d(input, p=0.5, training=True, inplace=False):
    _check_p(p)
    if not training or p == 0:
        return input
    batched = input.dim() == 4
    mask_shape = tuple(input.shape[:2]) + (1, 1) if batched else (input.shape[0], 1, 1)
    return _maybe_inplace(input, _dropout_mask(input, mask_shape, p), inplace)


# ── normalisation ──
def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-05):
    return _wrap(E.batch_norm(*_ready(input, running_mean, running_var, weight, bias), builtins.bool(training), builtins.float(momentum or 0.0), builtins.float(eps)))


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True, momentum=0.1, eps=1e-05):
    return _wrap(E.instance_norm(*_ready(input, weight, bias), builtins.float(eps)))


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-05):
    x, w, b = _ready(input, weight, bias)
    return _wrap(E.group_norm(x, num_groups, w, b, builtins.float(eps)))


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05):
    shape = [normalized_shape] if isinstance(normalized_shape, numbers.Integral) else list(normalized_shape)
    x, w, b = _ready(input, weight, bias)
    return _wrap(E.layer_norm(x, js(shape), w, b, builtins.float(eps)))


def local_response_norm(input, size, alpha=0.0001, beta=0.75, k=1.0):
    return _wrap(E.local_response_norm(*_ready(input), size, builtins.float(alpha), builtins.float(beta), builtins.float(k)))


# ── linear and embedding ──
def linear(input, weight, bias=None):
    if isinstance(input, Tensor) and input._has_data() and isinstance(weight, Tensor) and weight._lazy is not None:
        # The work budget before a layer's first forward draws its weights (the shapes suffice).
        E.linear(input._ref, weight._ref, None)
    return _wrap(E.linear(*_ready(input, weight, bias)))


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False):
    return _wrap(E.embedding(*_ready(input, weight)))


# ── elementwise losses ──
def _reduce(loss, reduction):
    if reduction == "none":
        return loss
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _same_size(input, target, name):
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"Using a target size ({target.shape}) that is different to the input size ({input.shape}) is deprecated. Please ensure they have the same size.")


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    return _reduce((input - target).abs(), reduction)


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    return _reduce((input - target) ** 2, reduction)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    _same_size(input, target, "binary_cross_entropy")
    # PyTorch clamps each log at −100 so that 0 and 1 give finite losses.
    loss = -(target * input.log().clamp(min=-100) + (1 - target) * (1 - input).log().clamp(min=-100))
    return _reduce(loss if weight is None else loss * weight, reduction)


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, reduction="mean", pos_weight=None):
    _same_size(input, target, "binary_cross_entropy_with_logits")
    log_sigmoid = -((-input).exp() + 1).log()
    log_one_minus = -(input.exp() + 1).log()
    positive = target * log_sigmoid if pos_weight is None else target * log_sigmoid * pos_weight
    loss = -(positive + (1 - target) * log_one_minus)
    return _reduce(loss if weight is None else loss * weight, reduction)
