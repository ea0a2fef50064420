"""Rasa custom actions: each turns one dialogue step into one call of the tutoring API.

No pedagogy here: the service decides, the actions relay its messages and set the
`practice_active` slot from its answer.
"""

from actions import fallback, tutoring  # noqa: F401 - registers the actions with rasa_sdk
