"""The wire: protocol names, buffers, chunked uploads, the message guard, commands and the outbox.

Standard library only: every other layer builds on it, and it imports none of them.
"""
