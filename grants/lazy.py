"""A page's figures worked out only if a template asks for them (see templatetags/public_cache.py)."""

from collections.abc import Callable


def lazily(build: Callable[[], dict], names: tuple[str, ...]) -> dict:
    """A context whose `names` are worked out together by `build()` the first time a template reads
    any of them (Django's templates call what they are given), and never if none is read."""
    found: dict = {}

    def value(name):
        def read():
            if not found:
                found.update(build())
            return found[name]

        read.__name__ = name
        return read

    return {name: value(name) for name in names}
