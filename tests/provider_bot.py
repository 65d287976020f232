"""A simulated provider for end-to-end tests: it reads its own IMAP mailbox and answers.

Our outbound mail reaches the provider's Dovecot mailbox through `relay`, the
way an MTA would deliver it. The bot's answers are DKIM-signed for the
provider's domain and delivered into the merchant's mailbox by IMAP APPEND,
each replying in the thread of the mail it answers.
"""

from __future__ import annotations

import email
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.policy import default
from email.utils import format_datetime, make_msgid

import dkim

from tests.servers.dovecot import Dovecot
from tests.servers.smtp import SmtpServer

SENDER = "service@service.lakala.example"
DOMAIN = b"service.lakala.example"
SELECTOR = b"bot"

# What the provider writes, by step; {order} is filled in.
TEXTS = {
    "ack": "张记小吃店您好：\n\n已受理您的取消申请，我们正在为您办理撤单，处理结果将在3个工作日内以邮件通知。\n\n订单号：{order}\n\n拉卡拉客服中心",
    "ask_sn": "张记小吃店您好：\n\n您的取消申请正在审核中。为核实身份，请回复提供POS机的机身号（SN）。\n\n订单号：{order}\n\n拉卡拉客服中心",
    "confirm": "张记小吃店您好：\n\n您的订单 {order} 已撤单成功，订单已关闭，设备不会寄出。\n\n拉卡拉客服中心",
}


@dataclass
class Received:
    message_id: str
    subject: str
    text: str
    in_reply_to: str | None
    raw: bytes


@dataclass
class ProviderBot:
    dovecot: Dovecot
    mailbox: str            # the provider's own Dovecot user
    merchant_mailbox: str   # where its answers land
    merchant_address: str
    private_key: bytes
    address: str = "cancel@service.lakala.example"
    seen: set[int] = field(default_factory=set)

    def relay(self, smtp: SmtpServer) -> None:
        """Deliver what our SMTP server accepted for the provider into its mailbox (once each)."""
        for delivery in smtp.handler.received:
            if self.address in delivery.recipients and id(delivery) not in self.seen:
                self.seen.add(id(delivery))
                self.dovecot.append(self.mailbox, "INBOX", [delivery.raw])

    def read(self) -> list[Received]:
        """Mails in the provider's INBOX not read before, oldest first (marks them seen)."""
        with self.dovecot.client(self.mailbox) as client:
            client.select_folder("INBOX")
            uids = client.search(["UNSEEN"])
            fetched = client.fetch(uids, ["RFC822"]) if uids else {}
        return [_received(fetched[uid][b"RFC822"]) for uid in sorted(fetched)]

    def reply(self, to: Received, step: str, *, order: str, at: datetime, signed: bool = True,
              sender: str = SENDER) -> bytes:
        """Answer `to` in its thread and drop the answer into the merchant's mailbox."""
        raw = compose(to, step, order=order, at=at, sender=sender, to_addr=self.merchant_address)
        if signed:
            raw = sign(raw, self.private_key)
        self.dovecot.append(self.merchant_mailbox, "INBOX", [raw])
        return raw


def compose(to: Received, step: str, *, order: str, at: datetime, sender: str, to_addr: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"拉卡拉客服 <{sender}>"
    msg["To"] = to_addr
    msg["Subject"] = "回复：" + to.subject
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = make_msgid(domain=sender.partition("@")[2])
    msg["In-Reply-To"] = to.message_id
    msg["References"] = to.message_id
    msg.set_content(TEXTS[step].format(order=order))
    return msg.as_bytes()


def sign(raw: bytes, private_key: bytes) -> bytes:
    headers = [b"from", b"to", b"subject", b"date", b"message-id", b"in-reply-to"]
    return dkim.sign(raw, SELECTOR, DOMAIN, private_key, include_headers=headers) + raw


def _received(raw: bytes) -> Received:
    msg = email.message_from_bytes(raw, policy=default)
    body = msg.get_body(("plain",))
    return Received(message_id=str(msg["Message-ID"]), subject=str(msg["Subject"]),
                    text=body.get_content() if body else "", in_reply_to=msg["In-Reply-To"], raw=raw)
