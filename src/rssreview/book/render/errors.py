"""The one exception the renderer raises, so callers can catch rendering problems apart from bugs."""


class RenderError(RuntimeError):
    """A chapter or the book cannot be rendered; the message names the file and the cause."""
