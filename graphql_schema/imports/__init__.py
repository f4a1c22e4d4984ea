"""imports in the GraphQL API."""
