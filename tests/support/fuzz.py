"""How many examples a hypothesis test tries: all of them, or a few in the fast loop."""

from hypothesis import settings

# `make test-fast` asks for it (--hypothesis-profile=fast); `make test` and CI try every example.
settings.register_profile("fast", max_examples=10)


def examples(wanted):
    """`wanted` examples under the default profile; the fast profile's few under that one."""
    if settings.get_current_profile_name() == "fast":
        return settings.default.max_examples
    return wanted
