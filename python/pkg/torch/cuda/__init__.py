"""torch.cuda: convbook runs on no GPU."""


def is_available():
    return False


def device_count():
    return 0
