"""What the end-to-end tests (tests/e2e) and the benchmarks (bench/) both drive: Jupyter servers, the notebook page, sockets, reliability probes, a local CDN and other hosts' environments.

Importable from the repository root (pytest's `pythonpath`, `bench/run.py`); it imports neither
`tests` nor `bench`.
"""
