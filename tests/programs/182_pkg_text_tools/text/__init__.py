"""Text processing: tokenize, stats and format submodules."""
