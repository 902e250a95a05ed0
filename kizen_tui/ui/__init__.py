"""kizen-tui ui package."""
