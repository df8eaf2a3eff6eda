"""Any object as a widget (`anywidget.experimental`): descriptor, connection, state sources, decorators.

May import `_core`, `_sources` and `_wire`.
"""
