"""RANDOM (pyrage/impls/random.py) and the platform's entropy (abi.h: pyrage_entropy).

- The DRBG against NIST's CAVP vectors (HMAC_DRBG.rsp, SHA-256) and against an independent
  HMAC_DRBG written here over hashlib and hmac (SP 800-90A Rev. 1, 10.1.2).
- The hosted device: a fresh seed per instance, n = 0, n < 0, a reseed from the platform.
- Compiled (tests/devices/random_program.py): a seeded Random prints the same bytes on unix and
  virtio as under CPython, and the platform's entropy differs between draws and boots; on unix
  getrandom(2) is checked through strace (partial reads, EINTR, ENOSYS's /dev/urandom, a
  failing source); on virtio RDRAND (what QEMU's TCG `-cpu max` has) and the weak jitter
  fallback of a CPU without RDSEED and RDRAND.
- config.py's random() passes a RANDOM to an app on every target.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pyrage.impls import random as impl
from pyrage.impls.hosted import platform as hosted_platform
from pyrage.impls.random import MAX_REQUEST, RESEED_INTERVAL, HmacDrbg, Random, hmac_sha256
from pyrage.launch import qemu
from pyrage.signatures import RANDOM
from pyrage.stdlib import platform
from pyrage.stdlib.rawbytes import RawBytes
from tests.conftest import ALL_TARGETS, compile_program, requires_qemu, run_pyrage

HERE = Path(__file__).resolve().parent
PROGRAM = HERE / "random_program.py"
APP = HERE / "random_app"


class ReferenceDrbg:
    """HMAC_DRBG-SHA-256 straight from SP 800-90A Rev. 1, 10.1.2.2-10.1.2.5, over hmac."""

    def __init__(self, seed_material: bytes) -> None:
        self.k = b"\x00" * 32
        self.v = b"\x01" * 32
        self.update(seed_material)

    def mac(self, data: bytes) -> bytes:
        return hmac.new(self.k, data, hashlib.sha256).digest()

    def update(self, provided: bytes) -> None:
        self.k = self.mac(self.v + b"\x00" + provided)
        self.v = self.mac(self.v)
        if provided:
            self.k = self.mac(self.v + b"\x01" + provided)
            self.v = self.mac(self.v)

    def reseed(self, entropy: bytes, additional: bytes = b"") -> None:
        self.update(entropy + additional)

    def generate(self, n: int, additional: bytes = b"") -> bytes:
        if additional:
            self.update(additional)
        out = b""
        while len(out) < n:
            self.v = self.mac(self.v)
            out += self.v
        self.update(additional)
        return out[:n]


# HMAC_DRBG.rsp, [SHA-256], PredictionResistance = False, 256-bit entropy, 128-bit nonce,
# 1024 returned bits: (entropy, nonce, personalization, reseed entropy, the second generate).
CAVP = [
    ("ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488",
     "659ba96c601dc69fc902940805ec0ca8", "", "",
     "e528e9abf2dece54d47c7e75e5fe302149f817ea9fb4bee6f4199697d04d5b89d54fbb978a15b5c443c9ec2103"
     "6d2460b6f73ebad0dc2aba6e624abf07745bc107694bb7547bb0995f70de25d6b29e2d3011bb19d27676c07162"
     "c8b5ccde0668961df86803482cb37ed6d5c0bb8d50cf1f50d476aa0458bdaba806f48be9dcb8"),
    ("79737479ba4e7642a221fcfd1b820b134e9e3540a35bb48ffae29c20f5418ea3",
     "3593259c092bef4129bc2c6c9e19f343", "", "",
     "cf5ad5984f9e43917aa9087380dac46e410ddc8a7731859c84e9d0f31bd43655b924159413e2293b17610f211e"
     "09f770f172b8fb693a35b85d3b9e5e63b1dc252ac0e115002e9bedfb4b5b6fd43f33b8e0eafb2d072e1a6fee1f"
     "159df9b51e6c8da737e60d5032dd30544ec51558c6f080bdbdab1de8a939e961e06b5f1aca37"),
    ("5cacc68165a2e2ee20812f35ec73a79dbf30fd475476ac0c44fc6174cdac2b55",
     "6f885496c1e63af620becd9e71ecb824",
     "e72dd8590d4ed5295515c35ed6199e9d211b8f069b3058caa6670b96ef1208d0", "",
     "f1012cf543f94533df27fedfbf58e5b79a3dc517a9c402bdbfc9a0c0f721f9d53faf4aafdc4b8f7a1b580fcaa5"
     "2338d4bd95f58966a243cdcd3f446ed4bc546d9f607b190dd69954450d16cd0e2d6437067d8b44d19a6af7a7cf"
     "a8794e5fbd728e8fb2f2e8db5dd4ff1aa275f35886098e80ff844886060da8b1e7137846b23b"),
    ("06032cd5eed33f39265f49ecb142c511da9aff2af71203bffaf34a9ca5bd9c0d",
     "0e66f71edc43e42a45ad3c6fc6cdc4df", "",
     "01920a4e669ed3a85ae8a33b35a74ad7fb2a6bb4cf395ce00334a9c9a5a5d552",
     "76fc79fe9b50beccc991a11b5635783a83536add03c157fb30645e611c2898bb2b1bc215000209208cd506cb28"
     "da2a51bdb03826aaf2bd2335d576d519160842e7158ad0949d1a9ec3e66ea1b1a064b005de914eac2e9d4f2d72"
     "a8616a80225422918250ff66a41bd2f864a6a38cc5b6499dc43f7f2bd09e1e0f8f5885935124"),
]


@pytest.mark.parametrize("entropy, nonce, personalization, reseed, expected", CAVP)
def test_cavp_vectors(entropy: str, nonce: str, personalization: str, reseed: str,
                      expected: str) -> None:
    for drbg in (HmacDrbg(bytes.fromhex(entropy), bytes.fromhex(nonce),
                          bytes.fromhex(personalization)),
                 ReferenceDrbg(bytes.fromhex(entropy + nonce + personalization))):
        if reseed:
            drbg.reseed(bytes.fromhex(reseed))
        drbg.generate(128)
        assert drbg.generate(128).hex() == expected


def test_hmac_sha256_is_rfc_2104() -> None:
    for key in (b"", b"k", bytes(range(32)), bytes(64), bytes(range(65)), b"x" * 200):
        for message in (b"", b"abc", bytes(range(256)) * 3):
            assert hmac_sha256(key, message) == hmac.new(key, message, hashlib.sha256).digest()


def test_matches_an_independent_implementation() -> None:
    for seed in (bytes(48), bytes(range(48)), b"\xff" * 48, b"short", bytes(range(200))):
        rng, ref = Random(seed), ReferenceDrbg(seed)
        for n in (0, 1, 7, 31, 32, 33, 64, 65, 1000, MAX_REQUEST):
            assert rng.generate(n) == ref.generate(n), (seed, n)
        # longer than one request: split into MAX_REQUEST pieces, each a request of its own
        assert rng.generate(2 * MAX_REQUEST + 5) == (ref.generate(MAX_REQUEST) +
                                                    ref.generate(MAX_REQUEST) + ref.generate(5))
        assert rng.u32() == int.from_bytes(ref.generate(4), "big")
    drbg, ref = HmacDrbg(b"e" * 32, b"n" * 16, b"p" * 7), ReferenceDrbg(b"e" * 32 + b"n" * 16 +
                                                                      b"p" * 7)
    for additional in (b"", b"a", b"additional input" * 5):
        assert drbg.generate(77, additional) == ref.generate(77, additional)
        drbg.reseed(b"r" * 32, additional)
        ref.reseed(b"r" * 32, additional)
    assert drbg.reseed_counter == 1


def test_drbg_requests_are_bounded() -> None:
    drbg = HmacDrbg(bytes(32))
    with pytest.raises(ValueError):
        drbg.generate(MAX_REQUEST + 1)
    with pytest.raises(ValueError):
        drbg.generate(-1)


def check_random(rng: RANDOM) -> None:
    """RANDOM's contract (pyrage/signatures/random.py), for any implementation."""
    assert rng.generate(0) == b""
    for n in (1, 16, 33, 100_000):
        assert len(rng.generate(n)) == n
    draws = {rng.generate(16) for _ in range(100)}
    assert len(draws) == 100
    with pytest.raises(ValueError):
        rng.generate(-1)
    with pytest.raises(ValueError):
        rng.generate(-(2**40))
    assert len(rng.generate(8)) == 8  # a refusal changes nothing


