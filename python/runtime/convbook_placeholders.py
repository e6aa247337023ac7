# Inert stand-ins for modules convbook does not have (numpy, torch.hub's helpers in third-party
# code, a project's logging package...). Model files import many things they only touch in
# passing — `_log_api_usage_once(self)`, `@register_model()`, `class Weights(WeightsEnum)` — and a
# placeholder lets those lines run: used as a decorator it returns the function unchanged, called
# or read for an attribute it gives another placeholder, and a class may inherit from it. Only
# when a value is really needed (a number, a shape, a tensor, iteration) does it fail, naming the
# import it came from.


class PlaceholderError(TypeError):
    pass


def _refuse(what):
    def method(self, *args, **kwargs):
        raise PlaceholderError(
            f"{object.__getattribute__(self, '_convbook_path')} is a placeholder for `{object.__getattribute__(self, '_convbook_import')}`, "
            f"a module convbook doesn't have, so it can't be used as {what}"
        )

    return method


class Placeholder:
    __slots__ = ("_convbook_path", "_convbook_import")

    def __init__(self, path, import_statement):
        object.__setattr__(self, "_convbook_path", path)
        object.__setattr__(self, "_convbook_import", import_statement)

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return Placeholder(f"{self._convbook_path}.{name}", self._convbook_import)

    def __setattr__(self, name, value):
        pass

    def __call__(self, *args, **kwargs):
        # A bare decorator (@placeholder) leaves the function or class it decorates as it was.
        if len(args) == 1 and not kwargs and (callable(args[0]) or isinstance(args[0], type)) and not isinstance(args[0], Placeholder):
            return args[0]
        return Placeholder(f"{self._convbook_path}(...)", self._convbook_import)

    def __mro_entries__(self, bases):
        # `class Weights(WeightsEnum):` inherits from a plain, empty class named after it.
        name = self._convbook_path.rsplit(".", 1)[-1].replace("(...)", "")
        return (type(name, (), {"__module__": "placeholder", "__init__": lambda self, *a, **k: None}),)

    def __repr__(self):
        return f"<placeholder {self._convbook_path} from `{self._convbook_import}`>"

    def __bool__(self):
        return True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __getitem__(self, key):
        return Placeholder(f"{self._convbook_path}[...]", self._convbook_import)

    @property
    def __all__(self):
        return []

    @property
    def __path__(self):
        return []

    __index__ = __int__ = __float__ = __complex__ = _refuse("a number")
    __len__ = __iter__ = _refuse("a shape or a sequence")
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _refuse("a number or a tensor")
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _refuse("a number or a tensor")
    __pow__ = __rpow__ = __matmul__ = __rmatmul__ = __neg__ = __pos__ = __abs__ = _refuse("a number or a tensor")
    __lt__ = __le__ = __gt__ = __ge__ = _refuse("a number")


def placeholder_module(name, import_statement):
    return Placeholder(name, import_statement)
