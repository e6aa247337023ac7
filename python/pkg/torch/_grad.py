"""Gradient contexts: convbook has no autograd, so they only need to work as context managers and decorators."""
import functools


class no_grad:
    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            return fn(*args, **kwargs)

        return wrapper


enable_grad = inference_mode = set_grad_enabled = no_grad
