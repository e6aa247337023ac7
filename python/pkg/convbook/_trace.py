"""A shape-only trace of a model's forward: every module call in order, with its module path, its
depth in the model's tree (the parts of its path, as torchinfo counts it: a ModuleList's children
sit one level below the list even though the list is never called), shapes, own parameters and
layer spec. summary(), receptive_field() and cost() read it."""
import torch
from torch._tensor import Tensor
from torch.nn.modules import module as module_mod


def _numel_params(module):
    return sum(p.numel() for p in module._parameters.values() if p is not None)


def _first_tensor(value):
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (tuple, list)):
        for v in value:
            t = _first_tensor(v)
            if t is not None:
                return t
    if isinstance(value, dict):
        return _first_tensor(list(value.values()))
    return None


class Tracer:
    def __init__(self, model):
        self.paths = {id(m): name for name, m in model.named_modules()}
        self.root = model
        self.calls = []
        self.depth = 0
        self.last_leaf_output = None

    def enter(self, module, args):
        leaf = not any(True for _ in module.children())
        first = _first_tensor(args)
        path = self.paths.get(id(module))
        call = {
            "path": path or type(module).__name__,
            # A module outside the model's tree (called from forward, not registered) nests by call.
            "depth": self.depth if path is None else (0 if path == "" else path.count(".") + 1),
            "repr": repr(module) if leaf else type(module).__name__,
            "spec": module._convbook_spec() if leaf else None,
            "input_shape": list(first.shape) if first is not None else None,
            "output_shape": None,
            "params": _numel_params(module),
            "chained": leaf and first is not None and self._is_last_output(first),
            "leaf": leaf,
        }
        if module is self.root:
            call["path"] = type(module).__name__
        self.calls.append(call)
        self.depth += 1
        return call

    def _is_last_output(self, tensor):
        """The previous leaf's output, unchanged: an in-place add since then gives it new values."""
        last = self.last_leaf_output
        return tensor is last and tensor._ref is self.last_leaf_ref

    def exit(self, call, output):
        self.depth -= 1
        out = _first_tensor(output)
        call["output_shape"] = list(out.shape) if out is not None else None
        if call["leaf"]:
            self.last_leaf_output = out
            self.last_leaf_ref = out._ref if out is not None else None


def _as_input(input_size, input_data):
    if input_data is not None:
        data = input_data if isinstance(input_data, (tuple, list)) else [input_data]
        return [torch.empty(*t.shape, device="meta") if isinstance(t, Tensor) else t for t in data]
    if input_size is None:
        raise TypeError("summary() needs input_size=(N, C, H, W) or input_data")
    if isinstance(input_size, Tensor):
        return [torch.empty(*input_size.shape, device="meta")]
    sizes = list(input_size)
    if sizes and isinstance(sizes[0], (tuple, list)):
        return [torch.empty(*s, device="meta") for s in sizes]
    return [torch.empty(*sizes, device="meta")]


def trace(model, input_size=None, input_data=None, **kwargs):
    """Runs model's forward on shape-only inputs and returns the Tracer that recorded it."""
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"summary(): argument 'model' must be an nn.Module, not {type(model).__name__}")
    inputs = _as_input(input_size, input_data)
    tracer = Tracer(model)
    tracer.input_shape = list(inputs[0].shape) if inputs and isinstance(inputs[0], Tensor) else []
    tracer.last_leaf_output = inputs[0] if inputs else None
    tracer.last_leaf_ref = inputs[0]._ref if inputs and isinstance(inputs[0], Tensor) else None
    previous = module_mod._tracer[0]
    module_mod._tracer[0] = tracer
    try:
        model(*inputs, **kwargs)
    finally:
        module_mod._tracer[0] = previous
    params = list(model.parameters())
    tracer.total_params = sum(p.numel() for p in params)
    tracer.trainable_params = sum(p.numel() for p in params if p.requires_grad)
    return tracer


def trace_json(tracer):
    import json

    return json.dumps({
        "input_shape": tracer.input_shape,
        "calls": tracer.calls,
        "total_params": tracer.total_params,
        "trainable_params": tracer.trainable_params,
    })
