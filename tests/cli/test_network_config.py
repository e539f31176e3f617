"""config.py's network devices: the composition root main.py applies (mirage-tcpip's), the
socket variant, boot arguments of devices, and `pyrage run --net` mappings."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

import pytest

from pyrage.cli import Unit, net_kind, nic_arguments
from pyrage.config.app import load_app
from pyrage.config.generate import generate_main, nic_names
from pyrage.errors import ConfigError, UsageError
from tests.conftest import EXAMPLES, run_pyrage


def test_udp_echo_main_applies_every_functor_in_dependency_order() -> None:
    main = generate_main(load_app(EXAMPLES / "udp-echo"), "unix")
    made = [line.split(" = ")[0].strip() for line in main.splitlines()
            if line.strip().startswith("dev_")]
    assert made == ["dev_console", "dev_network", "dev_ethernet", "dev_time", "dev_arp",
                    "dev_ipv4", "dev_icmpv4", "dev_udp", "dev_mclock", "dev_random", "dev_tcp",
                    "dev_stack"]
    assert "pyrage.functors.net.tcp.functor.Tcp(ip=dev_ipv4, time=dev_time, " \
           "clock=dev_mclock, random=dev_random)" in main
    assert "pyrage.functors.net.ipv4.Ipv4(eth=dev_ethernet, arp=dev_arp, ipv4=arg_ipv4, " \
           "ipv4_gateway=arg_ipv4_gateway)" in main
    assert "await dev_stack.connect()" in main
    assert "pyrage.stdlib.netargs.ipv4_prefix(boot, 'ipv4', '10.0.0.2/24'" in main


def test_socket_variant_uses_host_sockets_and_no_nic() -> None:
    app = load_app(EXAMPLES / "udp-echo")
    main = generate_main(app, "unix", "socket")
    assert "pyrage.impls.socket_stack.SocketStack(ipv4=arg_ipv4)" in main
    assert "Netif" not in main and "ipv4_gateway" not in main
    assert nic_names(app, "unix", "socket") == []
    assert nic_names(app, "unix") == ["service"]
    assert app.image("unix", "socket").name == "udp-echo-socket"
    assert app.build_dir("unix", "socket").name == "unix-socket"
    with pytest.raises(ConfigError, match="socket stack is not available on the virtio"):
        generate_main(app, "virtio", "socket")


def write_app(root: Path, config: str) -> Path:
    root.mkdir(parents=True)
    (root / "config.py").write_text(textwrap.dedent(config))
    (root / "unikernel.py").write_text("class Main:\n    pass\n")
    return root


def test_two_stacks_need_prefixed_arguments(tmp_path: Path) -> None:
    clash = write_app(tmp_path / "clash", """\
        import unikernel
        from pyrage.config import job, netif, stackv4
        job("two", unikernel.Main, a=stackv4(netif("a")), b=stackv4(netif("b")))
        """)
    with pytest.raises(ConfigError, match="boot argument 'ipv4' is declared twice"):
        generate_main(load_app(clash), "unix")
    ok = write_app(tmp_path / "ok", """\
        import unikernel
        from pyrage.config import job, netif, stackv4
        job("two", unikernel.Main, a=stackv4(netif("a")), b=stackv4(netif("b"), prefix="b"))
        """)
    app = load_app(ok)
    main = generate_main(app, "unix")
    assert "'b-ipv4-gateway'" in main and "dev_stack2" not in main
    assert nic_names(app, "unix") == ["a", "b"]
    # the prefixed arguments reach Ipv4 as its own parameters (a main.py that type-checks)
    assert "ipv4=arg_b_ipv4, ipv4_gateway=arg_b_ipv4_gateway" in main
    assert "ipv4=arg_ipv4, ipv4_gateway=arg_ipv4_gateway" in main


def test_two_prefixed_stacks_type_check(tmp_path: Path) -> None:
    root = write_app(tmp_path / "two", """\
        import unikernel
        from pyrage.config import job, netif, stackv4
        job("two", unikernel.Main, a=stackv4(netif("a")), b=stackv4(netif("b"), prefix="b"))
        """)
    (root / "unikernel.py").write_text(textwrap.dedent("""\
        from typing import Generic, TypeVar

        from pyrage.signatures.stack import STACK

        A = TypeVar("A", bound=STACK)
        B = TypeVar("B", bound=STACK)


        class Main(Generic[A, B]):
            def __init__(self, a: A, b: B) -> None:
                self.a, self.b = a, b

            async def start(self) -> None:
                pass
        """))
    result = run_pyrage("check", str(root))
    assert result.returncode == 0, result.stderr


def test_an_app_can_take_the_stacks_udp_layer(tmp_path: Path) -> None:
    root = write_app(tmp_path / "udp", """\
        import unikernel
        from pyrage.config import job, netif, stackv4
        stack = stackv4(netif())
        job("u", unikernel.Main, udp=stack.udp)
        """)
    main = generate_main(load_app(root), "unix")
    assert "dev_udp2 = dev_stack.udp" in main or "= dev_stack.udp" in main
    socket = generate_main(load_app(root), "hosted", "socket")
    assert "= dev_stack.udp" in socket


def test_bad_nic_names_are_config_errors(tmp_path: Path) -> None:
    root = write_app(tmp_path / "bad", """\
        import unikernel
        from pyrage.config import job, netif, stackv4
        job("b", unikernel.Main, s=stackv4(netif("Eth 0")))
        """)
    with pytest.raises(ConfigError, match="config.py:3: netif"):
        load_app(root)


def args(target: str, *net: str) -> argparse.Namespace:
    return argparse.Namespace(target=target, net=list(net))


def unit(*nics: str) -> Unit:
    return Unit("x", Path("main.py"), "main", [], Path("."), Path("."), nics=list(nics))


def test_run_net_mappings_become_platform_arguments() -> None:
    assert nic_arguments(args("unix", "tap7"), unit("service")) == ["--net:service=tap7"]
    assert nic_arguments(args("unix", "a=t1", "b=t2"), unit("a", "b")) == \
        ["--net:a=t1", "--net:b=t2"]
    assert nic_arguments(args("unix", "socket"), unit()) == []
    with pytest.raises(UsageError, match="say which"):
        nic_arguments(args("unix", "tap0"), unit("a", "b"))
    with pytest.raises(UsageError, match="no NIC 'c'"):
        nic_arguments(args("unix", "c=tap0"), unit("a"))
    with pytest.raises(UsageError, match="virtio"):
        nic_arguments(args("unix", "user"), unit("a"))
    assert net_kind(args("hosted", "socket")) == "socket"
    with pytest.raises(UsageError):
        net_kind(args("virtio", "socket"))


def test_cli_usage_errors_for_net_exit_2() -> None:
    result = run_pyrage("configure", str(EXAMPLES / "udp-echo"), "-t", "virtio", "--net",
                        "socket")
    assert result.returncode == 2
    assert "--net socket is for hosted and unix" in result.stderr
