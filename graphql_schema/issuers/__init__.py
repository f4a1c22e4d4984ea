"""issuers in the GraphQL API."""
