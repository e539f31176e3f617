"""The hosted target: the platform ABI implemented in CPython, for development and tests."""
