"""Voice layer of Rebond: audio decoding/encoding and French speech synthesis.

Kept apart from the chat service so that every audio dependency (PyAV, eSpeak NG) is
imported only by the code paths that really speak or listen.
"""
