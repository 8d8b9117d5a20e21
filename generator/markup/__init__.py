"""Markup: author Markdown turned into HTML that is safe to publish (raw HTML shown as text, one
allow-list sanitiser after rendering) and plain text escaped for Markdown, attributes and CSS."""
