"""Garbage-collection reminders (ごみ出しリマインダー): preferences, planning, sending.

``models`` holds a friend's preference and the exactly-once bookkeeping;
``planning`` turns one minute into deliveries that the delivery engine sends.
"""
