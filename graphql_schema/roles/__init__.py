"""roles in the GraphQL API."""
