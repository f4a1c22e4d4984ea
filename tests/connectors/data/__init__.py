"""Test data of the issuer sources: static files (see README.md) and an OB 2.0 hosted site."""
