"""Views: what one audience or one artifact sees — the project narrowed to an audience, the printable
documents it has, a deal's proposal and meeting prep, and the training built from the content."""
