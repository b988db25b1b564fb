"""Feature commands of ``kg``, one module per feature, registered by :mod:`kg.cli`.

Each module lists its click commands in ``COMMANDS`` and imports only click
and :mod:`kg.cli.support` at module level; everything heavier (rdflib,
networkx, pyvis, an HTTP server) is imported inside the command that needs
it, so that ``kg last-contact`` stays fast.
"""
