"""Answers: the answer library (compliance from capability status, the trust center's answers),
matching questions to it, the questionnaire files it fills, and searching all content by meaning.

``knowledge.py`` turns an audience view into citable items; ``retrieval.py`` ranks them for a question
with the same model the questionnaire filler matches with (``ask``, the MCP server)."""
