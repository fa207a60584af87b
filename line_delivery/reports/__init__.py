"""通報: residents report a damaged road, a broken street light or dumped rubbish.

Modelled on mySociety's FixMyStreet: staff-defined categories routed to a
department (``ReportCategory``), states 受付 → 対応中 → 完了 / 対応できません,
priorities and response templates as data, duplicates suggested by category, place
and time, and Open311 GeoReport v2 (``open311``) as the public interface.

Residents report from a LIFF page (``views``) or start from a photo sent in the chat
(``chat``); staff triage in the admin (``admin_views``). Everything a resident wrote
or sent is encrypted at rest and purged after the city's retention period
(``ReportSettings``), leaving only the anonymous facts (category, place, dates).
"""
