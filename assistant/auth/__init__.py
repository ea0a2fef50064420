"""Authentication (password login, signed session cookie, service token) and roles."""
