"""kizen-tui domain package."""
