# Runs one notebook cell as CPython and Jupyter run it: compile with the filename "<cell>", exec
# every statement, and when the last statement is an expression evaluate it and display the value.
# print() output and displays are collected in the order they happen. Errors come back as plain
# data (class name, message, 1-based line/column inside the cell) for the TypeScript side to show.

import ast
import sys
import types

from convbook_traceback import error_from_exception, error_from_syntax

CELL_FILENAME = "<cell>"


class _Outputs:
    """Everything a cell produced, in order: ("stdout"|"stderr", text) and ("display", items)."""

    def __init__(self):
        self.items = []

    def text(self, stream, text):
        if not text:
            return
        if self.items and self.items[-1][0] == stream:
            self.items[-1] = (stream, self.items[-1][1] + text)
        else:
            self.items.append((stream, text))

    def display(self, outputs):
        self.items.append(("display", outputs))


class _Stream:
    """A text file object that appends what is written to the running cell's outputs."""

    def __init__(self, name):
        self.name = name
        self.target = None

    def write(self, text):
        if self.target is not None:
            self.target.text(self.name, str(text))
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True

    @property
    def encoding(self):
        return "utf-8"


_stdout = _Stream("stdout")
_stderr = _Stream("stderr")
_current = None


def display_items(value):
    """The outputs a value displays as: its _convbook_display_() when it has one, else its repr."""
    method = getattr(type(value), "_convbook_display_", None)
    if method is not None:
        # Either a JS array of CellOutput built by the engine bridge, or a Python list of
        # {"items": [{"mime", "value"}]} dicts; the TypeScript side accepts both.
        return method(value)
    return [{"items": [{"mime": "text/plain", "value": repr(value)}]}]


def emit(outputs):
    """Displays outputs mid-cell (convbook.display), in order with print()."""
    if _current is None:
        raise RuntimeError("display() is only available while a cell runs")
    _current.display(outputs)


def display(value):
    if value is not None:
        emit(display_items(value))


def _install_runtime_module():
    # `_convbook_runtime` is how the torch package's convbook.display() emits outputs mid-cell.
    module = types.ModuleType("_convbook_runtime", "Outputs of the running cell, in order with print().")
    module.emit = emit
    module.display = display
    sys.modules["_convbook_runtime"] = module


def _make_sleep_interruptible():
    # Pyodide's time.sleep waits inside C without looking at the interrupt buffer, so a cell
    # sleeping 20 s could only be stopped by replacing the worker. Sleeping in short slices
    # returns to the eval loop, which checks the buffer between them.
    import time

    wait = time.sleep

    def sleep(seconds):
        if not isinstance(seconds, (int, float)) or not seconds > 0:
            return wait(seconds)  # zero, and CPython's own checks and messages for the rest
        end = time.monotonic() + seconds
        while (remaining := end - time.monotonic()) > 0:
            wait(min(remaining, 0.05))

    sleep.__doc__ = wait.__doc__
    time.sleep = sleep


def new_namespace():
    """The globals of one notebook: a fresh __main__ module's, which sys.modules knows as
    __main__ (as Jupyter does), so typing.get_type_hints, pickle and `import __main__` see them."""
    main = types.ModuleType("__main__")
    main.__dict__.update({"__builtins__": __builtins__, "__convbook_dir__": ""})
    sys.modules["__main__"] = main
    return main.__dict__


def _source_bytes(source):
    # Cells are compiled from UTF-8 bytes so that CPython's own decoder checks them: a lone
    # surrogate (what a JS string holds for a broken UTF-8 sequence) becomes a positioned
    # SyntaxError rather than a UnicodeEncodeError from the runtime.
    return source.encode("utf-8", "surrogatepass")


def _split(tree):
    """Jupyter's rule: a trailing expression statement is evaluated for display, the rest executed."""
    body = tree.body
    if body and isinstance(body[-1], ast.Expr):
        head = ast.Module(body=body[:-1], type_ignores=[])
        tail = ast.Expression(body=body[-1].value)
        return head, tail
    return tree, None


def run_cell(source, namespace):
    """Runs `source` in `namespace`; returns {"outputs": [...], "error": dict | None}."""
    global _current
    outputs = _Outputs()
    error = None
    saved = sys.stdout, sys.stderr
    _current = outputs
    _stdout.target = outputs
    _stderr.target = outputs
    sys.stdout, sys.stderr = _stdout, _stderr
    try:
        try:
            tree = compile(_source_bytes(source), CELL_FILENAME, "exec", ast.PyCF_ONLY_AST)
            head, tail = _split(tree)
            head_code = compile(head, CELL_FILENAME, "exec")
            tail_code = compile(tail, CELL_FILENAME, "eval") if tail is not None else None
        except (SyntaxError, ValueError) as exc:
            error = error_from_syntax(exc, source)
        else:
            try:
                exec(head_code, namespace)
                if tail_code is not None:
                    value = eval(tail_code, namespace)
                    if value is not None:
                        outputs.display(display_items(value))
            except BaseException as exc:  # noqa: BLE001 - the cell's error, whatever it is, is the result
                error = error_from_exception(exc, source, skip=1)
    finally:
        sys.stdout, sys.stderr = saved
        _stdout.target = _stderr.target = None
        _current = None
    return {"outputs": [{"kind": kind, "value": value} for kind, value in outputs.items], "error": error}


_install_runtime_module()
_make_sleep_interruptible()
