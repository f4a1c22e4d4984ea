"""skills in the GraphQL API."""
