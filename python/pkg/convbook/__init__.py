"""convbook's analyses for Python cells: summary(), receptive_field(), and display helpers.

They trace the model with shape-only tensors, so any model's summary works at any size: no weight is
allocated and no value computed."""
import json

from torch._engine import E, js

from ._trace import trace, trace_json  # noqa: F401
from ._trace_file import trace_file  # noqa: F401

__all__ = ["summary", "receptive_field", "cost", "Summary", "ReceptiveField", "Cost"]


from ._rich import Rich as _Rich  # noqa: E402


class Summary(_Rich):
    """summary()'s result: totals as attributes, rows per module call."""

    def __init__(self, tracer):
        payload = trace_json(tracer)
        super().__init__(E.summary(payload))
        totals = json.loads(E.summary_totals(payload))
        self.total_params = totals["total_params"]
        self.trainable_params = totals["trainable_params"]
        self.total_macs = totals["total_macs"]
        self.rows = totals["rows"]


class ReceptiveField(_Rich):
    pass


class Cost(_Rich):
    pass


def summary(model, input_size=None, input_data=None, **kwargs):
    """Every module call of model's forward on a shape-only input of input_size, with output shapes,
    parameters and true MACs (bias apart), in call order."""
    return Summary(trace(model, input_size, input_data, **kwargs))


def receptive_field(model, input_size=None, **kwargs):
    """Receptive field and effective stride of the chain of sliding windows model's forward applies.
    Without input_size, of a layer or an nn.Sequential's layers in order (nothing is traced)."""
    if input_size is None:
        return ReceptiveField(E.receptive_field(_chain_json(model), js(None)))
    tracer = trace(model, input_size, **kwargs)
    spatial = tracer.input_shape[2:] if len(tracer.input_shape) > 2 else None
    return ReceptiveField(E.receptive_field(trace_json(tracer), js(spatial)))


def _chain_json(model):
    import torch

    if not isinstance(model, (torch.nn.Sequential, torch.nn.Module)) or (any(True for _ in model.children()) and not isinstance(model, torch.nn.Sequential)):
        raise TypeError("receptive_field() needs input_size=(N, C, H, W) for a model other than a layer or an nn.Sequential")
    names = {id(m): n for n, m in model.named_modules()}
    leaves = [m for m in model.modules() if not any(True for _ in m.children())]
    calls = [{"path": names[id(m)] or type(m).__name__, "repr": repr(m), "spec": m._convbook_spec(), "chained": True, "leaf": True} for m in leaves]
    return json.dumps({"calls": calls})


def cost(layer, input_size=None):
    """One layer's params and MACs with their formulas, and what torchinfo, ptflops, fvcore and thop
    count. With input_size the layer first runs on a shape-only input, so a shape it refuses is
    PyTorch's error."""
    import torch

    spec = layer._convbook_spec() if isinstance(layer, torch.nn.Module) else None
    if spec is None or any(True for _ in layer.children()):
        raise TypeError("cost() describes one layer; use summary(model, input_size=...) for a model")
    if input_size is not None:
        trace(layer, input_size)
    return Cost(E.describe(js(spec), js(None if input_size is None else list(input_size)), repr(layer)))


# The display helpers, each in its own module.
from . import offsets  # noqa: E402,F401
from .compare import Comparison, compare  # noqa: E402,F401
from .image import image  # noqa: E402,F401
from .sweep import Sweep, sweep  # noqa: E402,F401

__all__ += ["sweep", "compare", "image", "offsets", "Sweep", "Comparison"]
