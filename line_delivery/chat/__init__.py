"""The LINE chat: what the account answers to follow, text, postback and location events.

``events.handle`` dispatches one stored webhook event; every branch ends in an answer
(never silence, never an error message), except for events that need none.
"""
