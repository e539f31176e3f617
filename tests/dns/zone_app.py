"""pyrage/dns/zone.py as a pyrage program: it parses a realistic zone (and the same with CRLF
line ends and no newline at the end), every broken zone of ERRORS, and a generated zone of
10,000 records, and prints what it makes of each. tests/dns/test_zone.py compiles it for unix
and compares its output with CPython's; the hosted tests take REALISTIC and ERRORS from here.
"""

from __future__ import annotations

from typing import Final

from pyrage.dns.name import Name
from pyrage.dns.zone import ZoneError, parse_zone

#: A zone as people write them: the SOA in parentheses with comments, RRs of the common types,
#: blank owners, TTLs with units, the TTL and the class in either order, quoted strings with
#: escapes, a wildcard, a delegation with glue, $ORIGIN changes, RFC 3597 data.
REALISTIC: Final = r"""; example.org: a realistic zone for tests/dns/test_zone.py
$TTL 1h
$ORIGIN example.org.
@   IN  SOA ns1.example.org. hostmaster.example.org. (
            2024010101 ; serial
            2h         ; refresh
            30M        ; retry
            2w         ; expire
            1d )       ; negative caching TTL
    IN  NS  ns1
    IN  NS  ns2.example.net.
    in  mx  10 mail
    IN  MX  20 mail.backup.example.net.
        TXT "v=spf1 mx -all"
        CAA 0 issue "letsencrypt.org"
        CAA 128 iodef "mailto:security@example.org"
ns1     A       192.0.2.1
        AAAA    2001:db8::1
ns2     300 IN  A 192.0.2.2     ; TTL then class
mail    IN 600  A 192.0.2.10    ; class then TTL
        IN 600  AAAA 2001:DB8:0:0:0:0:0:10
www     CNAME   @
ftp     CNAME   www.example.org.
txt     TXT     "hello \"world\"" "with; semicolon" plain\032word "back\\slash" "\233\255"
        TXT     ( "split over"   ; a comment inside
                  "two lines" )
        TXT     "ünï"
_sip._tcp   SRV 10 60 5060 sip
            SRV ( 20 0 5061
                  sip.example.net. )
sip     A       192.0.2.20
*       1D  A   192.0.2.99
*.wild  A       192.0.2.98
a\.dot  A       192.0.2.5
4.2.0   PTR     ns1
sub     NS      ns.sub
        NS      ns.example.net.
ns.sub  A       192.0.2.53
$ORIGIN deep.example.org.
x       2w1d    A 192.0.2.7
@       HINFO   \# 9 02504305 4c696e7578
$ORIGIN example.org.
opaque  TYPE65534 \# 5 0102030405
        type65534 \# 0
gen     TYPE1   \# 4 C0000208
old     DNAME   \# 13 076578616d706c6503 6e657400
"""

#: What REALISTIC holds, in file order, as Record.to_text() writes it.
REALISTIC_RECORDS: Final = r"""example.org. 3600 IN SOA ns1.example.org. hostmaster.example.org. 2024010101 7200 1800 1209600 86400
example.org. 3600 IN NS ns1.example.org.
example.org. 3600 IN NS ns2.example.net.
example.org. 3600 IN MX 10 mail.example.org.
example.org. 3600 IN MX 20 mail.backup.example.net.
example.org. 3600 IN TXT "v=spf1 mx -all"
example.org. 3600 IN CAA 0 issue "letsencrypt.org"
example.org. 3600 IN CAA 128 iodef "mailto:security@example.org"
ns1.example.org. 3600 IN A 192.0.2.1
ns1.example.org. 3600 IN AAAA 2001:db8::1
ns2.example.org. 300 IN A 192.0.2.2
mail.example.org. 600 IN A 192.0.2.10
mail.example.org. 600 IN AAAA 2001:db8::10
www.example.org. 3600 IN CNAME example.org.
ftp.example.org. 3600 IN CNAME www.example.org.
txt.example.org. 3600 IN TXT "hello \"world\"" "with; semicolon" "plain word" "back\\slash" "\233\255"
txt.example.org. 3600 IN TXT "split over" "two lines"
txt.example.org. 3600 IN TXT "\195\188n\195\175"
_sip._tcp.example.org. 3600 IN SRV 10 60 5060 sip.example.org.
_sip._tcp.example.org. 3600 IN SRV 20 0 5061 sip.example.net.
sip.example.org. 3600 IN A 192.0.2.20
*.example.org. 86400 IN A 192.0.2.99
*.wild.example.org. 3600 IN A 192.0.2.98
a\.dot.example.org. 3600 IN A 192.0.2.5
4.2.0.example.org. 3600 IN PTR ns1.example.org.
sub.example.org. 3600 IN NS ns.sub.example.org.
sub.example.org. 3600 IN NS ns.example.net.
ns.sub.example.org. 3600 IN A 192.0.2.53
x.deep.example.org. 1296000 IN A 192.0.2.7
deep.example.org. 3600 IN HINFO \# 9 025043054C696E7578
opaque.example.org. 3600 IN TYPE65534 \# 5 0102030405
opaque.example.org. 3600 IN TYPE65534 \# 0
gen.example.org. 3600 IN A 192.0.2.8
old.example.org. 3600 IN DNAME \# 13 076578616D706C65036E657400
"""

