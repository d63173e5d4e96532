"""The two ways the tax simulator can refuse to answer: bad input, or bad data files."""


class TaxInputError(ValueError):
    """An input the simulator cannot use; `field` names the input so callers can point at it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class TaxDataError(ValueError):
    """A tax data file is malformed or lacks a figure the rules need; fix the data, not the code."""
