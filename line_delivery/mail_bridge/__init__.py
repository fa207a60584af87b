"""The 防災情報メール bridge: the city's disaster-radio mails become disaster notices.

``parsing`` turns one RFC 822 message into text (stdlib ``email``), ``reading`` finds
what the text says (level, 地区, lifts, shelters) with the words staff set in the admin,
``ingest`` keeps every mail, ignores duplicates and applies the rules, ``imap`` polls a
mailbox. Staff rules are plain word lists, never regular expressions.
"""
