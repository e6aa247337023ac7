"""Ground truth for convbook's torch.manual_seed / torch.rand / torch.randn: the float32 values
Debian's PyTorch (CPU generator, mt19937) draws, as bit patterns so the comparison is exact.

Run with /usr/bin/python3 (Debian's python3-torch), twice: ATEN_CPU_CAPABILITY=default
(PyTorch's portable kernels) writes test/fixtures/python/random_cases.json; without it (the AVX2
kernels, where the CPU has them) random_cases_avx2.json. Each case is a sequence of draws after
one manual_seed, so the generator's state carries over."""
import json
import os
import struct

import torch

CASES = [
    (0, [("randn", [1]), ("randn", [5]), ("randn", [16]), ("randn", [17])]),
    (0, [("randn", [1, 1, 12, 12])]),
    (1, [("randn", [1, 1, 8, 8]), ("rand", [5]), ("randn", [3, 7])]),
    (42, [("rand", [20]), ("randn", [2, 3]), ("randn", [40])]),
    (3, [("randn", [1, 1, 8, 8])]),
    (123456789, [("randn", [15]), ("rand", [1, 2, 3])]),
]


def bits(t):
    return [struct.unpack("<I", struct.pack("<f", v))[0] for v in t.flatten().tolist()]


def main():
    out = {"torch": torch.__version__, "cases": []}
    for seed, draws in CASES:
        torch.manual_seed(seed)
        out["cases"].append({"seed": seed, "draws": [{"fn": fn, "size": size, "bits": bits(getattr(torch, fn)(*size))} for fn, size in draws]})
    out["capability"] = os.environ.get("ATEN_CPU_CAPABILITY", "auto")
    name = "random_cases.json" if out["capability"] == "default" else "random_cases_avx2.json"
    path = os.path.join(os.path.dirname(__file__), "../../test/fixtures/python", name)
    with open(path, "w") as f:
        json.dump(out, f)
        f.write("\n")


if __name__ == "__main__":
    main()
