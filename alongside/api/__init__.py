"""The JSON API: organisation-scoped tokens, Bearer authentication, and the routers of the domain apps."""
