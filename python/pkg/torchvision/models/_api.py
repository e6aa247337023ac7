"""The weights registry of torchvision-style model files. A builder called without weights (the
default) never touches it; asking for weights says that convbook downloads none."""
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Dict


@dataclass
class Weights:
    url: str
    transforms: Callable = None
    meta: Dict[str, Any] = field(default_factory=dict)


class WeightsEnum(Enum):
    """Members hold a Weights. verify() turns None, a member or its name into the member."""

    @classmethod
    def verify(cls, obj):
        if obj is None or isinstance(obj, cls):
            return obj
        if isinstance(obj, str):
            name = obj.replace(cls.__name__ + ".", "")
            if name not in cls.__members__:
                raise ValueError(f"Failed to find Weights {obj!r} in {cls.__name__}")
            return cls[name]
        raise TypeError(f"Invalid Weight class provided; expected {cls.__name__} but received {type(obj).__name__}.")

    def get_state_dict(self, progress=True, **kwargs):
        raise RuntimeError(f"convbook does not download weights ({self.__class__.__name__}.{self.name}): build the model with weights=None")

    def __getattr__(self, name):
        # url, transforms and meta are read from the Weights the member holds.
        if name in ("url", "transforms", "meta"):
            return getattr(self.value, name)
        raise AttributeError(name)


_MODELS = {}


def register_model(name=None):
    """Decorator that records a builder by name and leaves it as it was."""

    def wrap(fn):
        _MODELS[name or fn.__name__] = fn
        return fn

    return wrap


def get_model_weights(name):
    raise RuntimeError("convbook has no weights registry: model files build their models without weights")
