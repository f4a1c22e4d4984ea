"""people in the GraphQL API."""