def test_hosted_device_keeps_the_contract() -> None:
    check_random(Random())
    check_random(Random(bytes(48)))


def test_hosted_instances_are_seeded_apart() -> None:
    assert len({Random().generate(32) for _ in range(20)}) == 20
    assert Random(b"seed").generate(32) == Random(b"seed").generate(32)
    assert not Random().deterministic and Random(b"").deterministic


def test_seeding_draws_48_bytes_and_reseeding_32(monkeypatch: pytest.MonkeyPatch) -> None:
    draws: list[int] = []

    def entropy(into: RawBytes, offset: int, size: int) -> int:
        draws.append(size)
        into._data[offset:offset + size] = bytes(range(size))
        return 0

    monkeypatch.setattr(hosted_platform, "entropy", entropy)
    rng = Random()
    assert draws == [48]
    assert rng.generate(16) == Random(bytes(range(48))).generate(16)
    rng._drbg.reseed_counter = RESEED_INTERVAL
    rng.generate(16)
    assert draws == [48]  # the counter passes the interval only after this request
    twin = ReferenceDrbg(bytes(range(48)))
    twin.generate(16)
    twin.generate(16)
    twin.reseed(bytes(range(32)))
    assert rng.generate(16) == twin.generate(16) and draws == [48, 32]
    assert rng._drbg.reseed_counter == 2
    seeded = Random(bytes(48))
    seeded._drbg.reseed_counter = RESEED_INTERVAL + 5
    seeded.generate(16)
    assert draws == [48, 32]  # a seeded generator never asks the platform


