"""convbook's torchvision: the building blocks model files import (torchvision.ops)."""
from . import ops  # noqa: F401

__version__ = "0.14.1+convbook"
