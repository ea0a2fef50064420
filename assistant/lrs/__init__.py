"""xAPI 1.0.3: the statements Rebond writes about every practice event."""
