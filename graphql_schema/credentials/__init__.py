"""credentials in the GraphQL API."""
