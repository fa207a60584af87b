"""有人チャット: residents reach a person; staff answer from the admin.

Modelled on chatwoot's LINE inbox (``app/services/line/*``): incoming events become
conversations and messages, staff replies go out as the channel's own (push)
messages, and media is fetched from LINE's content API. The chat hands a resident
over here through ``handover`` (one call early in message handling); while a
conversation is open (not 完了) the bot stays silent and the messages go to staff.
"""
