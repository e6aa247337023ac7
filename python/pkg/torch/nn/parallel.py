"""torch.nn.parallel: convbook has one device, so data parallelism runs the module as it is."""
from .modules.module import Module


def data_parallel(module, inputs, device_ids=None, output_device=None, dim=0, module_kwargs=None):
    return module(inputs, **(module_kwargs or {}))


class DataParallel(Module):
    def __init__(self, module, device_ids=None, output_device=None, dim=0):
        super().__init__()
        self.module = module

    def forward(self, *inputs, **kwargs):
        return self.module(*inputs, **kwargs)
