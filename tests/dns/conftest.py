"""The network lab of tests/net (its `lab` fixture and failure reports) for the DNS tests."""

from tests.net.conftest import lab, pytest_runtest_makereport

__all__ = ["lab", "pytest_runtest_makereport"]
