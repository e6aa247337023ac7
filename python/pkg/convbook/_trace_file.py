"""convbook.trace_file(request_json): runs a model file as an imported module, picks its model and
input, builds the model and runs its forward on a shape-only input, and displays what happened as
one output of TRACE_MIME: a TraceOutcome (contract/trace.ts) as JSON, whose ModelTrace has the
very shape of real PyTorch's record of the model fixtures (scripts/models/recorders.py)."""
import ast
import contextlib
import inspect
import io
import json
import posixpath
import re
import shlex
import sys
import types

import torch
from torch._engine import E
from torch._observe import observing, reporting

from ._frames import UserFiles
from ._recorders import BuildSites, CallRecorder, FunctionalRecorder, error_record, module_table, output_shapes
from ._script import ScriptFailed, ScriptRun

TRACE_MIME = "application/vnd.convbook.trace+json"
_ARGS_COMMENT = re.compile(r"^\s*#\s*convbook:\s*args\b(.*)$", re.MULTILINE)
_FORWARD_ARGUMENTS = re.compile(r"forward\(\) (missing \d+ required|takes \d+ positional)")


class TraceOutcome:
    """trace_file()'s value: displays as the one TRACE_MIME output a trace request's cell shows."""

    def __init__(self, outcome):
        self.outcome = outcome

    def _convbook_display_(self):
        return [{"items": [{"mime": TRACE_MIME, "value": json.dumps(self.outcome)}]}]

    def __repr__(self):
        o = self.outcome
        return f"<trace {o['trace']['build']}: traced>" if o["status"] == "traced" else f"<trace: untraced: {o['reason']}>"


def _runtime_modules():
    """The runtime's import hook and its table of workspace sources, or stand-ins outside it."""
    try:
        import convbook_imports
        from convbook_traceback import workspace_sources
    except ImportError:
        return None, {}
    return convbook_imports, workspace_sources


def _read_file(imports, file):
    stem = file[:-3] if file.endswith(".py") else file
    found = imports._lookup(stem) if imports is not None and imports._lookup is not None and all(p.isidentifier() for p in stem.split("/")) else ""
    if not found:
        return None
    kind, shown, text = found.split("\n", 2)
    return text.encode("latin-1").decode("utf-8", "replace") if kind == "module" and shown == file else None


@contextlib.contextmanager
def _beside_the_file(imports, folder):
    """Imports look in the traced file's folder first, as CPython puts a script's folder first."""
    original = imports._lookup if imports is not None else None
    if original is None or not folder or not all(p.isidentifier() for p in folder.split("/")):
        yield
        return
    imports._lookup = lambda path: original(f"{folder}/{path}") or original(path)
    try:
        yield
    finally:
        imports._lookup = original


def _forget_workspace_modules():
    """Workspace modules are imported afresh by every trace, so an edited file is read again."""
    for name, module in list(sys.modules.items()):
        if isinstance(module, types.ModuleType) and "__convbook_workspace__" in vars(module):
            del sys.modules[name]


def _script_args(request, source):
    if request.get("args") is not None:
        return list(request["args"])
    found = _ARGS_COMMENT.search(source)
    return shlex.split(found.group(1)) if found else []


def _no_required_arguments(fn):
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in signature.parameters.values())


def _buildable(run, namespace, module_name):
    """Models the file builds without arguments: its nn.Module classes, and its functions that
    return one (by their return annotation, or a `return X(...)` of such a class or function)."""
    nn_module = torch.nn.Module
    returning = set()

    def resolve(node):
        """The value a Name or attribute chain (`Net`, `nn.Sequential`) has in the namespace."""
        if isinstance(node, ast.Name):
            return namespace.get(node.id)
        if isinstance(node, ast.Attribute):
            owner = resolve(node.value)
            return getattr(owner, node.attr, None) if owner is not None else None
        return None

    def module_class(node):
        value = resolve(node)
        return isinstance(value, type) and issubclass(value, nn_module)

    functions = [s for s in run.tree.body if isinstance(s, ast.FunctionDef)]
    changed = True
    while changed:
        changed = False
        for f in functions:
            if f.name in returning:
                continue
            calls = [n.value.func for n in ast.walk(f) if isinstance(n, ast.Return) and isinstance(n.value, ast.Call)]
            annotated = f.returns is not None and (module_class(f.returns) or (isinstance(f.returns, ast.Attribute) and f.returns.attr == "Module"))
            if annotated or any(module_class(c) or (isinstance(c, ast.Name) and c.id in returning) for c in calls):
                returning.add(f.name)
                changed = True
    out = []
    for name, value in namespace.items():
        if name.startswith("_"):
            continue
        own = getattr(value, "__wrapped__", value)
        if getattr(own, "__module__", None) != module_name:
            continue
        is_class = isinstance(value, type) and issubclass(value, nn_module)
        if (is_class or (isinstance(own, types.FunctionType) and name in returning)) and _no_required_arguments(value):
            out.append(f"{name}()")
    return out


