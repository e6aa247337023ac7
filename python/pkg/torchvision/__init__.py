"""convbook's torchvision: the building blocks model files import (torchvision.ops) and the weights
registry their builders use (torchvision.models). Datasets, transforms and utils are not here: the
runtime imports them as placeholders, so training scripts run up to where data would be needed."""
from . import models, ops  # noqa: F401

__version__ = "0.14.1+convbook"
