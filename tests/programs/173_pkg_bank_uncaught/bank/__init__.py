"""A small bank: accounts, errors and the transfer service."""
