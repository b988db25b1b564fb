"""SPARQL for users: their queries, checked, bound and run away from the network.

- :mod:`kg.sparql.syntax` — what a query text says: form, refusals, bound values
- :mod:`kg.sparql.run` — running a user's query on either store; result formats
- :mod:`kg.sparql.sandbox` — the wall between query workers and the network
- :mod:`kg.sparql.workers` — the worker processes that run users' queries
- :mod:`kg.sparql.builds` — which build of the store a long-running server answers from
- :mod:`kg.sparql.description` — the SPARQL 1.1 Service Description of the endpoint
- :mod:`kg.sparql.app` — the endpoint's ASGI application: routes, refusals, log, CORS
- :mod:`kg.sparql.endpoint` — ``kg serve``: the SPARQL 1.1 Protocol endpoint over HTTP
- :mod:`kg.sparql.page` — its query page
"""
