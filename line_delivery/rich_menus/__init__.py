"""Rich menus (リッチメニュー) built in the admin and published to LINE.

``models`` (the menu, its LINE objects, the default, tap counts), ``layouts`` (the
templates staff know from LINE Official Account Manager), ``images`` (checks and
automatic fixing), ``actions`` (area → LINE action), ``publish`` (the LINE calls),
``forms``/``views`` (the admin), ``stats`` (taps per area per day).
"""
