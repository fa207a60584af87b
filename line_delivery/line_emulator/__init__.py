"""An emulator of LINE's Messaging API that validates requests the way LINE does.

It is HTTP-independent (``LineApp.handle(Request) -> Response``) and serves two users:

* the **sandbox channel** (``line_delivery.sandbox``): with no channel access token the
  real line-bot-sdk talks to this emulator in-process, so every request is validated
  exactly as LINE would and recorded, and nothing leaves the machine;
* the **strict fake LINE API** of the tests (``tests/fake_line``), which serves it over
  HTTP on loopback and adds fault injection.

``openapi/messaging-api.yml`` is LINE's official spec (Apache-2.0, see
``openapi/LICENSE``), copied from line/line-openapi@6e4c2a2; the limits the spec does
not express (``validation.py``) follow shared/notes/line-platform.md.
"""
