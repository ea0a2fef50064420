"""Channels: how students reach the conversation (web chat now, voice next)."""
