# The Python side of the sandbox (the design is in python/README.md). After the runtime and the
# torch package are loaded, seal() takes away every way Pyodide gives Python to reach JavaScript
# or the outside world:
# - `import js` is an empty module; pyodide, pyodide_js, _pyodide, _pyodide_core (run_js, to_js,
#   create_proxy, pyodide.http's fetch...), micropip and ctypes cannot be imported;
# - the JS modules that stay importable are the runtime's own, listed by name (their objects are
#   built so that nothing on them leads back to JavaScript's Function, see sandbox.ts);
# - an audit hook (CPython's PEP 578 hooks cannot be removed once added) refuses writing files,
#   starting processes, sockets and URL requests, and the gc walks that would find any object;
# - the internals stay loaded (Pyodide itself needs them) but are hollowed out: in their module
#   globals, every JsProxy and every function that makes JavaScript objects or runs JavaScript
#   (run_js, to_js, create_proxy, ...) is replaced by a function that refuses, so a cell that
#   finds them anyway (object.__subclasses__() -> a method -> __globals__) finds nothing usable.

import importlib.abc
import sys
import types

BLOCKED = frozenset({"pyodide", "pyodide_js", "_pyodide", "_pyodide_core", "micropip", "ctypes", "_ctypes", "pyodide_http"})

_WRITE_FLAGS = 0o1 | 0o2 | 0o100 | 0o1000 | 0o2000  # O_WRONLY O_RDWR O_CREAT O_TRUNC O_APPEND

_REFUSED_EVENTS = {
    "subprocess.Popen": "starting a process",
    "os.system": "starting a process",
    "os.exec": "starting a process",
    "os.posix_spawn": "starting a process",
    "os.spawn": "starting a process",
    "os.fork": "starting a process",
    "os.forkpty": "starting a process",
    "os.kill": "signalling a process",
    "os.killpg": "signalling a process",
    "pty.spawn": "starting a process",
    "os.remove": "deleting a file",
    "os.rmdir": "deleting a folder",
    "os.rename": "renaming a file",
    "os.mkdir": "creating a folder",
    "os.symlink": "creating a link",
    "os.link": "creating a link",
    "os.truncate": "writing a file",
    "os.chmod": "changing a file",
    "os.chown": "changing a file",
    "os.utime": "changing a file",
    "shutil.copyfile": "writing a file",
    "shutil.copytree": "writing files",
    "shutil.rmtree": "deleting files",
    "shutil.move": "moving files",
    "shutil.make_archive": "writing a file",
    "shutil.unpack_archive": "writing files",
    "urllib.Request": "fetching a URL",
    "http.client.connect": "opening a connection",
    "ftplib.connect": "opening a connection",
    "smtplib.connect": "opening a connection",
    "webbrowser.open": "opening a browser",
    "gc.get_objects": "walking every live object",
    "gc.get_referrers": "walking object references",
    "gc.get_referents": "walking object references",
}


def _refuse(what):
    raise PermissionError(f"convbook runs Python in a sandbox: {what} is not allowed")


# Functions of the internals that create or run JavaScript, whatever module holds them.
_MAKES_JS = frozenset({"run_js", "to_js", "create_proxy", "create_once_callable", "destroy_proxies", "raw_call", "run_sync", "trigger_fatal_error", "create_promise_converter", "pyfetch", "open_url", "eval_code", "eval_code_async"})


def _refusing(name):
    def refused(*args, **kwargs):
        _refuse(f"{name}() (reaching JavaScript)")

    refused.__name__ = name
    return refused


def _hollow(module, js_proxy_type):
    namespace = getattr(module, "__dict__", None)
    if not isinstance(namespace, dict):
        return
    for name, value in list(namespace.items()):
        if (js_proxy_type is not None and isinstance(value, js_proxy_type)) or (name in _MAKES_JS and callable(value)):
            namespace[name] = _refusing(name)


def _audit(event, args):
    what = _REFUSED_EVENTS.get(event)
    if what is not None:
        _refuse(what)
    if event == "open":
        mode, flags = (args[1], args[2]) if len(args) >= 3 else (None, 0)
        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (isinstance(flags, int) and flags & _WRITE_FLAGS)
        if writes:
            _refuse("writing a file")
    elif event.startswith("socket."):
        _refuse("networking")


class _Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] in BLOCKED:
            raise ImportError(f"No module named '{fullname}' in convbook: cells cannot reach JavaScript or the host", name=fullname)
        return None


_sealed = False


def seal(allowed_js_modules):
    """Closes the ways out. Idempotent; the audit hook is added once and stays."""
    global _sealed
    sys.dont_write_bytecode = True
    for finder in sys.meta_path:
        proxies = getattr(finder, "jsproxies", None)
        if isinstance(proxies, dict):
            for name in list(proxies):
                if name not in allowed_js_modules:
                    del proxies[name]
    js_proxy_type = getattr(sys.modules.get("pyodide.ffi"), "JsProxy", None)
    for name in list(sys.modules):
        if name.split(".")[0] in BLOCKED:
            _hollow(sys.modules.pop(name), js_proxy_type)
    sys.modules["js"] = types.ModuleType("js", "JavaScript is not reachable from convbook's Python.")
    if not any(isinstance(f, _Blocker) for f in sys.meta_path):
        sys.meta_path.insert(0, _Blocker())
    if not _sealed:
        sys.addaudithook(_audit)
        _sealed = True
