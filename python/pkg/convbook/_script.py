"""Runs a model file's top level as an imported module, statement by statement, the way a trace
needs it: a statement that fails only because it touched a placeholder (a dataset, a DataLoader,
file I/O, a training loop over placeholder data) is skipped with a note and the run goes on; any
other failure stops the run with its position. A name a skipped statement would have set, used
later, says which statement and why."""
import __future__
import ast
import io
import sys


class ScriptFailed(Exception):
    """The file's top level cannot run far enough to trace: `reason` is one line, `at` a frame."""

    def __init__(self, reason, at):
        super().__init__(reason)
        self.reason = reason
        self.at = at


def _placeholder_error():
    try:
        from convbook_placeholders import PlaceholderError
    except ImportError:  # the package outside the runtime: no placeholders exist
        return ()
    return PlaceholderError


def bound_names(node):
    """Names a statement binds in its scope (not inside the functions and classes it defines)."""
    names = set()

    def visit(n):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(n.name)
            return
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            names.add(n.id)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            for alias in n.names:
                if alias.name != "*":
                    names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(n, ast.ExceptHandler) and n.name:
            names.add(n.name)
        elif isinstance(n, (ast.Lambda, ast.GeneratorExp, ast.ListComp, ast.SetComp, ast.DictComp)):
            return
        for child in ast.iter_child_nodes(n):
            visit(child)

    visit(node)
    return names


def statement_frame(stmt, filename, files):
    return {
        "file": files.relative(filename),
        "line": stmt.lineno,
        "column": stmt.col_offset,
        "end_line": stmt.end_lineno,
        "end_column": stmt.end_col_offset,
        "function": "<module>",
    }


class Skip:
    def __init__(self, stmt, message, names):
        self.stmt = stmt
        self.message = message
        self.names = names


class ScriptRun:
    """The top level of one file, run into `namespace`; `skipped` lists what was left out."""

    def __init__(self, source, filename, files):
        self.source = source
        self.filename = filename
        self.files = files
        self.skipped = []
        self.tree = None

    def skip_setting(self, name):
        """The skipped statement that would have set `name`, if one would have."""
        for skip in self.skipped:
            if name in skip.names:
                return skip
        return None

    def why_undefined(self, name):
        """One line on why `name` is undefined after the top level ran, or None if nothing says."""
        skip = self.skip_setting(name)
        if skip is not None:
            return f"name '{name}' is not defined because the statement at line {skip.stmt.lineno} that sets it was skipped ({skip.message})"
        for stmt in self.tree.body if self.tree else []:
            if name in bound_names(stmt) and isinstance(stmt, (ast.If, ast.Try, ast.For, ast.While, ast.With, ast.Match)):
                kind = {ast.If: "if", ast.Try: "try", ast.For: "for", ast.While: "while", ast.With: "with", ast.Match: "match"}[type(stmt)]
                text = f"name '{name}' is not defined: it is set only inside the `{kind}` at line {stmt.lineno}, and no part that sets it ran"
                if any(isinstance(n, ast.Name) and n.id == "args" for n in ast.walk(getattr(stmt, "test", stmt))):
                    text += " (a script argument decides it: give it with --args or a `# convbook: args ...` comment)"
                return text
        return None

    def run(self, namespace):
        try:
            self.tree = ast.parse(self.source, self.filename)
        except SyntaxError as exc:
            at = {"file": self.files.relative(self.filename), "line": exc.lineno or 1, "column": max((exc.offset or 1) - 1, 0),
                  "end_line": exc.end_lineno or exc.lineno or 1, "end_column": max((exc.end_offset or exc.offset or 1) - 1, 0), "function": "<module>"}
            raise ScriptFailed(f"SyntaxError: {exc.msg}", at) from None
        placeholder = _placeholder_error()
        flags = 0
        for stmt in self.tree.body:
            if isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__":
                for alias in stmt.names:
                    flags |= getattr(__future__, alias.name).compiler_flag
            code = compile(ast.Module(body=[stmt], type_ignores=[]), self.filename, "exec", flags=flags, dont_inherit=True)
            stderr = io.StringIO()
            saved = sys.stderr
            sys.stderr = stderr
            try:
                exec(code, namespace)
            except SystemExit as exc:
                said = stderr.getvalue().strip().splitlines()
                detail = said[-1] if said else f"sys.exit({exc.code!r})"
                raise ScriptFailed(f"the script exits at line {stmt.lineno}: {detail}", statement_frame(stmt, self.filename, self.files)) from None
            except Exception as exc:  # noqa: BLE001 - each is judged below
                message = self._skippable(exc, placeholder)
                if message is not None:
                    self.skipped.append(Skip(stmt, message, bound_names(stmt)))
                    continue
                raise self.failure(exc, stmt) from None
            finally:
                sys.stderr = saved

    def _skippable(self, exc, placeholder):
        if placeholder and isinstance(exc, placeholder):
            return str(exc)
        if isinstance(exc, OSError):
            return f"file I/O: {type(exc).__name__}: {exc}"
        if isinstance(exc, NameError) and exc.name is not None:
            skip = self.skip_setting(exc.name)
            if skip is not None:
                return f"it uses `{exc.name}`, which the skipped statement at line {skip.stmt.lineno} sets"
        return None

    def failure(self, exc, stmt=None):
        """ScriptFailed for an exception: positioned at its innermost user frame, else the statement."""
        stack = self.files.traceback_stack(exc.__traceback__)
        undefined = exc.name if isinstance(exc, NameError) and exc.name else None
        skip = self.skip_setting(undefined) if undefined else None
        # Where it failed in the user's code; else (the model expression) the statement that
        # failed, or the skipped one that would have set the name.
        fallback = stmt if stmt is not None else skip.stmt if skip is not None else None
        at = stack[0] if stack else (statement_frame(fallback, self.filename, self.files) if fallback is not None else None)
        why = self.why_undefined(undefined) if undefined else None
        return ScriptFailed(why or f"{type(exc).__name__}: {exc}", at)

    def skips(self):
        """The contract's TraceSkip records."""
        out = []
        for s in self.skipped:
            span = statement_frame(s.stmt, self.filename, self.files)
            del span["function"]
            out.append(dict(span, message=s.message))
        return out
