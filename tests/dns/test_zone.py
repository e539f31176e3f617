"""pyrage/dns/zone.py: the lexer's entries, TTLs, a realistic zone read as dnspython and NSD
read it, every error with its file:line, the accept/refuse decision of `nsd-checkzone` on
tricky inputs (and the few places where it differs on purpose), and the parser compiled for
unix printing what CPython prints (tests/dns/zone_app.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import dns.name
import dns.rdatatype
import dns.zone
import pytest

from pyrage.dns.name import Name
from pyrage.dns.rdata import CNAME, NS, SOA
from pyrage.dns.zone import DEFAULT_TTL, MAX_TTL, ZoneError, parse_zone, tokenize, ttl_of_text
from tests.conftest import compile_program
from tests.dns.zone_app import ERRORS, HEAD, REALISTIC, REALISTIC_RECORDS

CHECKZONE = shutil.which("nsd-checkzone") or (
    "/usr/sbin/nsd-checkzone" if Path("/usr/sbin/nsd-checkzone").exists() else None)
requires_checkzone = pytest.mark.skipif(CHECKZONE is None,
                                        reason="nsd-checkzone is not installed")
ORG = Name.of_text("example.org.")
COM = Name.of_text("example.com.")
SERVER_ZONES = sorted((Path(__file__).parent / "zones").glob("*.zone"))


def entries(text: str) -> list[tuple[int, bool, list[str]]]:
    return [(e.line, e.indented, e.tokens) for e in tokenize(text, "t.zone")]


def texts(text: str, origin: Name = COM) -> list[str]:
    return [r.to_text() for r in parse_zone(text, origin, "t.zone")]


# --- the lexer ----------------------------------------------------------------------------------


def test_fields_comments_and_blank_lines() -> None:
    text = "; a comment\n\n   \n\t; indented comment\nwww  300\tIN A 192.0.2.1 ; trailing\n"
    assert entries(text) == [(5, False, ["www", "300", "IN", "A", "192.0.2.1"])]


def test_parentheses_span_lines_and_the_entry_starts_at_its_first_field() -> None:
    text = "@ SOA ns1 host (\n  1 ; serial\n\n  2 3 4 5 )\n a A 192.0.2.1\n"
    assert entries(text) == [
        (1, False, ["@", "SOA", "ns1", "host", "1", "2", "3", "4", "5"]),
        (5, True, ["a", "A", "192.0.2.1"]),
    ]
    # parentheses separate fields, anywhere outside quotes
    assert entries("a TXT x(y)z\n")[0][2] == ["a", "TXT", "x", "y", "z"]
    # a line that starts with whitespace inside parentheses is not a new entry
    assert entries("a TXT (\n  b\n  c )\n  TXT d\n") == [
        (1, False, ["a", "TXT", "b", "c"]), (4, True, ["TXT", "d"])]


def test_quoted_strings_keep_their_quotes_and_escapes() -> None:
    text = r'a TXT "hello \"world\"" "semi;colon (paren)" "" "back\\" "tab	in"' + "\n"
    assert entries(text)[0][2] == ["a", "TXT", r'"hello \"world\""', '"semi;colon (paren)"',
                                   '""', r'"back\\"', '"tab\tin"']
    # a quote ends a word and a closing quote ends the string (as NSD reads them)
    assert entries('a TXT "abc"def ghi"jkl"\n')[0][2] == ["a", "TXT", '"abc"', "def", "ghi",
                                                          '"jkl"']


def test_escapes_in_words_are_kept_undecoded() -> None:
    text = r"a\.b TXT x\032y \;not\(a\)comment \"q \\" + "\n"
    assert entries(text)[0][2] == [r"a\.b", "TXT", r"x\032y", r"\;not\(a\)comment", r"\"q",
                                   "\\\\"]


def test_crlf_and_no_newline_at_the_end() -> None:
    assert entries("a A 192.0.2.1\r\n b AAAA ::1\r\n\r\nc TXT \"x\"") == [
        (1, False, ["a", "A", "192.0.2.1"]), (2, True, ["b", "AAAA", "::1"]),
        (4, False, ["c", "TXT", '"x"'])]


def test_non_ascii_text_is_kept() -> None:
    assert entries('ünï TXT "ünï"')[0][2] == ["ünï", "TXT", '"ünï"']


@pytest.mark.parametrize("text, message", [
    ('a TXT "abc\n"', "t.zone:1: unterminated quoted string (it must end on its line)"),
    ('\n\na TXT "abc', "t.zone:3: unterminated quoted string (it must end on its line)"),
    ("a TXT (\n\nb\n", "t.zone:1: unterminated parenthesis"),
    ("a TXT (\n(", "t.zone:2: nested parentheses"),
    ("a TXT )", "t.zone:1: ')' without '('"),
    ("a TXT b\\\r\n", "t.zone:1: a backslash at the end of a line"),
    ('a TXT "b\\', "t.zone:1: a backslash at the end of a line"),
])
def test_lexer_errors(text: str, message: str) -> None:
    with pytest.raises(ZoneError) as e:
        tokenize(text, "t.zone")
    assert str(e.value) == message


# --- TTLs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, seconds", [
    ("0", 0), ("300", 300), ("0300", 300), ("1h30m", 5400), ("2w", 1209600), ("1D", 86400),
    ("1w1d1h1m1s", 694861), ("1h30", 3630), ("1h1h", 7200), ("30M", 1800),
    (str(MAX_TTL), MAX_TTL), ("3550w", 3550 * 604800),
])
def test_ttl_of_text(text: str, seconds: int) -> None:
    assert ttl_of_text(text) == seconds


@pytest.mark.parametrize("text", ["", "h", "1x", "1hh", "-1", "+1", "1.5", "1 h", "١"])
def test_bad_ttls(text: str) -> None:
    with pytest.raises(ValueError, match="bad TTL"):
        ttl_of_text(text)


@pytest.mark.parametrize("text", [str(MAX_TTL + 1), "3551w", "99999999999999999999999999",
                                  "2147483647s1s", "4294967296"])
def test_ttls_out_of_range(text: str) -> None:
    with pytest.raises(ValueError, match="out of range"):
        ttl_of_text(text)


def test_default_ttls() -> None:
    soa = "@ SOA ns1 host 1 2 3 4 5\n"
    # neither $TTL nor any TTL before: NSD's 3600 (not the SOA minimum, as BIND would)
    assert [t.split()[1] for t in texts(soa + "a A 192.0.2.1\n")] == [str(DEFAULT_TTL)] * 2
    # no $TTL: the last TTL given (RFC 1035 5.1)
    assert [t.split()[1] for t in texts("@ 500 " + soa[2:] + "a A 192.0.2.1\n"
                                        "b 60 A 192.0.2.2\nc A 192.0.2.3\n")] == \
        ["500", "500", "60", "60"]
    # $TTL wins over a TTL given before, from where it is on (RFC 2308 4)
    assert [t.split()[1] for t in texts("@ 500 " + soa[2:] + "a A 192.0.2.1\n$TTL 1m\n"
                                        "b 60 A 192.0.2.2\nc A 192.0.2.3\n$TTL 2m\n"
                                        "d A 192.0.2.4\n")] == ["500", "500", "60", "60", "120"]


# --- what a zone reads as -----------------------------------------------------------------------


def ours(text: str, origin: Name) -> list[tuple[str, int, int, bytes]]:
    """Each record as (lower-case owner, type, TTL, canonical wire rdata), sorted."""
    return sorted((r.name.key(), r.rtype, r.ttl, r.rdata.canonical())
                  for r in parse_zone(text, origin, "t.zone"))


def dnspythons(zone: dns.zone.Zone) -> list[tuple[str, int, int, bytes]]:
    return sorted((name.to_text().lower(), int(rdataset.rdtype), rdataset.ttl,
                   rdata.to_digestable())
                  for name, rdataset in zone.iterate_rdatasets() for rdata in rdataset)


def test_realistic_zone_in_file_order() -> None:
    assert "\n".join(texts(REALISTIC, ORG)) + "\n" == REALISTIC_RECORDS
    records = parse_zone(REALISTIC, ORG, "realistic.zone")
    assert records[0].rtype == SOA and records[1].rtype == NS
    assert all(r.name.is_subdomain_of(ORG) and r.rclass == 1 for r in records)


def test_realistic_zone_as_dnspython_reads_it() -> None:
    theirs = dns.zone.from_text(REALISTIC, "example.org.", relativize=False)
    assert ours(REALISTIC, ORG) == dnspythons(theirs)


def test_realistic_zone_with_crlf_and_no_final_newline() -> None:
    crlf = REALISTIC.replace("\n", "\r\n").rstrip()
    assert texts(crlf, ORG) == texts(REALISTIC, ORG)


@requires_checkzone
def test_realistic_zone_as_nsd_reads_it(tmp_path: Path) -> None:
    """nsd-checkzone -p prints the zone as NSD parsed it: the same records."""
    path = tmp_path / "realistic.zone"
    path.write_text(REALISTIC, encoding="utf-8")
    out = subprocess.run([str(CHECKZONE), "-p", "example.org", str(path)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    printed = dns.zone.from_text(out.stdout, "example.org.", relativize=False)
    assert ours(REALISTIC, ORG) == dnspythons(printed)


@pytest.mark.parametrize("path", SERVER_ZONES, ids=[p.name for p in SERVER_ZONES])
def test_the_server_tests_zones_as_dnspython_reads_them(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    origin = path.name[:-len(".zone")] + "."
    theirs = dns.zone.from_text(text, origin, relativize=False)
    assert ours(text, Name.of_text(origin)) == dnspythons(theirs)


def test_relative_origin_as_dnspython_reads_it() -> None:
    text = ("$TTL 300\n@ SOA ns1 host 1 2 3 4 5\n NS ns1\nns1 A 192.0.2.1\n$ORIGIN sub\n"
            "x A 192.0.2.2\n@ MX 10 x\n$ORIGIN deeper\ny CNAME @\n$ORIGIN example.com.\n"
            "z A 192.0.2.3\n")
    theirs = dns.zone.from_text(text, "example.com.", relativize=False)
    assert ours(text, COM) == dnspythons(theirs)
    assert texts(text)[-2] == "y.deeper.sub.example.com. 300 IN CNAME deeper.sub.example.com."


def test_blank_owner_is_the_previous_owner_across_directives() -> None:
    text = "$TTL 300\n@ SOA ns1 host 1 2 3 4 5\nwww A 192.0.2.1\n$ORIGIN sub.example.com.\n" \
           "$TTL 60\n AAAA ::1\n"
    assert texts(text)[-1] == "www.example.com. 60 IN AAAA ::1"


def test_types_and_classes_in_any_case_and_by_number() -> None:
    text = HEAD + "a in a 192.0.2.1\nb CLASS1 TYPE1 192.0.2.2\nc 60 In Aaaa ::1\n" \
                  "d TYPE16 \\# 4 03616263\n"
    assert texts(text)[3:] == ["a.example.com. 300 IN A 192.0.2.1",
                               "b.example.com. 300 IN A 192.0.2.2",
                               "c.example.com. 60 IN AAAA ::1",
                               'd.example.com. 300 IN TXT "abc"']


def test_duplicates_are_dropped() -> None:
    text = HEAD + "a A 192.0.2.1\na A 192.0.2.1\nb CNAME ns1\nb CNAME NS1.example.COM.\n" \
                  "c 60 TXT x\nc 70 TXT \"x\"\n"
    got = texts(text)
    assert got[3:] == ["a.example.com. 300 IN A 192.0.2.1",
                       "b.example.com. 300 IN CNAME ns1.example.com.",
                       'c.example.com. 60 IN TXT "x"']
    many = HEAD + "".join(f"m A 192.0.2.{i}\n" for i in range(40)) + \
        "".join(f"m A 192.0.2.{i}\n" for i in range(40))
    assert len(parse_zone(many, COM, "t.zone")) == 3 + 40


def test_dnssec_records_may_stand_beside_a_cname() -> None:
    rrsig = ("\\# 34 0001 08 02 0000012c 5f5e1000 5e0c7f00 04d2 076578616d706c6503636f6d00 "
             "000000")
    text = HEAD + f"www CNAME ns1\nwww RRSIG {rrsig}\nwww NSEC \\# 1 00\nwww NSEC3 \\# 1 00\n"
    assert [r.rtype for r in parse_zone(text, COM, "t.zone")][3:] == [CNAME, 46, 47, 50]


def test_dname_beside_other_data_and_names_beside_it() -> None:
    text = HEAD + "old DNAME \\# 1 00\nold A 192.0.2.1\nolder A 192.0.2.2\nx.old2 A 192.0.2.3\n"
    assert len(parse_zone(text, COM, "t.zone")) == 7


def test_wildcards_and_escaped_owners() -> None:
    text = HEAD + "* A 192.0.2.1\n*.a A 192.0.2.2\na\\.b\\032c A 192.0.2.3\n\\042 A 192.0.2.4\n"
    records = parse_zone(text, COM, "t.zone")
    assert [r.name.labels for r in records[3:]] == [
        [b"*", b"example", b"com"], [b"*", b"a", b"example", b"com"],
        [b"a.b c", b"example", b"com"], [b"*", b"example", b"com"]]
    assert records[3].name.is_wildcard()


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, message", ERRORS, ids=[m.split(": ", 1)[1][:50]
                                                       for _, m in ERRORS])
def test_errors(text: str, message: str) -> None:
    with pytest.raises(ZoneError) as e:
        parse_zone(text, COM, "example.zone")
    assert str(e.value) == message
    assert e.value.file == "example.zone"
    assert f"example.zone:{e.value.line}: {e.value.reason}" == message


def test_the_first_error_wins() -> None:
    with pytest.raises(ZoneError, match=r"^e.zone:5: unknown type 'AAA'$"):
        parse_zone(HEAD + "a AAA x\nb A 1\nc CNAME\n", COM, "e.zone")


# --- against nsd-checkzone ----------------------------------------------------------------------

#: Zones (HEAD + what follows) on which NSD 4.6 and zone.py must take the same decision.
AGREE = [
    # accepted
    "www A 192.0.2.1", "www 1h30m IN A 192.0.2.1", "www IN 1h30m A 192.0.2.1",
    "www 1h30 A 192.0.2.1", "www 2W A 192.0.2.1", "www 2147483647 A 192.0.2.1",
    "www 0 A 192.0.2.1", "www in a 192.0.2.1", "www CLASS1 TYPE1 192.0.2.1",
    "www A \\# 4 c0000201", "www TYPE65534 \\# 0", "www TYPE65534 \\# 3 01 0203",
    "www TXT a(b)c", 'www TXT "abc"def', 'www TXT abc"def"', 'www TXT "a;b" c\\;d ; e',
    "www TXT ( a\n b\n c )", 'www\tTXT\t"tab"', "www TXT a\\032b", '@ TXT "\\"quoted\\""',
    "www A 192.0.2.1\nwww A 192.0.2.1", "www CNAME ns1\nwww CNAME NS1",
    "www CNAME ns1\nwww NSEC \\# 1 00",
    "www CNAME ns1\nwww RRSIG \\# 34 0001 08 02 0000012c 5f5e1000 5e0c7f00 04d2 "
    "076578616d706c6503636f6d00 000000",
    "sub NS ns.sub\nns.sub A 192.0.2.2\nsub NS ns.example.net.", "*.wild A 192.0.2.1",
    "a\\.b A 192.0.2.1", "$ORIGIN sub.example.com.\nx A 192.0.2.1\n@ MX 10 x",
    "$ttl 600\nwww A 192.0.2.1", "\n\n; only comments\n   \n\t\n",
    "www A 192.0.2.1 ; no newline at the end", "www MX ( 10\n  mail )",
    "old DNAME \\# 1 00\nold A 192.0.2.1", "b" * 63 + ".c.d A 192.0.2.1",
    "$ORIGIN .\nx.example.com. A 192.0.2.1", "www A 192.0.2.1\r\nftp A 192.0.2.2\r\n",
    'www CAA 0 issue "ca.example"', "_s._tcp SRV 0 0 53 ns1", 'www TXT ""', "1.2 PTR ns1",
    "www MX 10 .", "www A 192.0.2.1\nwww 60 A 192.0.2.2",
    # refused
    "www AAA 192.0.2.1", "www A 192.0.2.400", "www MX mail", "www CH A 192.0.2.1",
    "www 1x A 192.0.2.1", "www 300 1h A 192.0.2.1", "www IN in A 192.0.2.1", "www",
    "a" * 64 + " A 192.0.2.1", ".".join(["b" * 63] * 4) + " A 192.0.2.1",
    "www CNAME " + "a" * 64, 'www TXT "abc', "www A 192.0.2.1 )",
    "www SOA ( ns1 host ( 1 2 3 4 5 ) )", "$INCLUDE other.zone",
    "$GENERATE 1-3 a$ A 192.0.2.$", "$FOO bar", "$TTL abc", "www.example.net. A 192.0.2.1",
    "$ORIGIN example.net.\nx A 192.0.2.1", "www CNAME ns1\nwww A 192.0.2.1",
    "www A 192.0.2.1\nwww CNAME ns1", "www CNAME ns1\nwww CNAME ns2", "@ CNAME ns1",
    "old DNAME \\# 1 00\nold DNAME \\# 2 0100", "old DNAME \\# 1 00\nold CNAME ns1",
    "old DNAME \\# 1 00\nx.old A 192.0.2.1", "@ SOA ns1 host 2 2 3 4 5",
    "www SOA ns1 host 1 2 3 4 5", 'www TXT "' + "x" * 256 + '"', "www A",
    "www A 192.0.2.1 192.0.2.2", "www AAAA 2001:db8::g", "www A \\# 3 c00002",
]

#: Zones on which zone.py decides otherwise than NSD 4.6, on purpose: (zone, accepted here,
#: why).
DIFFER = [
    (HEAD + "$ORIGIN sub\nx A 192.0.2.1", True,
     "a relative $ORIGIN is relative to the current origin (RFC 1035 5.1, BIND, dnspython); "
     "NSD 4.6 requires an absolute name"),
    ("www A 192.0.2.1\n@ SOA ns1 host 1 2 3 4 5\n@ NS ns1\n", False,
     "a zone starts with its SOA; NSD takes the SOA from anywhere in the file"),
    (HEAD + "www 2147483648 A 192.0.2.1", False,
     "a TTL is 0 to 2**31 - 1 (RFC 2181 8); NSD loads it and serves the record with 3600"),
    (HEAD + "www A ( 192.0.2.1", False,
     "a parenthesis still open at the end of the file; NSD closes it silently"),
    (HEAD + 'www TXT "multi\nline"', False,
     "a quoted string ends on its line (as BIND and dnspython); NSD takes the newline in"),
    (HEAD + "www TXT a\\\nb", False, "an escaped newline; NSD takes the newline in"),
    (HEAD + "www h A 192.0.2.1", False, "NSD reads 'h' (or 'www') as a TTL of 0 seconds"),
    (HEAD + '"a b" A 192.0.2.1', False, "a quoted owner name; NSD takes it as one label"),
    (HEAD + "www MX 65536 mail", False, "NSD stores 65536 as 0 (rdata.py refuses it)"),
    (HEAD + "www TYPE65534 \\# 4 0a0000", False,
     "\\# says 4 octets and has 3; NSD ignores the length (rdata.py refuses it)"),
]


def checkzone_accepts(text: str, tmp_path: Path) -> bool:
    assert CHECKZONE is not None
    path = tmp_path / "example.com.zone"
    path.write_text(text, encoding="utf-8")
    out = subprocess.run([CHECKZONE, "example.com", str(path)], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode in (0, 1), out.stderr
    return out.returncode == 0


def we_accept(text: str) -> bool:
    try:
        parse_zone(text, COM, "example.com.zone")
        return True
    except ZoneError:
        return False


@requires_checkzone
@pytest.mark.parametrize("body", AGREE, ids=[repr(b)[1:40] for b in AGREE])
def test_same_decision_as_nsd(body: str, tmp_path: Path) -> None:
    text = HEAD + body
    assert we_accept(text) == checkzone_accepts(text, tmp_path)


@requires_checkzone
@pytest.mark.parametrize("text, accepted, why", DIFFER, ids=[w[:40] for _, _, w in DIFFER])
def test_where_nsd_decides_otherwise(text: str, accepted: bool, why: str,
                                     tmp_path: Path) -> None:
    assert we_accept(text) == accepted
    assert checkzone_accepts(text, tmp_path) != accepted, f"NSD now agrees: {why}"


@requires_checkzone
def test_the_error_zones_are_refused_by_nsd_too(tmp_path: Path) -> None:
    """Every zone of ERRORS but those where NSD is known to differ."""
    known = {text for text, _, _ in DIFFER}
    lenient = [
        HEAD + "www 2147483648 A 192.0.2.1",  # NSD: 3600, see DIFFER
        HEAD + "www 99999999999999999999999 A 192.0.2.1",  # NSD: wraps around
        HEAD + "www 3551w A 192.0.2.1",
        HEAD + "$TTL 4294967296",
        HEAD + "www 1hh A 192.0.2.1",  # NSD: 1h + 0h
        HEAD + '"a b" A 192.0.2.1',
        HEAD + "opaque TYPE65534 \\# 4 0a0000",
        HEAD + 'www TXT "abc\ndef"',  # NSD: a string across the line
        HEAD + "www A ( 192.0.2.1\n\n; the end\n",
        HEAD + "www TXT a\\\nb",
        HEAD + "www TXT a\\",  # NSD: "trailing backslash ignored"
        "$TTL 1h\n\nwww A 192.0.2.1\n@ SOA ns1 host 1 2 3 4 5",
    ]
    accepted = [message for text, message in ERRORS
                if text not in known and text not in lenient
                and checkzone_accepts(text, tmp_path)]
    assert accepted == []
    assert all(checkzone_accepts(text, tmp_path) for text in lenient)


# --- compiled -----------------------------------------------------------------------------------

APP = Path(__file__).with_name("zone_app.py")


@pytest.mark.slow
def test_compiled_matches_cpython(tmp_path: Path) -> None:
    source = tmp_path / APP.name  # (a copy: the build directory goes beside it)
    shutil.copy(APP, source)
    expected = subprocess.run([sys.executable, str(source)], capture_output=True, text=True,
                              encoding="utf-8", timeout=120)
    assert expected.returncode == 0, expected.stderr
    assert "as expected: True" in expected.stdout
    assert "CRLF and no newline at the end: True" in expected.stdout
    assert "mismatches 0" in expected.stdout
    assert "10002 records" in expected.stdout
    native = subprocess.run([str(compile_program(source))], capture_output=True, text=True,
                            encoding="utf-8", timeout=120)
    assert native.returncode == 0, native.stderr
    assert native.stdout == expected.stdout
