"""torchvision.models as model files use it: the weights registry (_api) and the helpers builders
call (_utils). convbook ships no model definitions or weights; a file defines its own models."""
from . import _api, _utils  # noqa: F401
from ._api import Weights, WeightsEnum, get_model_weights, register_model  # noqa: F401
