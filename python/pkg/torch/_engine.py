"""The engine bridge (JS module ``_convbook_engine``) with its errors raised as PyTorch raises them.

Every op's shape rule, checks and values live in the TypeScript engine; a failure there carries the
Python exception name PyTorch uses (``pythonName``), which becomes that builtin here.
"""
import json

from pyodide.ffi import JsException

_ERRORS = {
    "ValueError": ValueError,
    "RuntimeError": RuntimeError,
    "TypeError": TypeError,
    "IndexError": IndexError,
    "MemoryError": MemoryError,
    "NotImplementedError": NotImplementedError,
}


def _plain(value):
    """JSON for the bridge: tuples and torch.Size as lists, tensors never."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, bool) or value is None or isinstance(value, (int, float, str)):
        return value
    if hasattr(value, "__index__"):
        return value.__index__()
    if hasattr(value, "__float__"):
        return float(value)
    raise TypeError(f"cannot pass {type(value).__name__} to the engine")


def js(value):
    return json.dumps(_plain(value))


_LIVE = " is already live in this session"


def _megabytes(n):
    return f"{n / 2**20:.1f} MB"


def _with_holders(message):
    """The live-data MemoryError names the notebook's largest variables, each buffer counted once."""
    import sys

    from ._tensor import Tensor

    seen = set()

    def size(value, depth=0):
        if isinstance(value, Tensor):
            data = value._ref.data
            key = getattr(data, "js_id", None)
            if not value._has_data() or key in seen:
                return 0
            seen.add(key)
            return data.byteLength
        if depth > 2:
            return 0
        if isinstance(value, (list, tuple)):
            return sum(size(v, depth + 1) for v in value[:10000])
        if isinstance(value, dict):
            return sum(size(v, depth + 1) for v in list(value.values())[:10000])
        tensors = getattr(value, "_parameters", None)
        if isinstance(tensors, dict):
            return sum(size(v, depth + 1) for v in [*tensors.values(), *getattr(value, "_buffers", {}).values()]) + sum(
                size(m, depth + 1) for m in getattr(value, "_modules", {}).values()
            )
        return 0

    main = sys.modules.get("__main__")
    names = [(name, size(value)) for name, value in list(vars(main).items()) if not name.startswith("_")] if main else []
    largest = sorted((h for h in names if h[1] > 0), key=lambda h: -h[1])[:4]
    if not largest:
        return message
    held = "; the largest are " + ", ".join(f"{name} ({_megabytes(n)})" for name, n in largest)
    at = message.index(_LIVE) + len(_LIVE)
    return message[:at] + held + message[at:]


class _Bridge:
    """Attribute access gives the bridge function, wrapped so engine errors become Python's.

    The JS module is imported on first use, not when torch is imported: torch can then be imported
    into a memory snapshot before the bridge is registered (no JavaScript object is reachable)."""

    def __getattr__(self, name):
        import _convbook_engine

        fn = getattr(_convbook_engine, name)

        def call(*args):
            try:
                return fn(*args)
            except JsException as error:
                # Only the engine's own errors (ConvbookError, which names its Python exception)
                # become builtins; anything else is a fault in convbook and stays a JsException.
                js_error = getattr(error, "js_error", None)
                exc = _ERRORS.get(getattr(js_error, "pythonName", None))
                if exc is None:
                    raise
                message = error.message
                if exc is MemoryError and _LIVE in message:
                    message = _with_holders(message)
                raise exc(message) from None

        call.__name__ = name
        setattr(self, name, call)
        return call


E = _Bridge()
