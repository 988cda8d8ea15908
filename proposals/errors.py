class WorkflowError(Exception):
    """A refused workflow step or invalid input, with a message a user can act on.

    Services raise only this; the admin turns it into a message or form error, the API into
    a 400 with `code`, `detail` and (when known) field errors.
    """

    def __init__(self, code: str, message: str, fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields or {}

    def __str__(self):
        return self.message