#: The first lines of every zone in ERRORS (origin example.com., file example.zone): what
#: follows is on line 5.
HEAD: Final = "$TTL 300\n@ SOA ns1 host 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n"
_L63: Final = "b" * 63
_L64: Final = "a" * 64

#: Broken zones (HEAD and what follows it, or a whole zone) and the ZoneError each raises.
ERRORS: Final = [
    # types, classes and TTLs
    (HEAD + "www AAA 192.0.2.1", "example.zone:5: unknown type 'AAA'"),
    (HEAD + "www CH A 192.0.2.1", "example.zone:5: class CH is not supported (only IN)"),
    (HEAD + "www 300 CLASS3 A 192.0.2.1",
     "example.zone:5: class CH is not supported (only IN)"),
    (HEAD + "www 2147483648 A 192.0.2.1",
     "example.zone:5: TTL 2147483648 is out of range (0 to 2147483647)"),
    (HEAD + "www 99999999999999999999999 A 192.0.2.1",
     "example.zone:5: TTL 99999999999999999999999 is out of range (0 to 2147483647)"),
    (HEAD + "www 3551w A 192.0.2.1",
     "example.zone:5: TTL 3551w is out of range (0 to 2147483647)"),
    (HEAD + "$TTL 4294967296",
     "example.zone:5: $TTL: TTL 4294967296 is out of range (0 to 2147483647)"),
    (HEAD + "www 1x A 192.0.2.1", "example.zone:5: bad TTL '1x'"),
    (HEAD + "www 1hh A 192.0.2.1", "example.zone:5: bad TTL '1hh'"),
    (HEAD + "$TTL abc", "example.zone:5: $TTL: bad TTL 'abc'"),
    (HEAD + "www 300 1h A 192.0.2.1", "example.zone:5: a second TTL '1h'"),
    (HEAD + "www IN in A 192.0.2.1", "example.zone:5: a second class 'in'"),
    (HEAD + "www", "example.zone:5: no type"),
    (HEAD + "www 300 IN ; a comment", "example.zone:5: no type"),
    # names
    (HEAD + _L64 + " A 192.0.2.1",
     f"example.zone:5: bad owner name '{_L64}': a label of 64 octets (1 to 63)"),
    (HEAD + f"{_L63}.{_L63}.{_L63}.{_L63} A 192.0.2.1",
     f"example.zone:5: bad owner name '{_L63}.{_L63}.{_L63}.{_L63}': a name of 269 octets "
     "(at most 255)"),
    (HEAD + "a..b A 192.0.2.1",
     "example.zone:5: bad owner name 'a..b': 'a..b' has an empty label"),
    (HEAD + f"$ORIGIN {_L64}.example.com.",
     f"example.zone:5: bad $ORIGIN '{_L64}.example.com.': a label of 64 octets (1 to 63)"),
    (HEAD + '"a b" A 192.0.2.1',
     'example.zone:5: a quoted owner name ("a b") is not supported'),
    (" A 192.0.2.1",
     "example.zone:1: no previous owner for a line that starts with whitespace"),
    # rdata (the messages are rdata.py's)
    (HEAD + "www A 192.0.2.400",
     "example.zone:5: bad A data: '192.0.2.400' is not an IPv4 address: octet 400 is over "
     "255"),
    (HEAD + "www MX ( 10\n\n)",
     "example.zone:5: bad MX data: MX takes 2 fields (a preference and an exchange), found 1"),
    (HEAD + f"www CNAME {_L64}",
     "example.zone:5: bad CNAME data: CNAME name: a label of 64 octets (1 to 63)"),
    (HEAD + "opaque TYPE65534 \\# 4 0a0000",
     "example.zone:5: bad TYPE65534 data: \\# says 4 octets, its hex has 3"),
    # quotes, parentheses, escapes
    (HEAD + 'www TXT "abc',
     "example.zone:5: unterminated quoted string (it must end on its line)"),
    (HEAD + 'www TXT "abc\ndef"',
     "example.zone:5: unterminated quoted string (it must end on its line)"),
    (HEAD + "www A ( 192.0.2.1\n\n; the end\n", "example.zone:5: unterminated parenthesis"),
    (HEAD + "www A 192.0.2.1\n )", "example.zone:6: ')' without '('"),
    (HEAD + "www SOA ( ns1 host\n ( 1 2 3 4 5 ) )", "example.zone:6: nested parentheses"),
    (HEAD + "www TXT a\\\nb", "example.zone:5: a backslash at the end of a line"),
    (HEAD + "www TXT a\\", "example.zone:5: a backslash at the end of a line"),
    # directives
    (HEAD + "$INCLUDE other.zone", "example.zone:5: $INCLUDE is not supported"),
    (HEAD + "$GENERATE 1-3 a$ A 192.0.2.$", "example.zone:5: $GENERATE is not supported"),
    (HEAD + "$FOO bar", "example.zone:5: unknown directive '$FOO'"),
    (HEAD + "$TTL", "example.zone:5: $TTL takes one TTL"),
    (HEAD + "$ORIGIN a. b.", "example.zone:5: $ORIGIN takes one name"),
    # the zone's checks
    (HEAD + "www.example.net. A 192.0.2.1",
     "example.zone:5: out-of-zone data: www.example.net. is not at or under the origin "
     "example.com."),
    (HEAD + "$ORIGIN example.net.\n\nx A 192.0.2.1",
     "example.zone:7: out-of-zone data: x.example.net. is not at or under the origin "
     "example.com."),
    (HEAD + "www CNAME ns1\nwww A 192.0.2.1",
     "example.zone:6: CNAME and other data at www.example.com. (the CNAME is on line 5)"),
    (HEAD + "www A 192.0.2.1\nwww CNAME ns1",
     "example.zone:6: CNAME and other data at www.example.com. (A is on line 5)"),
    (HEAD + "@ CNAME ns1",
     "example.zone:5: CNAME and other data at example.com. (SOA is on line 2)"),
    (HEAD + "www CNAME ns1\nwww CNAME ns2",
     "example.zone:6: a second CNAME at www.example.com. (the first is on line 5)"),
    (HEAD + "old DNAME \\# 1 00\nold DNAME \\# 2 0100",
     "example.zone:6: a second DNAME at old.example.com. (the first is on line 5)"),
    (HEAD + "old DNAME \\# 1 00\nold CNAME ns1",
     "example.zone:6: CNAME and DNAME at old.example.com. (the DNAME is on line 5)"),
    (HEAD + "old DNAME \\# 1 00\nx.y.old A 192.0.2.1",
     "example.zone:6: x.y.old.example.com. is below the DNAME at old.example.com. (line 5)"),
    (HEAD + "@ SOA ns1 host 2 2 3 4 5",
     "example.zone:5: a second SOA record (the first is on line 2)"),
    ("www.example.com. SOA ns1 host 1 2 3 4 5",
     "example.zone:1: the SOA record must be at the origin example.com., not at "
     "www.example.com."),
    ("$TTL 1h\n\nwww A 192.0.2.1\n@ SOA ns1 host 1 2 3 4 5",
     "example.zone:3: A record before the SOA record: a zone starts with its SOA"),
    ("", "example.zone:1: no SOA record: a zone starts with its SOA"),
    ("; only a comment\n$TTL 1h\n", "example.zone:1: no SOA record: a zone starts with its SOA"),
]


