"""The kernel side of a widget model: its endpoint on the comm, the module store, state and references.

May import `_wire` and `_sources`; never the experimental object API above it.
"""
