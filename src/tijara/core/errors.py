"""The one base of domain errors: a message in the user's language and the input field at fault.

Services raise these when a rule says no; pages show `message` next to `field`, the API answers
`{"message", "field"}` with `status`. Domain code never raises HTTP errors itself.
"""


class DomainError(Exception):
    code = "invalid"
    status = 400

    def __init__(self, message: object, field: str | None = None):
        super().__init__(str(message))
        self.message, self.field = str(message), field


class NotFound(DomainError):
    """Missing, or someone else's: both are answered the same way."""

    code = "not_found"
    status = 404
