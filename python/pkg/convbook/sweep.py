"""sweep(): the animated sliding window of a conv, transposed conv, deformable conv or pooling call.

sweep(y) draws the call that computed y, with its data (one output channel of one batch element);
sweep(layer, input_size=...) draws a layer's window geometry on an input of that size."""
import torch
from torch._engine import E, js

from ._rich import Rich


class Sweep(Rich):
    pass


def _spatial_input(input_size):
    if isinstance(input_size, torch.Tensor):
        return list(input_size.shape)
    if isinstance(input_size, (tuple, list)) and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in input_size):
        return list(input_size)
    raise TypeError(f"sweep(): argument 'input_size' must be a shape like (1, 1, 8, 8), not {type(input_size).__name__}")


def _index(value, name):
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise TypeError(f"sweep(): argument '{name}' must be int, not {type(value).__name__}")
    return value.__index__()


def sweep(target, input_size=None, channel=0, batch=0):
    """Animates the sliding window: sweep(y) for a result of a conv or pooling call (its values),
    sweep(layer, input_size=(N, C, H, W)) for a layer's geometry alone."""
    channel = _index(channel, "channel")
    batch = _index(batch, "batch")
    if isinstance(target, torch.Tensor):
        target._materialize()
        return Sweep(E.sweep_result(target._ref, channel, batch))
    if isinstance(target, torch.nn.Module):
        spec = target._convbook_spec()
        if spec is None:
            raise TypeError(f"sweep(): {type(target).__name__} has no sliding window")
        return Sweep(E.sweep_layer(js(spec), js(None if input_size is None else _spatial_input(input_size)), repr(target)))
    raise TypeError(f"sweep(): argument 'target' must be a layer or a tensor computed by a conv or pooling call, not {type(target).__name__}")
