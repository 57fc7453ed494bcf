"""The command groups: each parses options, calls the domain, and renders the result."""
