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
                raise exc(error.message) from None

        call.__name__ = name
        setattr(self, name, call)
        return call


E = _Bridge()
