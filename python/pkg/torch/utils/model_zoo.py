"""torch.utils.model_zoo: the older name of torch.hub's loader."""
from ..hub import load_state_dict_from_url

load_url = load_state_dict_from_url
