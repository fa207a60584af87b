"""配信の効果と守り: what each send did, warnings before over-sending, and recovery.

- ``models``: LINE's statistics per delivery, the follow/block log, the city's limits.
- ``resend``: 「未送信の人にだけ送る」 (new requests, new retry keys, nobody twice).
- ``statistics``: reading LINE's insight API within its limits (aggregation units).
- ``blocks``: blocks in the 24 hours / 7 days after a send, per topic and 地区.
- ``guardrails``: the warnings shown before publishing.
- ``dashboard``: the admin home panels.
"""
