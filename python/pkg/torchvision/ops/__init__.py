"""torchvision.ops: deformable convolution and the blocks model files import."""
from . import misc  # noqa: F401
from .deform_conv import DeformConv2d, deform_conv2d  # noqa: F401
from .misc import Conv2dNormActivation, Conv3dNormActivation, SqueezeExcitation  # noqa: F401
from .stochastic_depth import StochasticDepth, stochastic_depth  # noqa: F401
