"""dtypes and devices. convbook computes in float32; the others are names that code can pass around."""
import builtins


class dtype:
    def __init__(self, name, is_floating_point=True):
        self._name = name
        self.is_floating_point = is_floating_point

    def __repr__(self):
        return f"torch.{self._name}"


float32 = float = dtype("float32")
float64 = double = dtype("float64")
float16 = half = dtype("float16")
bfloat16 = dtype("bfloat16")
int64 = long = dtype("int64", False)
int32 = int = dtype("int32", False)
uint8 = dtype("uint8", False)
bool = dtype("bool", False)


class device:
    def __init__(self, type="cpu", index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        if ":" in str(type):
            type, _, idx = str(type).partition(":")
            index = builtins.int(idx)
        self.type = str(type)
        self.index = index

    def __repr__(self):
        return f"device(type='{self.type}')" if self.index is None else f"device(type='{self.type}', index={self.index})"

    def __eq__(self, other):
        return isinstance(other, device) and other.type == self.type