def test_a_failing_source_stops_seeding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hosted_platform, "entropy", lambda into, offset, size: -3)
    with pytest.raises(RuntimeError, match="entropy source failed"):
        Random()


def test_hosted_platform_entropy() -> None:
    raw = RawBytes(64)
    assert platform.entropy(raw, 0, 64) == 0
    first = raw.to_bytes(0, 64)
    assert platform.entropy(raw, 0, 64) == 0 and raw.to_bytes(0, 64) != first
    assert platform.entropy(raw, 60, 5) == -2 and platform.entropy(raw, -1, 1) == -2
    assert platform.entropy(raw, 64, 0) == 0
    assert platform.entropy_source() == platform.ENTROPY_OS


def test_randbelow() -> None:
    rng = Random(bytes(48))
    counts = [0] * 6
    for _ in range(6000):
        counts[rng.randbelow(6)] += 1
    assert all(800 < c < 1200 for c in counts), counts
    assert rng.randbelow(1) == 0 and 0 <= rng.randbelow(1 << 32) < 1 << 32
    for bad in (0, -1, (1 << 32) + 1):
        with pytest.raises(ValueError):
            rng.randbelow(bad)


def test_the_module_names_its_constants() -> None:
    assert impl.SEED_SIZE == 48 and impl.OUTLEN == 32 and RESEED_INTERVAL == 1 << 20


# --- compiled -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("random")
    source = work / PROGRAM.name  # a copy: the build directory goes beside it
    shutil.copy(PROGRAM, source)
    return source


@pytest.fixture(scope="module")
def cpython(program: Path) -> str:
    return subprocess.run([sys.executable, str(program)], capture_output=True, text=True,
                          check=True, cwd=program.parent, timeout=300).stdout


