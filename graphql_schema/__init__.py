"""The GraphQL API: strawberry schema per domain, the Starlette app, the web pages."""
