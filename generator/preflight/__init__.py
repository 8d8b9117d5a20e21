"""Preflight: the last build's PDFs and decks opened again and checked for what a designer would
reject before anything reaches a customer (``enablekit preflight``).

``files`` says which built files there are and which of them are meant for customers; ``pdf`` and
``deck`` read them back as pages and slides; ``layout`` and ``wording`` are the checks; ``run``
puts them together; ``report`` writes the findings for people, programs and GitHub.
"""
