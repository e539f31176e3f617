"""A toy SMTP server."""
