"""A tiny Redis-like key-value server."""
