"""Device implementations, written over the platform ABI (pyrage.stdlib.platform).

The ABI is the same on every target, so one class serves all three: what differs per target is
the ABI's implementation (C in pyrage/runtime/<target>, CPython in impls/hosted). The device a
config.py names for each signature on each target is listed in pyrage/config/devices.py.
"""
