"""Input a rule cannot take. The rules speak no language: they raise `Invalid` with
a code and the values involved, and `text.invalid` says it in words."""


class Invalid(ValueError):
    """`code` names what is wrong; `params` holds the values the message needs."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(code, params)
