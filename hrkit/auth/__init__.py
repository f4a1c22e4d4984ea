"""Authentication: development tokens and (for the API) token validation."""
