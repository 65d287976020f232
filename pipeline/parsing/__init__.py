"""Turning raw mail bytes into clean text: charsets, MIME, HTML, forwards, quotes.

Everything here is pure: bytes or str in, plain values out, no I/O.
"""
