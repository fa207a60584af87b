"""Wagtail's user and group screens, with every role change in the audit log."""
