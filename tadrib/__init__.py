"""Tadrib: one place to run a security-cooperation programme between nations."""

__version__ = "0.1.0"
