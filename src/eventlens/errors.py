"""The eventlens exception hierarchy: the CLI turns each into one line and an exit code."""


class EventlensError(Exception):
    """Base of every error eventlens raises on purpose."""

    exit_code = 1


class InputError(EventlensError):
    """An input cannot be read: empty, binary, undecodable, too large, unreachable, refused."""

    exit_code = 2

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self):
        # Pickled by its fields (the worker processes send failed documents back as errors).
        return type(self), (self.source, self.reason)


class DataError(EventlensError):
    """A data file shipped with or given to eventlens (KB, lexicon, gazetteer) is invalid."""

    exit_code = 3


class StoreError(EventlensError):
    """The database cannot be opened, migrated or written."""

    exit_code = 4


class UsageError(EventlensError):
    """An option's value is invalid (out of range, not a number, not a date)."""

    exit_code = 2


class OutputError(EventlensError):
    """Output cannot be written: a full disk, no permission, a missing folder."""

    exit_code = 4