def show_realistic() -> None:
    origin = Name.of_text("example.org.")
    records = parse_zone(REALISTIC, origin, "realistic.zone")
    lines = [r.to_text() for r in records]
    for line in lines:
        print(line)
    print("as expected:", "\n".join(lines) + "\n" == REALISTIC_RECORDS)
    crlf = REALISTIC.replace("\n", "\r\n").rstrip()
    again = [r.to_text() for r in parse_zone(crlf, origin, "crlf.zone")]
    print("CRLF and no newline at the end:", again == lines)


def show_errors() -> None:
    origin = Name.of_text("example.com.")
    mismatches = 0
    for text, expected in ERRORS:
        try:
            records = parse_zone(text, origin, "example.zone")
            print("accepted:", len(records), "records")
            mismatches += 1
        except ZoneError as e:
            print(e)
            if str(e) != expected or e.file != "example.zone":
                mismatches += 1
    print("mismatches", mismatches)


def big_zone(count: int) -> str:
    """A zone of count + 2 records, as a generated zone looks."""
    lines = ["$TTL 300", "@ IN SOA ns1 hostmaster ( 1 7200 1800 1209600 300 ) ; the SOA",
             "  IN NS ns1"]
    for i in range(count):
        lines.append(f"host{i} 600 IN A 10.{i // 65536}.{i // 256 % 256}.{i % 256} ; no. {i}")
    return "\n".join(lines) + "\n"


def show_big() -> None:
    records = parse_zone(big_zone(10000), Name.of_text("example.com."), "big.zone")
    ttls = 0
    for r in records:
        ttls += r.ttl
    print(len(records), "records, TTLs adding up to", ttls)
    print(records[-1].to_text())


def main() -> None:
    show_realistic()
    show_errors()
    show_big()


if __name__ == "__main__":
    main()
