"""Ground truth for the model fixtures (test/fixtures/models), from real PyTorch.

Run with Debian's PyTorch (apt-get install -y python3-torch python3-torchvision):

    /usr/bin/python3 scripts/models/ground_truth.py

Each fixture file is imported as a module (so `__name__` is not '__main__' and sys.argv holds no
arguments unless a model lists some: argparse applies its defaults), the model is built by a constructor expression
evaluated in the module's namespace, and one forward runs on a zero input under torch.no_grad().
The result, test/fixtures/models/truth.json, is described in test/fixtures/models/README.md.
"""

import hashlib
import importlib
import json
import os
import platform
import sys

sys.dont_write_bytecode = True  # leave no __pycache__ in the fixture folder

import torch
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from recorders import BuildSites, CallRecorder, FixtureFiles, FunctionalRecorder, config_of, error_record  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(ROOT, "test", "fixtures", "models")
OUTPUT = os.path.join(FIXTURES, "truth.json")

# id, module to import (from the fixture folder), constructor expression, input shape, and the
# script arguments in sys.argv while the module is imported (none unless given).
MODELS = [
    ("resnet18", "resnet", "resnet18()", [1, 3, 224, 224]),
    ("resnet50", "resnet", "resnet50()", [1, 3, 224, 224]),
    ("mobilenet_v2", "mobilenetv2", "MobileNetV2()", [1, 3, 224, 224]),
    ("vgg16", "vgg", "vgg16()", [1, 3, 224, 224]),
    ("alexnet", "alexnet", "alexnet()", [1, 3, 224, 224]),
    ("squeezenet1_0", "squeezenet", "SqueezeNet()", [1, 3, 224, 224]),
    ("fire", "squeezenet", "Fire(96, 16, 64, 64)", [1, 96, 54, 54]),
    ("lenet", "lenet", "Net()", [1, 1, 32, 32]),
    ("unet", "unet.model", "UNet()", [1, 3, 572, 572]),
    ("dcgan_generator", "dcgan", "Generator(1)", [1, 100, 1, 1]),
    ("dcgan_discriminator", "dcgan", "Discriminator(1)", [1, 3, 64, 64]),
    ("resnet_generator", "cyclegan_generator", "ResnetGenerator()", [1, 3, 256, 256]),
    ("lenet_bug", "lenet_bug", "Net()", [1, 1, 32, 32]),
    # the DCGAN script with arguments: module-level nz/ngf come from argparse
    ("dcgan_generator_args", "dcgan", "Generator(1)", [2, 64, 1, 1], ["--nz", "64", "--ngf", "32"]),
]

# The totals PYTHON_CONTRACT.md and torchvision's model cards state; a fixture that misses them
# is not the architecture it names.
EXPECTED = {
    "vgg16": (138357544, 15470264320),
    "resnet18": (11689512, 1814073344),
    "mobilenet_v2": (3504872, 300774272),
    "alexnet": (61100840, 714188480),
    "resnet50": (25557032, None),
}


def import_fixture(name, args):
    """Imports a fixture afresh, as a module, with args as its script arguments."""
    saved = sys.argv
    sys.argv = [os.path.join(FIXTURES, name.replace(".", "/") + ".py")] + args
    sys.modules.pop(name, None)
    try:
        return importlib.import_module(name)
    finally:
        sys.argv = saved


def module_table(model, sites):
    """Every module once, in named_modules order, with where it was built."""
    rows = []
    for path, m in model.named_modules():
        stack = sites.of(m)
        rows.append(
            {
                "path": path,
                "class": type(m).__name__,
                "params": sum(p.numel() for p in m.parameters(recurse=False)),
                "config": config_of(m),
                "extra_repr": m.extra_repr(),
                "built_at": stack[0] if stack else None,
                "built_stack": stack,
            }
        )
    return rows


def run_model(model_id, module_name, expr, input_shape, args, files):
    with BuildSites(files) as sites:
        module = import_fixture(module_name, args)
        model = eval(compile(expr, "<build>", "eval"), vars(module))
    model.eval()
    calls = CallRecorder(model, sites, files)
    functional = FunctionalRecorder(files, calls)
    error = None
    output = None
    with torch.no_grad(), functional:
        try:
            output = model(torch.zeros(input_shape))
        except Exception as exc:  # the planted-bug fixture: PyTorch's own message is the truth
            error = error_record(exc, files)
    calls.remove()
    params = list(model.parameters())
    return {
        "id": model_id,
        "file": files.relative(module.__file__),
        "module": module_name,
        "args": args,
        "build": expr,
        "class": type(model).__name__,
        "input": input_shape,
        "output": list(output.shape) if output is not None else None,
        "total_params": sum(p.numel() for p in params),
        "trainable_params": sum(p.numel() for p in params if p.requires_grad),
        "total_macs": sum(c["macs"] or 0 for c in calls.calls),
        "error": error,
        "modules": module_table(model, sites),
        "calls": calls.calls,
        "functional": functional.records,
    }


def check_expected(entry):
    expected = EXPECTED.get(entry["id"])
    if expected is None:
        return
    params, macs = expected
    got = (entry["total_params"], entry["total_macs"] if macs is not None else None)
    if got != (params, macs):
        raise SystemExit(f"{entry['id']}: got params/MACs {got}, the architecture has {(params, macs)}")


RECORD_DEPTH = 4  # truth > models > model > its lists > their members


def dump(value, indent=0):
    """JSON with one record per line: a dict or list is written inline when it fits in 200
    characters or is a record (a member of a model's modules, calls or functional list), else
    one member per line. Keys keep their insertion order, so the output is
    deterministic."""
    inline = json.dumps(value, separators=(", ", ": "))
    if len(inline) <= 200 or indent >= RECORD_DEPTH or not isinstance(value, (dict, list)) or not value:
        return inline
    pad = " " * (indent + 1)
    if isinstance(value, dict):
        items = [f"{pad}{json.dumps(k)}: {dump(v, indent + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    items = [pad + dump(v, indent + 1) for v in value]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


def fixture_hashes():
    """sha256 of every fixture source, so that a test can tell when truth.json is stale."""
    out = {}
    for folder, dirs, names in sorted(os.walk(FIXTURES)):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                with open(path, "rb") as f:
                    out[os.path.relpath(path, FIXTURES).replace(os.sep, "/")] = hashlib.sha256(f.read()).hexdigest()
    return out


def main():
    torch.set_num_threads(1)  # a shared machine; the numbers don't depend on it
    files = FixtureFiles(FIXTURES)
    sys.path.insert(0, FIXTURES)
    models = []
    for model_id, module_name, expr, shape, *args in MODELS:
        entry = run_model(model_id, module_name, expr, shape, args[0] if args else [], files)
        check_expected(entry)
        print(
            f"{model_id:22s} params {entry['total_params']:>12,}  MACs {entry['total_macs']:>16,}  "
            f"calls {len(entry['calls']):4d}  functional {len(entry['functional']):3d}"
            + (f"  error {entry['error']['type']}" if entry["error"] else "")
        )
        models.append(entry)
    truth = {
        "generator": {
            "script": "scripts/models/ground_truth.py",
            "torch": torch.__version__,
            "torchvision": torchvision.__version__,
            "python": platform.python_version(),
        },
        "sources": fixture_hashes(),
        "models": models,
    }
    with open(OUTPUT, "w", encoding="utf-8") as f:
        f.write(dump(truth) + "\n")


if __name__ == "__main__":
    main()
