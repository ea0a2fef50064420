"""Reading practice: a passage read aloud, scored by speech.fluency, stored, traced in xAPI."""
