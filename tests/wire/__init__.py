"""Tests of the wire codecs (pyrage/stdlib/wire) and addresses (pyrage/stdlib/ipaddr.py)."""
