"""The page, stylesheet and script of ``kg graph`` (read by :mod:`kg.network.html`).

``graph.html`` is the page skeleton with ``{{name}}`` slots, ``graph.css`` its
style, and ``js/`` the parts of its script, joined in one function scope in
the order :mod:`kg.network.html` gives: ``model.js`` (the data and the
filters), ``views.js`` (what each view shows, and its layout), ``draw.js``
(highlight, labels, what is under the pointer), ``panel.js`` (the side panel
and the legend), ``controls.js`` (filters, search, moving between views) and
``main.js`` (start-up). The vis-network library itself is taken from the
pyvis package at generation time; everything is inlined so the written page
loads nothing from anywhere.
"""
