"""Helpers torchvision-style builders call."""
import functools
import warnings


def _ovewrite_named_param(kwargs, param, new_value):
    """Sets kwargs[param], refusing a different value the caller already gave."""
    if param in kwargs:
        if kwargs[param] != new_value:
            raise ValueError(f"The parameter '{param}' expected value {new_value} but got {kwargs[param]} instead.")
    else:
        kwargs[param] = new_value


def handle_legacy_interface(**weights):
    """Lets a builder still be called with the old `pretrained=True` style: each such keyword is
    turned into its `weights=` default (when true) or None, with a deprecation warning."""

    def outer(builder):
        @functools.wraps(builder)
        def inner(*args, **kwargs):
            for new_name, (old_name, default) in weights.items():
                if old_name not in kwargs:
                    continue
                used = kwargs.pop(old_name)
                warnings.warn(f"The parameter '{old_name}' is deprecated, please use '{new_name}' instead.")
                kwargs[new_name] = (default(kwargs) if callable(default) else default) if used else None
            return builder(*args, **kwargs)

        return inner

    return outer
