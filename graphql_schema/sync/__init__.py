"""sync in the GraphQL API."""