def split(out: str) -> tuple[str, dict[str, list[str]]]:
    """The deterministic part, and the platform part's lines by their first word."""
    fixed, _, rest = out.partition("== platform\n")
    fields: dict[str, list[str]] = {}
    for line in rest.splitlines():
        word, _, value = line.partition(" ")
        fields.setdefault(word, []).append(value)
    return fixed, fields


def check_platform_part(fields: dict[str, list[str]]) -> None:
    assert fields["entropy"] == ["0"] and fields["bad-range"] == ["-2 -2"]
    head, tail = fields["head"][0], fields["tail"][0]
    assert head != tail and head != "00" * 32 and tail != "00" * 32
    first, second = fields["random"]
    assert first != second


def test_cpython_output(cpython: str) -> None:
    fixed, fields = split(cpython)
    assert f"cavp no reseed {CAVP[0][4]}" in fixed and f"cavp reseed {CAVP[3][4]}" in fixed
    assert "ValueError cannot generate a negative number of bytes (-1)" in fixed
    expected_hmac = hmac.new(b"key", b"The quick brown fox jumps over the lazy dog",
                             hashlib.sha256).hexdigest()
    assert f"hmac {expected_hmac}" in fixed
    reference = ReferenceDrbg(bytes(range(48)))
    assert reference.generate(0) == b""  # the program's first request, which moves the state
    assert f"generate 1 {reference.generate(1).hex()}" in fixed
    assert fields["source"] == ["1"]
    check_platform_part(fields)


@pytest.fixture(scope="module")
def unix_image(program: Path) -> Path:
    return compile_program(program, "unix")


def run_unix(image: Path, *args: str, strace: list[str] | None = None
             ) -> subprocess.CompletedProcess[str]:
    """The image, under strace when given its options (the log: strace_log(image))."""
    argv = [*(["strace", "-f", "-o", str(strace_log(image)), *strace] if strace else []),
            str(image), *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=300)


def strace_log(image: Path) -> Path:
    return image.parent / "strace.log"


def test_unix_matches_cpython(unix_image: Path, cpython: str) -> None:
    runs = [run_unix(unix_image) for _ in range(2)]
    for run in runs:
        assert run.returncode == 0, run.stderr
        fixed, fields = split(run.stdout)
        assert fixed == split(cpython)[0]
        assert fields["source"] == [str(platform.ENTROPY_OS)]
        check_platform_part(fields)
    assert split(runs[0].stdout)[1]["head"] != split(runs[1].stdout)[1]["head"]


requires_strace = pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")


def traced(image: Path, trace: str, inject: str = "", size: int = 64
           ) -> tuple[dict[str, list[str]], list[str]]:
    """Run the image under strace (tracing `trace`, injecting `inject`), drawing size bytes:
    the platform part of its output, checked, and the strace log's lines."""
    options = ["-e", f"trace={trace}", *(["-e", f"inject={inject}"] if inject else [])]
    run = run_unix(image, str(size), strace=options)
    assert run.returncode == 0, run.stderr
    fields = split(run.stdout)[1]
    check_platform_part(fields)
    return fields, strace_log(image).read_text().splitlines()


def getrandom_sizes(log: list[str]) -> list[tuple[int, int]]:
    """(bytes asked, bytes given) of each getrandom(2) call in the strace log."""
    found = (re.search(r"getrandom\(.*, (\d+), 0\)\s+= (\d+)", line) for line in log)
    return [(int(m.group(1)), int(m.group(2))) for m in found if m]


@requires_strace
def test_unix_getrandom_partial_reads(unix_image: Path) -> None:
    # A short count (the kernel gives one after a signal, and older kernels at most 32 MiB - 1
    # bytes a call): the injected first call "gives" 16 bytes, which stay as they were (zero),
    # and the next call is for the other 48.
    fields, log = traced(unix_image, "getrandom", "getrandom:retval=16:when=1")
    assert getrandom_sizes(log)[:2] == [(64, 16), (48, 48)]
    assert fields["head"][0].startswith("00" * 16) and fields["head"][0] != "00" * 32


