"""The adaptive engine: skill map, learner model, spaced repetition, explained recommendations."""
