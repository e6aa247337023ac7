"""A result that displays through the renderer (its cell outputs) and prints as its text form."""


class Rich:
    def __init__(self, outputs):
        self._outputs = outputs

    def _convbook_display_(self):
        return self._outputs

    def _text(self):
        for output in self._outputs:
            for item in output.items:
                if item.mime == "text/plain":
                    return item.value
        return ""

    def __repr__(self):
        return self._text()
