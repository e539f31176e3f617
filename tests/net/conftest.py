"""The `lab` fixture: a network lab (tests/net/netns.py) for one test, closed after it; when the
test fails, its report gets the lab's captures (decoded by tcpdump), relay counters and
process outputs, and says where the pcap files are (the test's tmp_path). And
`udp_echo_images`: examples/udp-echo's images, compiled once per session."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from tests.conftest import copy_example
from tests.net.echo import UdpEchoImages
from tests.net.netns import Lab, missing_tools, unavailable

LAB_KEY = pytest.StashKey[Lab]()

#: For network tests: skip where labs cannot run (not root, no /dev/net/tun), or where ping
#: or tcpdump are missing (./dev test and .ci/run install them).
requires_lab = pytest.mark.skipif(
    (unavailable() or missing_tools("ping", "tcpdump")) is not None,
    reason=str(unavailable() or missing_tools("ping", "tcpdump")))


@pytest.fixture
def lab(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Lab]:
    reason = unavailable() or missing_tools("ping", "tcpdump")
    if reason is not None:
        pytest.skip(reason)
    with Lab(tmp_path / "lab") as the_lab:
        request.node.stash[LAB_KEY] = the_lab
        yield the_lab


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item,
                              call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport,
                                                                        pytest.TestReport]:
    report = yield
    the_lab = item.stash.get(LAB_KEY, None)
    if report.failed and the_lab is not None and report.when in ("setup", "call"):
        report.sections.append(("lab", f"work directory (logs, pcaps): {the_lab.workdir}"))
        try:
            for title, text in the_lab.report():
                report.sections.append((title, text))
        except Exception as e:  # never hide the failure behind a reporting error
            report.sections.append(("lab report failed", repr(e)))
    return report


@pytest.fixture(scope="session")
def udp_echo_images(tmp_path_factory: pytest.TempPathFactory) -> UdpEchoImages:
    """examples/udp-echo copied once per session; each image compiled on first use."""
    return UdpEchoImages(copy_example("udp-echo", tmp_path_factory))
