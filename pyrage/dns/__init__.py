"""DNS in pyrage Python: names, records, the message codec, zone files and an authoritative
server's logic (docs/dns.md). The same code runs hosted and compiled."""
