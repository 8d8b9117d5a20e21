"""Decks: PowerPoint files from the company's own template — python-pptx building blocks that fit
text measured with the real fonts (slides), the design system of slide kinds (design) and the builder."""
