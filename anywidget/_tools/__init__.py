"""Tools around the package: the command line, `doctor`, `create` with its templates, `types`.

May import every layer below; nothing imports it but `__main__`.
"""
