"""image(): a PNG or JPEG from the workspace as a (1, C, H, W) tensor with values in [0, 1], read
through the kernel's host, which reads only inside the workspace folder."""
from torch._engine import E, js
from torch._tensor import _wrap


def _size_arg(size):
    def positive(v):
        return isinstance(v, int) and not isinstance(v, bool) and v > 0

    if size is None:
        return None
    if positive(size):
        return size
    if isinstance(size, (tuple, list)) and len(size) == 2 and all(positive(v) for v in size):
        return list(size)
    raise ValueError("image(): size must be a positive int or (height, width)")


def image(path, size=None, gray=False):
    """Reads path (relative to the notebook) as a float tensor (1, 3, H, W), or (1, 1, H, W) with
    gray=True, resized to size×size or (height, width) when size is given."""
    if not isinstance(path, str):
        raise TypeError(f"image(): argument 'path' must be str, not {type(path).__name__}")
    if "\0" in path:
        raise ValueError("embedded null byte")
    options = {"gray": bool(gray)}
    size = _size_arg(size)
    if size is not None:
        options["size"] = size
    return _wrap(E.image(path, js(options)))
