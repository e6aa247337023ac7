"""Demo offset fields for torchvision.ops.deform_conv2d (convbook's own helpers, not PyTorch's):
tensors of shape (1, 2·offset_groups·kH·kW, H_out, W_out) holding (Δy, Δx) per tap and position."""
from torch._engine import E, js
from torch._tensor import _wrap


def _field(kind, **options):
    return _wrap(E.offsets(kind, js(options)))


def shift(kernel_size, output_size, dy, dx, offset_groups=1):
    """Every tap moved by the same (dy, dx): deform_conv2d then equals a conv on a shifted input."""
    return _field("shift", kernel_size=kernel_size, output_size=output_size, dy=dy, dx=dx, offset_groups=offset_groups)


def rotation(kernel_size, output_size, angle, dilation=1, offset_groups=1):
    """The sampling grid rotated by angle degrees about the kernel centre (clockwise on screen)."""
    return _field("rotation", kernel_size=kernel_size, output_size=output_size, angle=angle, dilation=dilation, offset_groups=offset_groups)


def scaling(kernel_size, output_size, scale, dilation=1, offset_groups=1):
    """The sampling grid scaled about the kernel centre (scale 2 acts like dilation 2)."""
    return _field("scaling", kernel_size=kernel_size, output_size=output_size, scale=scale, dilation=dilation, offset_groups=offset_groups)


def random(kernel_size, output_size, amplitude, seed=0, offset_groups=1):
    """Independent uniform offsets in [−amplitude, amplitude), reproducible through seed (convbook's
    own generator, not PyTorch's)."""
    return _field("random", kernel_size=kernel_size, output_size=output_size, amplitude=amplitude, seed=seed, offset_groups=offset_groups)
