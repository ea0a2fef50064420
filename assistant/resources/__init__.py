"""Rebond's learning resources as a catalogue: metadata and ScoLOMFR export."""
