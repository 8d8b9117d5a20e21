"""Answers: the answer library (compliance from capability status, the trust center's answers),
matching a customer's questions to it, and the questionnaire files it fills (.xlsx, .docx, .csv)."""
