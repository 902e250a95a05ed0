"""kizen-tui sandbox package."""
