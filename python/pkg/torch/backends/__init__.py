"""torch.backends: flags model code sets; they change nothing in convbook."""
from . import cudnn  # noqa: F401
