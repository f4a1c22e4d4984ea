"""The demo tenant's content: people, issuers with fixed keys, badges, skills and roles.

Everything here is deterministic (fixed seeds, names and dates), so seeding twice writes the
same documents and `hrkit.services.demo.seed_demo` can stay idempotent.
"""
