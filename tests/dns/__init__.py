"""DNS: the codec (names, rdata, messages) and the authoritative server, against dnspython,
dig and NSD."""
