# Imports for notebook cells and the workspace files they import.
# - `import mymodel`, `from unet.parts import DoubleConv`: .py files (and folders, as packages)
#   beside the notebook or in the workspace, read through a callback the Node side answers from
#   inside the workspace folder only. The standard library and the torch package come first, so a
#   workspace file never shadows them.
# - `from .parts import X` in a cell or in a workspace file that is not inside a package resolves
#   beside that file, where CPython would refuse it ("no known parent package"): notebooks and
#   scripts are often written that way, and convbook runs them as the project's own package would.
# - A module found nowhere imports, for cells and workspace files only, as an inert placeholder
#   (convbook_placeholders.py); so does a part of torch or torchvision convbook does not have
#   (torch.optim, torchvision.datasets). The standard library, convbook, and torch and torchvision
#   themselves never do.

import builtins
import importlib.abc
import importlib.util
import sys
import types

from convbook_placeholders import placeholder_module
from convbook_traceback import workspace_sources

# Packages that are convbook's own: missing whole, they fail loudly; a missing part of torch or
# torchvision becomes a placeholder under the real package.
REAL_ONLY = {"torch", "torchvision", "convbook"}

# The Node side's reader: "a/b" -> "kind\nshown path\nlatin-1 text" (kind: module, package, dir) or "".
_lookup = None
_original_import = builtins.__import__


class _WorkspaceLoader(importlib.abc.Loader):
    def __init__(self, filename, data):
        self.filename = filename
        self.data = data

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        module.__dict__["__convbook_workspace__"] = True
        if not module.__package__:
            module.__dict__["__convbook_dir__"] = ""
        if self.data is None:
            return  # a plain folder: a package with nothing in it but its files
        # CPython decodes the bytes itself (PEP 263), so a bad file is a positioned SyntaxError.
        workspace_sources[self.filename] = self.data.decode("utf-8", "replace")
        exec(compile(self.data, self.filename, "exec", dont_inherit=True), module.__dict__)


class WorkspaceFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if _lookup is None or fullname.split(".")[0] in REAL_ONLY:
            return None
        found = _lookup(fullname.replace(".", "/"))
        if not found:
            return None
        kind, shown, text = found.split("\n", 2)
        data = text.encode("latin-1") if kind != "dir" else None
        loader = _WorkspaceLoader(shown, data)
        spec = importlib.util.spec_from_loader(fullname, loader, origin=shown, is_package=kind != "module")
        spec.has_location = kind != "dir"
        return spec


def _is_user_code(globals):
    return globals is not None and ("__convbook_dir__" in globals or "__convbook_workspace__" in globals)


def _absolute_from_folder(name, level):
    # The importer sits in a search folder itself (a cell, or a top-level workspace file), so its
    # package is that folder: one dot is the folder, more dots climb out of the workspace.
    if level > 1:
        raise ImportError("attempted relative import beyond top-level package")
    return name


def _statement(name, fromlist):
    return f"from {name} import {', '.join(fromlist)}" if fromlist else f"import {name}"


def convbook_import(name, globals=None, locals=None, fromlist=(), level=0):
    if level > 0 and _is_user_code(globals) and not globals.get("__package__"):
        name = _absolute_from_folder(name, level)
        level = 0
        if not name:
            # `from . import parts`: each name is a module of the folder.
            return types.SimpleNamespace(**{n: convbook_import(n, globals, locals, (), 0) for n in fromlist if n != "*"})
    try:
        module = _original_import(name, globals, locals, fromlist, level)
    except ModuleNotFoundError as exc:
        if level > 0 or not _is_user_code(globals):
            raise
        top = name.split(".")[0]
        missing = exc.name or name
        if top in sys.stdlib_module_names or top == "convbook":
            raise
        if top in REAL_ONLY:
            if missing == top or not missing.startswith(top + "."):
                raise
            return _placeholder_submodule(name, missing, fromlist)
        if missing != top:
            raise
        return placeholder_module(name if fromlist else top, _statement(name, fromlist))
    if fromlist and level == 0 and _is_user_code(globals) and name.split(".")[0] in REAL_ONLY:
        # `from torchvision import datasets`: CPython skips a submodule it cannot find and then fails
        # on the name; a lower-case name missing from our torch or torchvision is such a submodule.
        for item in fromlist:
            if item != "*" and item[:1].islower() and not hasattr(module, item) and hasattr(module, "__path__"):
                _placeholder_submodule(f"{module.__name__}.{item}", f"{module.__name__}.{item}", (), _statement(name, fromlist))
    return module


def _placeholder_submodule(name, missing, fromlist, statement=None):
    """A part of torch or torchvision that convbook does not have (torch.optim, torch.utils.data,
    torchvision.datasets): a placeholder registered under the real package, so a script imports
    and runs as it does with PyTorch until it needs a value from it."""
    statement = statement or _statement(name, fromlist)
    parent_name, _, child = missing.rpartition(".")
    made = placeholder_module(missing, statement)
    # Not in sys.modules: the import system reads a module's __spec__ there, which a placeholder
    # has not; the next import of the name simply makes another placeholder.
    parent = sys.modules.get(parent_name)
    if isinstance(parent, types.ModuleType):
        setattr(parent, child, made)
    if not fromlist:
        return sys.modules[name.split(".")[0]]
    target = made
    for part in name[len(missing):].split("."):
        if part:
            target = getattr(target, part)
    return target


def install(lookup):
    global _lookup
    _lookup = lookup
    if not any(isinstance(f, WorkspaceFinder) for f in sys.meta_path):
        sys.meta_path.append(WorkspaceFinder())
    builtins.__import__ = convbook_import
