"""Skill matrices in the GraphQL API."""
