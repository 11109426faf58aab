class DomainError(Exception):
    """A rule of the inspection work refused an action; the message is shown to the user."""

    def __init__(self, message, *, code="invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


class TransitionError(DomainError):
    """A status change that the current status does not allow."""

    def __init__(self, message):
        super().__init__(message, code="invalid_transition")


class NotAllowed(DomainError):
    """The person is known but their role does not let them take this action."""

    def __init__(self, message):
        super().__init__(message, code="not_allowed")


class RecusalConflict(DomainError):
    """A person would inspect a unit they must recuse from; the office may override it."""

    def __init__(self, message, *, conflicts):
        super().__init__(message, code="recusal")
        self.conflicts = conflicts
