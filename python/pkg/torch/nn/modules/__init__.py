"""torch.nn.modules."""
from .activation import ELU, GELU, Hardsigmoid, Hardswish, Hardtanh, LeakyReLU, LogSoftmax, PReLU, ReLU, ReLU6, Sigmoid, SiLU, Softmax, Tanh  # noqa: F401
from .container import ModuleDict, ModuleList, Sequential  # noqa: F401
from .conv import Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d  # noqa: F401
from .linear import Embedding, Flatten, Identity, Linear, Unflatten  # noqa: F401
from .loss import BCELoss, BCEWithLogitsLoss, L1Loss, MSELoss  # noqa: F401
from .misc import (  # noqa: F401
    ConstantPad2d, Dropout, Dropout2d, PixelShuffle, PixelUnshuffle, ReflectionPad2d, ReplicationPad2d,
    Upsample, UpsamplingBilinear2d, UpsamplingNearest2d, ZeroPad2d,
)
from .module import Module  # noqa: F401
from .norm import (  # noqa: F401
    BatchNorm1d, BatchNorm2d, BatchNorm3d, GroupNorm, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, LayerNorm, LocalResponseNorm,
)
from .pooling import (  # noqa: F401
    AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d, AdaptiveMaxPool2d, AvgPool1d, AvgPool2d, AvgPool3d, MaxPool1d, MaxPool2d, MaxPool3d,
)
