"""Odd but real MIME (blind53): misspelt transfer encodings, Western labels on CJK bytes,
forwards of forwards attached three deep."""

from __future__ import annotations

import base64
from email.message import EmailMessage
from pathlib import Path

from pipeline.analysis import Analyser
from pipeline.parsing import charsets, mime
from pipeline.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]
BODY = "您的订单 SFT202501220097 押金退款申请已受理，款项 199.00 元预计3-5个工作日退回。"


def raw_with_encoding(cte: str, payload: bytes) -> bytes:
    head = (f"From: kf@shengpay.example\nTo: shop@qq.example\nSubject: refund\nMIME-Version: 1.0\n"
            f"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: {cte}\n\n")
    return head.encode("ascii") + payload


def test_misspelt_transfer_encodings_are_read_as_a_client_reads_them():
    data = BODY.encode("utf-8")
    b64 = base64.encodebytes(data)
    qp = b"".join(b"=%02X" % byte for byte in data)
    for cte, payload in (("base-64", b64), ("Base64 ", b64), ("Quoted-Printable ", qp), ("quoted_printable", qp)):
        assert mime.parse(raw_with_encoding(cte, payload)).plain.strip() == BODY, cte


def test_cjk_bytes_under_a_western_label_are_read_as_what_they_are():
    for codec in ("gb18030", "utf-8"):
        text, defect = charsets.decode(BODY.encode(codec), "iso-8859-1")
        assert text == BODY and defect is not None
    assert charsets.decode("café crème".encode("cp1252"), "iso-8859-1") == ("café crème", None)


def attach(outer_from: str, subject: str, note: str, inner: EmailMessage | None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = outer_from, "next@qq.example", subject
    msg.set_content(note)
    if inner is not None:
        msg.add_attachment(inner)
    return msg


def test_a_forward_of_a_forward_of_a_forward_attached_reaches_the_providers_mail():
    provider = attach("aftersale@umpay.example", "退机地址", "请将设备寄回：北京市示例路1号 售后部 收。订单号：UMP2025011803327", None)
    clerk = attach("clerk@163.example", "转发：退机地址", "转给经理", provider)
    manager = attach("manager@163.example", "转发：转发：退机地址", "老板看看", clerk)
    boss = attach("boss@qq.example", "Fw: 转发：转发：退机地址", "要寄回去吗？", manager)
    result = Analyser(load_registry(ROOT / "config" / "providers.toml")).analyse(boss.as_bytes())
    assert (result.provider, result.order_number, result.forwarded) == ("umpay", "UMP2025011803327", True)
    assert result.original_raw is not None and b"aftersale@umpay.example" in result.original_raw.split(b"\n\n")[0]


def test_a_body_under_two_transfer_encodings_is_read_by_the_one_that_encodes():
    qp = b"".join(b"=%02X" % byte for byte in BODY.encode("utf-8"))
    raw = (b"From: kf@shengpay.example\nContent-Transfer-Encoding: 7bit\nSubject: x\nMIME-Version: 1.0\n"
           b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" + qp)
    assert mime.parse(raw).plain.strip() == BODY
