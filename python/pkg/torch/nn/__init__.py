"""torch.nn: layers, containers, Parameter, functional and init."""
from . import functional, init, parallel  # noqa: F401
from .modules import *  # noqa: F401,F403
from .modules import Module  # noqa: F401
from .parameter import Parameter  # noqa: F401
from . import modules  # noqa: F401
