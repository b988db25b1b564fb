"""Output: the one place where answers become text, JSON, CSV, tables or files.

- :mod:`kg.output.text` — answers as text, JSON, CSV or an aligned table
"""
