# Turns a CPython exception into the cell error the notebook shows: the exception's class name and
# message as CPython prints them, positioned at the innermost frame of the cell (1-based line and
# character column, with the end of the expression CPython 3.11+ records). When the error was
# raised inside a workspace .py file the cell imported, the message carries those frames too.

import re
import traceback

CELL_FILENAME = "<cell>"

# filename given to compile() -> source text, for every workspace module the import hook loaded.
workspace_sources = {}


def _char_column(line_text, byte_offset):
    """co_positions columns are UTF-8 byte offsets; the notebook wants characters."""
    if byte_offset is None:
        return None
    return len(line_text.encode("utf-8", "surrogatepass")[:byte_offset].decode("utf-8", "replace"))


def _line(source, lineno):
    # CPython numbers lines at \n, \r\n and \r only (str.splitlines also splits at \f, \x85...).
    lines = re.split(r"\r\n|\r|\n", source)
    return lines[lineno - 1] if lineno and 0 < lineno <= len(lines) else ""


def _message(exc):
    text = str(exc)
    notes = getattr(exc, "__notes__", None)
    if isinstance(notes, list):
        text = "\n".join([text] + [str(n) for n in notes])
    if isinstance(exc, KeyboardInterrupt) and not text:
        text = "the cell was interrupted; every variable defined so far is kept"
    return text


def _position(frame, source):
    line_text = _line(source, frame.lineno)
    column = _char_column(line_text, frame.colno)
    end_column = None
    if frame.end_lineno == frame.lineno:
        end_column = _char_column(line_text, frame.end_colno)
    result = {"line": frame.lineno, "column": (column + 1) if column is not None else _first_code_column(line_text)}
    if end_column is not None:
        result["end_line"] = frame.end_lineno
        result["end_column"] = end_column + 1
    return result


def _first_code_column(line_text):
    return len(line_text) - len(line_text.lstrip()) + 1


def _workspace_trace(frames):
    lines = []
    for frame in frames:
        source = workspace_sources.get(frame.filename)
        if source is None:
            continue
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        code = _line(source, frame.lineno).strip()
        if code:
            lines.append(f"    {code}")
    return lines


def error_from_exception(exc, source, skip=0):
    """The cell error for an exception raised while the cell's code ran."""
    frames = traceback.extract_tb(exc.__traceback__)[skip:]
    cell_indices = [i for i, f in enumerate(frames) if f.filename == CELL_FILENAME]
    error = {"name": type(exc).__name__, "message": _message(exc)}
    if isinstance(exc, SyntaxError) and exc.filename in workspace_sources:
        # compile() of an imported workspace file failed: say where, in that file.
        error["message"] = f'{exc.msg} ({exc.filename}, line {exc.lineno})'
    if cell_indices:
        last = cell_indices[-1]
        error.update(_position(frames[last], source))
        trace = _workspace_trace(frames[last + 1:])
        if trace:
            error["message"] += "\nRaised in the workspace files it called (most recent call last):\n" + "\n".join(trace)
    return error


def error_from_syntax(exc, source):
    """The cell error for a cell that does not compile: exactly where compile() says."""
    error = {"name": type(exc).__name__, "message": getattr(exc, "msg", None) or str(exc)}
    lineno = getattr(exc, "lineno", None)
    offset = getattr(exc, "offset", None)
    if lineno is None and "\0" in source:
        # CPython refuses a NUL before tokenizing and gives no position; point at the first one.
        before = source[: source.index("\0")]
        lineno = before.count("\n") + 1
        offset = len(before) - (before.rfind("\n") + 1) + 1
    if lineno is not None:
        error["line"] = lineno
        error["column"] = offset if offset else 1
        end_lineno = getattr(exc, "end_lineno", None)
        end_offset = getattr(exc, "end_offset", None)
        if end_lineno == lineno and end_offset and offset and end_offset > offset:
            error["end_line"] = end_lineno
            error["end_column"] = end_offset
    return error
