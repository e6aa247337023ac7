"""How modules display in a cell: a layer with a spec shows its formula breakdown; others their repr."""


def module_outputs(module):
    return [{"items": [{"mime": "text/plain", "value": repr(module)}]}]
