"""Language: the interface words of every output (one YAML catalog per language in ``labels/``),
locale formatting through Babel's CLDR data, and the fonts that set each language's text."""
