"""torch.backends.cudnn flags (no effect)."""
benchmark = False
deterministic = False
enabled = False