def _frames_named(trace):
    names = {trace["file"]}
    for m in trace["modules"]:
        names.update(f["file"] for f in m["built_stack"])
    for c in trace["calls"]:
        names.update(f["file"] for f in (c["built_at"], c["called_at"]) if f)
    names.update(f["file"] for f in trace["functional"])
    if trace["error"]:
        names.update(f["file"] for f in trace["error"]["stack"])
    return names


def _untraced(reason, at, run):
    return {"status": "untraced", "reason": reason, "at": at, "skipped": run.skips() if run else []}


def _trace(request):
    imports, sources = _runtime_modules()
    file = request["file"]
    source = request.get("source")
    if source is None:
        source = _read_file(imports, file)
        if source is None:
            return _untraced(f"cannot read {file} from the workspace", None, None)
    files = UserFiles(file, sources)
    stem = posixpath.basename(file)[:-3] if file.endswith(".py") else posixpath.basename(file)
    name = stem if stem.isidentifier() else "__convbook_traced__"
    _forget_workspace_modules()
    sources[file] = source
    module = types.ModuleType(name)
    module.__dict__.update({"__file__": file, "__package__": "", "__convbook_workspace__": True, "__convbook_dir__": ""})
    args = _script_args(request, source)
    run = ScriptRun(source, file, files)
    saved = sys.argv, sys.modules.get(name), sys.stdout
    sys.argv = [file] + args
    sys.modules[name] = module
    sys.stdout = io.StringIO()  # what the file prints is not the trace's output
    try:
        # reporting() from the first import on, so `from torch import cat` binds a reporting cat.
        with _beside_the_file(imports, posixpath.dirname(file)), reporting():
            with BuildSites(files) as sites:
                run.run(module.__dict__)
                picked = json.loads(E.pick_model(json.dumps({
                    "source": source, "model": request.get("model"), "input": request.get("input"),
                    "buildable": _buildable(run, module.__dict__, name) if request.get("model") is None else [],
                    "defaultInput": request.get("defaultInput", [1, 3, 224, 224]),
                })))
                if not picked["ok"]:
                    return _untraced(picked["reason"], None, run)
                choice = picked["choice"]
                model = _build(choice["expr"], module.__dict__, run)
            trace = _forward(model, choice, file, args, files, sites, run)
    except ScriptFailed as failed:
        return _untraced(failed.reason, failed.at, run)
    finally:
        sys.argv, previous, sys.stdout = saved
        if previous is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = previous
    named = _frames_named(trace)
    return {
        "status": "traced",
        "input_source": choice["origin"],
        "trace": trace,
        "skipped": run.skips(),
        "files": {files.relative(f): text for f, text in sources.items() if files.relative(f) in named},
    }


def _build(expr, namespace, run):
    try:
        code = compile(expr, "<build>", "eval")
    except SyntaxError as exc:
        raise ScriptFailed(f"the model expression `{expr}` is not a Python expression: {exc.msg}", None) from None
    try:
        model = eval(code, namespace)
    except Exception as exc:  # noqa: BLE001 - building the model failed: why, positioned
        raise run.failure(exc) from None
    if not isinstance(model, torch.nn.Module):
        raise ScriptFailed(f"`{expr}` gives {type(model).__name__}, not an nn.Module", None)
    return model


def _forward(model, choice, file, args, files, sites, run):
    shape = [int(n) for n in choice["input"]]
    model.eval()
    calls = CallRecorder(model, sites, files)
    functional = FunctionalRecorder(files, calls)
    error = None
    output = None
    with calls, observing(functional):
        try:
            output = model(torch.empty(*shape, device="meta"))
        except Exception as exc:  # noqa: BLE001 - what PyTorch raised is the trace's error
            if isinstance(exc, NameError) and exc.name and run.skip_setting(exc.name):
                raise run.failure(exc) from None
            error = error_record(exc, files)
            if not error["stack"] and isinstance(exc, TypeError) and _FORWARD_ARGUMENTS.search(str(exc)):
                # The tracer's one input is not what this forward takes: no fault of the model's.
                raise ScriptFailed(f"{type(model).__name__}.forward does not take one input tensor: {exc}", None) from None
    params = list(model.parameters())
    defining = sys.modules.get(type(model).__module__)
    defined_in = getattr(defining, "__file__", None)
    outputs = output_shapes(output)
    return {
        "file": files.relative(defined_in if defined_in in files.files else file),
        "args": args,
        "build": choice["expr"],
        "class": type(model).__name__,
        "input": shape,
        "output": outputs[0] if outputs and error is None else None,
        "total_params": sum(p.numel() for p in params),
        "trainable_params": sum(p.numel() for p in params if p.requires_grad),
        "total_macs": sum(c["macs"] or 0 for c in calls.calls),
        "error": error,
        "modules": module_table(model, sites),
        "calls": calls.calls,
        "functional": functional.records,
    }


def trace_file(request_json):
    """Traces the file a TraceRequest (contract/trace.ts) names; displays its TraceOutcome."""
    return TraceOutcome(_trace(json.loads(request_json)))
