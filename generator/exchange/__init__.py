"""Spreadsheets in and out of a project: objections, answers, cases, comparison rows and personas
imported from .xlsx/.csv or exported for review and translation, and deals from CRM exports.

Files are written as well-formatted YAML; edits to existing files change only the values that
changed, in place, the way ``enablekit verify`` does (:mod:`.edit`)."""
