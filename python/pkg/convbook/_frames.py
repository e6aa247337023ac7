"""Where the traced file's code was when something happened: spans of user frames, read from
CPython's co_positions, with paths relative to the traced file's folder.

User files are the traced file and the workspace files it imported (the import hook's, keyed by
their workspace-relative path, which is the co_filename their code was compiled with)."""
import posixpath


def callee_text(call_source):
    """'F.max_pool2d' from 'F.max_pool2d(F.relu(a), 2)': what precedes the '(' matching the last ')'."""
    if not call_source.endswith(")"):
        return call_source
    depth = 0
    for i in range(len(call_source) - 1, -1, -1):
        ch = call_source[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            depth -= 1
            if depth == 0:
                return " ".join(call_source[:i].split())
    return call_source


def _char_column(line, byte_offset):
    """co_positions columns are UTF-8 byte offsets; the trace's are characters (equal in ASCII)."""
    if byte_offset is None or line.isascii():
        return byte_offset
    return len(line.encode("utf-8", "surrogatepass")[:byte_offset].decode("utf-8", "replace"))


class UserFiles:
    """The files whose frames the trace records. `files` maps co_filename (workspace-relative) to
    source text and grows as the import hook loads workspace modules."""

    def __init__(self, traced_file, files):
        self.folder = posixpath.dirname(traced_file)
        self.files = files
        self._lines = {}
        self._positions = {}

    def relative(self, filename):
        return posixpath.relpath(filename, self.folder) if self.folder else filename

    def lines(self, filename):
        lines = self._lines.get(filename)
        if lines is None:
            lines = self._lines[filename] = self.files.get(filename, "").split("\n")
        return lines

    def _line(self, filename, lineno):
        lines = self.lines(filename)
        return lines[lineno - 1] if lineno and 0 < lineno <= len(lines) else ""

    def span(self, code, lasti):
        """{file, line, column, end_line, end_column} of the instruction at lasti (0-based columns)."""
        positions = self._positions.get(code)
        if positions is None:
            positions = self._positions[code] = list(code.co_positions())
        line, end_line, column, end_column = positions[lasti // 2] if 0 <= lasti // 2 < len(positions) else (None,) * 4
        filename = code.co_filename
        return {
            "file": self.relative(filename),
            "line": line,
            "column": _char_column(self._line(filename, line), column),
            "end_line": end_line,
            "end_column": _char_column(self._line(filename, end_line), end_column),
        }

    def frame(self, frame):
        return dict(self.span(frame.f_code, frame.f_lasti), function=frame.f_code.co_name)

    def stack(self, frame):
        """User frames from frame outwards, innermost first."""
        out = []
        files = self.files
        while frame is not None:
            if frame.f_code.co_filename in files:
                out.append(self.frame(frame))
            frame = frame.f_back
        return out

    def innermost(self, frame):
        while frame is not None:
            if frame.f_code.co_filename in self.files:
                return self.frame(frame)
            frame = frame.f_back
        return None

    def traceback_stack(self, tb):
        """User frames of a traceback, innermost first."""
        out = []
        while tb is not None:
            code = tb.tb_frame.f_code
            if code.co_filename in self.files:
                out.append(dict(self.span(code, tb.tb_lasti), function=code.co_name))
            tb = tb.tb_next
        out.reverse()
        return out

    def source(self, where, filename):
        """The source text between a span's start and end (columns in characters)."""
        lines = self.lines(filename)[where["line"] - 1 : where["end_line"]]
        if not lines:
            return ""
        if len(lines) == 1:
            return lines[0][where["column"] : where["end_column"]]
        return "\n".join([lines[0][where["column"] :]] + lines[1:-1] + [lines[-1][: where["end_column"]]])
