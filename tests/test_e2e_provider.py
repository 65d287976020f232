"""End to end: Dovecot, a real SMTP server and a simulated provider take a case from a forwarded
application confirmation to closed; a spoofed confirmation leaves the case open and goes to review.

Time is replayed with the one clock (`--now`), so two weeks of follow-ups run in seconds.
"""

from __future__ import annotations

import email
from dataclasses import dataclass
from datetime import datetime
from email.policy import default
from pathlib import Path

import pytest
from sqlmodel import Session, select

from pipeline.clock import Clock
from pipeline.job import run_once
from pipeline.models import Case, InboundMessage, ReviewStatus
from pipeline.runtime import Runtime, build_runtime
from pipeline.states import State
from tests.provider_bot import ProviderBot, Received
from tests.servers.config import imap_mailbox, secret_file
from tests.servers.smtp import PASSWORD as SMTP_PASSWORD
from tests.servers.smtp import USERNAME as SMTP_USERNAME
from tests.workflow_kit import MERCHANT, MERCHANT_EMAIL, rsa_key, settings

ORDER = "LKL2025030312345"
SN = "N3A12345678"
CANCEL_ADDRESS = "cancel@service.lakala.example"
FORWARD = f"""From: =?utf-8?b?5byg5Lyf?= <{MERCHANT_EMAIL}>
To: {MERCHANT_EMAIL}
Subject: =?utf-8?b?6L2s5Y+R77ya44CQ5ouJ5Y2h5ouJ44CR5oKo55qEUE9T5py655Sz6K+35bey5Y+X55CG?=
Date: Mon, 03 Mar 2025 08:30:00 +0800
Message-ID: <fwd-20250303@qq.example>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

请帮我取消这个申请，业务员上门办的，现在不需要了。

------------------ 原始邮件 ------------------
发件人: "拉卡拉支付"<service@service.lakala.example>;
发送时间: 2025年3月2日(星期日) 下午3:02
收件人: "张伟"<{MERCHANT_EMAIL}>;
主题: 【拉卡拉】您的POS机申请已受理 订单号{ORDER}

尊敬的商户张记小吃店：

您好！您申请的拉卡拉POS机已受理，我们将在1-3个工作日内完成审核并安排发货。

订单编号：{ORDER}
机身号：{SN}

拉卡拉支付股份有限公司
""".replace("\n", "\r\n").encode()


@dataclass
class World:
    rt: Runtime
    bot: ProviderBot
    smtp: object

    def run(self, now: str) -> None:
        """One `cancelflow run --once --now <now>`, then the provider's MTA delivers what we sent."""
        self.rt.clock = Clock.at(now)
        stats = run_once(self.rt)
        assert stats.errors == []
        self.bot.relay(self.smtp)  # type: ignore[arg-type]

    def case(self) -> Case:
        with Session(self.rt.engine) as session:
            [case] = session.exec(select(Case)).all()
            return case

    def provider_reads(self) -> list[Received]:
        return self.bot.read()


