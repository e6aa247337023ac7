import torch
import torch.nn as nn

# input: (1, 64, 56, 56)
conv = nn.Conv2d(64, 128, 3, stride=2, padding=1)
