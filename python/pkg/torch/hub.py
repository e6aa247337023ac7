"""torch.hub: model files import its loader; convbook downloads nothing, so calling it says so."""


def load_state_dict_from_url(url, model_dir=None, map_location=None, progress=True, check_hash=False, file_name=None, weights_only=False):
    raise RuntimeError(f"convbook does not download weights (load_state_dict_from_url({url!r})): build the model without pretrained weights")


def load(*args, **kwargs):
    raise RuntimeError("convbook does not download models (torch.hub.load)")
