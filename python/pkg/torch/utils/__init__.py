"""torch.utils: only what model files import."""