@requires_strace
def test_unix_large_request(unix_image: Path) -> None:
    size = 40_000_000
    _, log = traced(unix_image, "getrandom", size=size)
    big = [(want, got) for want, got in getrandom_sizes(log) if want > 64]
    assert big[0][0] == size and sum(got for _, got in big) == size, big


@requires_strace
def test_unix_getrandom_interrupted(unix_image: Path) -> None:
    _, log = traced(unix_image, "getrandom", "getrandom:error=EINTR:when=1..3")
    assert sum("EINTR" in line and "INJECTED" in line for line in log) == 3, log


@requires_strace
def test_unix_without_getrandom_reads_dev_urandom(unix_image: Path) -> None:
    _, log = traced(unix_image, "getrandom,open", "getrandom:error=ENOSYS")
    assert any("ENOSYS" in line for line in log)
    assert any(line.split(maxsplit=1)[-1].startswith('open("/dev/urandom"') for line in log)


@requires_strace
def test_unix_failing_source_is_an_error(unix_image: Path) -> None:
    run = run_unix(unix_image, strace=["-e", "trace=getrandom",
                                       "-e", "inject=getrandom:error=EIO"])
    assert run.returncode == 1
    fields = split(run.stdout)[1]
    assert fields["entropy"] == ["-3"] and "random" not in fields
    assert "RuntimeError: the platform's entropy source failed" in run.stderr


@pytest.fixture(scope="module")
def virtio_image(program: Path) -> Path:
    return compile_program(program, "virtio")


def boot(image: Path, cpu: str = "max") -> str:
    cmd = qemu.qemu_command(image, accel="tcg")
    cmd[cmd.index("-cpu") + 1] = cpu
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=120)
    assert qemu.decode_exit_status(proc.returncode, proc.stderr) == 0, proc.stdout + proc.stderr
    return proc.stdout


WEAK_WARNING = ("pyrage: warning: this CPU has neither RDSEED nor RDRAND: entropy comes from "
                "TSC timing jitter, which is weak")


@pytest.mark.qemu
@requires_qemu
def test_virtio_matches_cpython(virtio_image: Path, cpython: str) -> None:
    outs = [boot(virtio_image) for _ in range(2)]
    for out in outs:
        fixed, fields = split(out)
        assert fixed == split(cpython)[0]
        # QEMU's TCG `-cpu max` has RDRAND (answered from the host's getrandom) but no RDSEED
        assert fields["source"][0] in (str(platform.ENTROPY_RDSEED), str(platform.ENTROPY_RDRAND))
        assert WEAK_WARNING not in out
        check_platform_part(fields)
    assert split(outs[0])[1]["head"] != split(outs[1])[1]["head"]


@pytest.mark.qemu
@requires_qemu
def test_virtio_without_rdrand_falls_back_loudly(virtio_image: Path, cpython: str) -> None:
    outs = [boot(virtio_image, "max,-rdrand,-rdseed") for _ in range(2)]
    for out in outs:
        fixed, fields = split(out)
        assert fixed == split(cpython)[0]
        assert fields["source"] == [str(platform.ENTROPY_JITTER)]
        assert out.count(WEAK_WARNING) == 1  # once, at the first draw
        fields.pop("pyrage:")
        check_platform_part(fields)
    assert split(outs[0])[1]["head"] != split(outs[1])[1]["head"]


@pytest.mark.parametrize("target", ALL_TARGETS)
def test_config_passes_a_random_device(target: str, tmp_path: Path) -> None:
    app = tmp_path / "random_app"
    shutil.copytree(APP, app, ignore=shutil.ignore_patterns("_build", "dist", "__pycache__"))
    runs = [run_pyrage("run", str(app), "-t", target, timeout=600) for _ in range(2)]
    for run in runs:
        assert run.returncode == 0, run.stderr[-3000:]
        lines = run.stdout.splitlines()
        assert lines[:3] == ["sizes 16 16 0", "distinct True", "negative refused"]
    assert runs[0].stdout != runs[1].stdout
    main = (app / "_build" / target / "main.py").read_text()
    assert "pyrage.impls.random.Random()" in main
