"""Issuer sources and HRIS targets, registered by name in hrkit's connector registries."""