@pytest.fixture
def world(dovecot, imap_user, smtp_server, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    provider_user = imap_user + "p"
    dovecot.add_user(provider_user, f"pw-{provider_user}")
    private, record = rsa_key(tmp_path)
    keys = tmp_path / "dkim-keys.toml"
    keys.write_text(f'"bot._domainkey.service.lakala.example" = "{record}"\n', encoding="utf-8")
    box = imap_mailbox(dovecot, tmp_path, name="merchant-imap", username=imap_user, merchant=MERCHANT)
    smtp = {"host": smtp_server.host, "port": smtp_server.port, "security": "none", "username": SMTP_USERNAME,
            "password": {"file": secret_file(tmp_path, "smtp", SMTP_PASSWORD)}, "timeout_seconds": 10}
    s = settings(tmp_path, mailboxes=[box], outbound={"transport": "smtp", "smtp": smtp},
                 trust={"authserv_ids": [], "dkim_keys_file": keys})
    bot = ProviderBot(dovecot, provider_user, imap_user, MERCHANT_EMAIL, private)
    return World(build_runtime(s, Clock.at("2025-03-03T09:00:00+08:00")), bot, smtp_server)


def _until_two_ignored_follow_ups(world: World, dovecot, imap_user) -> Received:  # type: ignore[no-untyped-def]
    """Forward → request → ack → SN asked and answered → two follow-ups ignored; return the last one."""
    dovecot.append(imap_user, "INBOX", [FORWARD])
    world.run("2025-03-03T09:00:00+08:00")
    [request] = world.provider_reads()
    assert world.case().state == State.REQUESTED.value
    assert f"[CF-{world.case().id}]" in request.subject and ORDER in request.subject
    assert ORDER in request.text and SN in request.text and "张记小吃店" in request.text
    assert world.smtp.handler.received[0].recipients == [CANCEL_ADDRESS]  # type: ignore[attr-defined]

    world.bot.reply(request, "ack", order=ORDER, at=datetime.fromisoformat("2025-03-03T14:00:00+08:00"))
    world.run("2025-03-03T15:00:00+08:00")
    assert world.case().state == State.ACKNOWLEDGED.value and world.provider_reads() == []

    world.bot.reply(request, "ask_sn", order=ORDER, at=datetime.fromisoformat("2025-03-04T09:30:00+08:00"))
    world.run("2025-03-04T10:00:00+08:00")
    [info] = world.provider_reads()
    assert SN in info.text and ORDER in info.text and info.in_reply_to == request.message_id
    assert world.case().state == State.ACKNOWLEDGED.value

    world.run("2025-03-05T10:00:00+08:00")           # one business day: nothing due
    assert world.provider_reads() == []
    world.run("2025-03-06T10:00:00+08:00")           # two business days after our answer
    [first] = world.provider_reads()
    assert first.subject.startswith("催办（第1次）") and first.in_reply_to == info.message_id
    world.run("2025-03-08T10:00:00+08:00")           # Saturday: nothing
    assert world.provider_reads() == []
    world.run("2025-03-10T10:00:00+08:00")           # four business days
    [second] = world.provider_reads()
    assert second.subject.startswith("催办（第2次）") and world.case().followup_count == 2
    return second


def test_a_forwarded_application_is_cancelled_through_acknowledgement_info_and_follow_ups_to_closed(
        world, dovecot, imap_user) -> None:  # type: ignore[no-untyped-def]
    second = _until_two_ignored_follow_ups(world, dovecot, imap_user)
    world.bot.reply(second, "confirm", order=ORDER, at=datetime.fromisoformat("2025-03-11T09:00:00+08:00"))
    world.run("2025-03-11T10:00:00+08:00")
    assert world.case().state == State.CLOSED.value
    world.run("2025-03-31T10:00:00+08:00")           # follow-ups stopped at once
    assert world.provider_reads() == []
    sent = [_subject(d.raw) for d in world.smtp.handler.received]  # type: ignore[attr-defined]
    assert len(sent) == 4 and sent[0].startswith("取消申请") and sent[1].startswith("回复：补充资料")


def test_a_spoofed_confirmation_leaves_the_case_open_and_the_spoof_in_review(world, dovecot, imap_user) -> None:  # type: ignore[no-untyped-def]
    second = _until_two_ignored_follow_ups(world, dovecot, imap_user)
    world.bot.reply(second, "confirm", order=ORDER, at=datetime.fromisoformat("2025-03-11T09:00:00+08:00"),
                    signed=False)
    world.run("2025-03-11T10:00:00+08:00")
    case = world.case()
    assert case.state == State.ACKNOWLEDGED.value and "unverified" in (case.attention or "")
    with Session(world.rt.engine) as session:
        spoof = session.exec(select(InboundMessage).where(InboundMessage.kind == "cancel_confirmed")).one()
    assert spoof.review_status is ReviewStatus.PENDING and spoof.case_id is None
    assert spoof.candidates[0]["case_id"] == case.id
    world.run("2025-03-13T10:00:00+08:00")           # still chasing: the third follow-up goes out
    [third] = world.provider_reads()
    assert third.subject.startswith("催办（第3次）")


def _subject(raw: bytes) -> str:
    return str(email.message_from_bytes(raw, policy=default)["Subject"])
