"""fit in the GraphQL API."""
