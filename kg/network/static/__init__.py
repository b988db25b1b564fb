"""The page, stylesheet and script of ``kg graph`` (read by :mod:`kg.network.html`).

``graph.html`` is the page skeleton with ``{{name}}`` slots, ``graph.css`` and
``graph.js`` its own style and behaviour. The vis-network library itself is
taken from the pyvis package at generation time; everything is inlined so the
written page loads nothing from anywhere.
"""
