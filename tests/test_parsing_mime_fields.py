"""_with_headers() builds ParsedMail positionally; its leading fields must keep their order."""

from __future__ import annotations

from dataclasses import fields

from pipeline.parsing import mime


def test_parsed_mail_fields_start_in_the_order_with_headers_passes_them():
    names = [field.name for field in fields(mime.ParsedMail)][:9]
    assert names == ["message", "subject", "from_name", "from_addr", "to_addrs", "date",
                     "message_id", "in_reply_to", "references"]
