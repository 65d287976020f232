"""Provider notices a merchant pasted into a mail: SMS, WeChat service-account cards, screenshots typed out.

A phone cannot forward an SMS or a WeChat message as mail, so merchants copy
it into one, usually under a line of their own ("拉卡拉刚发的短信，帮我跟一下").
The notice opens with its sender's signature (【拉卡拉】, [HuiTong]), a service
account's name line (星驿付商户服务, 宽带通服务号消息:) or a marker the merchant
typed (----- 以下为微信服务号消息 -----, [截图]); it ends at a closing marker
or at the phone's signature (发自我的iPhone).  Text must be NFKC-normalised.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.parsing.linestart import LineStart


# A signature opening a line and a sentence: 【拉卡拉】尊敬的商户…, [HuiTong] Dear merchant…; not a
# bracketed label before its value (【工单号】WO2407…, 【受理时间】2024-07-23).
SIGNED = LineStart(
    r"[ \t]*(?:【(?P<a>[^】\n]{2,16})】|\[(?P<b>[^\]\n]{2,24})\])[ \t]*(?=[^ \t\n]{2})(?![A-Za-z\-]*[0-9])",
)
# A signature closing the notice's line: …请注意查收。【乐刷】, …退订回T【联动优势】
SIGNED_AFTER = re.compile(r"【(?P<a>[^】\n]{2,16})】[ \t]*$", re.MULTILINE)
# An SMS quoted in the merchant's own sentence: 收到一条短信说“【盛付通】您的退款申请已审核通过…”
QUOTED = re.compile(r"[“\"「『][ \t]*(?P<q>【(?P<a>[^】\n]{2,16})】[^”\"」』\n]{8,})[”\"」』]")
# The merchant's line leading into what he relays: "原话贴给你们:", "手机自动转的文字:",
# "联动云的支付宝消息,我复制过来的:", "(以下是便民通业务员发给我的语音,微信转文字的)".
LEAD = LineStart(
    r"[ \t]*(?:[^\n]{0,60}?(?:短信|消息|通知|推送|截图|原话|转文字|转的文字|识别|语音|复制|贴|说的|回我|发给我"
    r"|留言|聊天记录|微信|钉钉|发了|发来)[^\n]{0,30}:|\(以下(?:是|为)[^\n)]{2,60}\)"
    r"|[^\n]{0,30}(?:聊的|说的|发的|回的|推的|转写的|识别出来的|复制的|聊天记录|订单页|小程序)[^\n]{0,16})[ \t]*$"
)
# A service account's name on a line of its own: 拉卡拉收款宝(服务号), 宽带通服务号消息:, 银联商务 服务通知,
# 星驿付商户服务.
ACCOUNT = LineStart(
    r"[ \t]*(?P<a>[^\n:]{2,20}?)[ \t]*(?:\((?:服务号|公众号|生活号)\)|(?:服务号|生活号)(?:消息|通知|推送)?"
    r"|公众号(?:消息|推送|通知)?|服务通知|服务提醒|服务消息|商户服务|客服中心|服务中心)[ \t]*:?[ \t]*$",
)
# A marker line the merchant typed above what he copied.
MARKER = LineStart(
    r"[ \t]*(?:[-—=─_*]{2,}[^\n]*(?:微信|服务号|公众号|短信|截图|消息)[^\n]*"
    r"|[\[【(]?(?:截图|截屏|图片)(?:内容|文字|上的字)?[\]】)]?[ \t]*:?)[ \t]*$",
)
# Where the copied text ends: a closing marker, or a rule line under an opening one.
CLOSING = LineStart(r"[ \t]*(?:[\[【(](?:截图|截屏|图片)(?:完|结束|end)[\]】)]|[-—=─_*]{6,})[ \t]*$")
# Only a marker the merchant typed is closed by a rule line: a service card uses them as decoration.
CLOSING_MARK = LineStart(r"[ \t]*[\[【(](?:截图|截屏|图片)(?:完|结束|end)[\]】)][ \t]*$")
# A phone's signature under the mail: 发自我的iPhone, ——来自QQ邮箱, Sent from my Android.
PHONE = LineStart(
    r"[ \t]*(?:[-—]{1,2}[ \t]*)?(?:[发發]自我的|[来來]自(?:网易|網易|QQ|我的|iPhone|iPad|华为|華為|小米|荣耀|OPPO|vivo|Android)"
    r"|[从從]我的|Sent from my|Get Outlook for)[^\n]{0,30}$",
    re.IGNORECASE,
)
# Something every opener holds, in one pass: most mail holds none, and nothing more is tried.
CLUES = ("【", "[", "服务", "公众号", "生活号", "客服中心", "截图", "截屏", "图片", "微信", "短信", "消息", ":", "(以下", "聊")
# Words one of whose each opener needs: most mail holds none, and no pattern is tried.
ACCOUNT_WORDS = ("服务号", "公众号", "生活号", "服务通知", "服务提醒", "服务消息", "商户服务", "客服中心", "服务中心")
MARKER_WORDS = ("截图", "截屏", "图片", "微信", "服务号", "公众号", "短信", "消息")
LEAD_WORDS = ("短信", "消息", "通知", "推送", "截图", "原话", "文字", "识别", "语音", "复制", "贴", "说的", "回我",
              "发给我", "留言", "聊天记录", "微信", "钉钉", "发了", "发来", "聊的", "发的", "回的", "推的", "转写的",
              "订单页", "小程序")
# The merchant's closing remark in brackets under what he pasted, saying where it came from.
TRAILER = re.compile(r"\n[ \t]*\([^()\n]{0,30}(?:短信|原文|复制|截图|支付宝|微信|收到|转写|识别)[^()\n]{0,20}\)[ \t]*\Z")
# A pasted notice is short; the merchant's text above it shorter still.
SEARCH_LIMIT = 6000
# How much of what a lead-in line introduces is read for the provider's name.
LEAD_REACH = 120
MIN_NOTICE = 12
# What is left of a notice without its links and spaces must still be a notice.
LINKS_AND_SPACE = re.compile(r"(?:https?://|www\.)\S+|\s+")


@dataclass(frozen=True)
class Pasted:
    """A notice found in a merchant's text: who signed it, the text around it, the notice itself."""

    name: str
    note: str
    body: str


def find(text: str, is_brand: Callable[[str], bool], vouched: bool = False) -> Pasted | None:
    """The pasted notice in `text`, or None.

    `is_brand(name)` says whether a name names a provider: a signature or an
    account's name line must (an advert opens with 【免费换机】, a bank signs
    [XX银行]); a marker the merchant typed ([截图]) need not.  The merchant's
    hand must show around the notice too (his line above it, his phone's
    signature below): a stranger's mail that opens with 【银联商务】 is the
    stranger's own, the phisher's favourite form.  `vouched` is for a text
    already known to come through the merchant (inside his forward of an SMS
    gateway's mail): there a provider's name alone will do.
    """
    head = text[:SEARCH_LIMIT]
    if not any(word in head for word in CLUES):
        return None
    openers = _openers(head, len(head))
    if not openers:
        return None  # most mail: no phone signature needs looking for
    phone = PHONE.first(head, 0, len(head))
    end = len(head) if phone is None else phone
    # His line under it: "(短信原文，我手机上收到的)", "(支付宝里的，复制出来了)".
    trailer = TRAILER.search(head[:end].rstrip())
    if trailer is not None:
        end = trailer.start()
    for start, stop, name, needs_brand in openers:
        if start >= end:
            break
        if stop is None:
            closing = (CLOSING_MARK if needs_brand else CLOSING).first(head, start + 1, end)
            stop = end if closing is None else closing
        body = head[start:stop].strip()
        note = head[:start].strip()
        # A link and a name are no notice ("点击下方链接…:" over a URL and a signature).
        if len(body) < MIN_NOTICE or len(LINKS_AND_SPACE.sub("", body)) < MIN_NOTICE:
            continue
        brand = is_brand(name)
        if (brand or not needs_brand) and (note or phone is not None or trailer is not None or vouched and brand):
            return Pasted(name=name, note=note, body=body)
    return None


def _openers(head: str, end: int) -> list[tuple[int, int | None, str, bool]]:
    """(where the notice starts, where it stops if known, the signer's name, whether only a
    provider's name makes it a notice), earliest first."""
    found: list[tuple[int, int | None, str, bool]] = []
    if "【" in head or "[" in head:
        for start, match in SIGNED.matches(head, 0, end):
            # Only a provider's: an advert opens with 【免费换机】, a bank signs its own mail [XX银行].
            found.append((start, None, match.group("a") or match.group("b"), True))
    if "【" in head:
        for match in SIGNED_AFTER.finditer(head, 0, end):
            found.append((head.rfind("\n", 0, match.start()) + 1, None, match.group("a"), True))
        for match in QUOTED.finditer(head, 0, end):
            found.append((match.start("q"), match.end("q"), match.group("a"), True))
    if any(word in head for word in ACCOUNT_WORDS):
        for start, match in ACCOUNT.matches(head, 0, end):
            found.append((start, None, match.group(0).strip(), True))
    if any(word in head for word in MARKER_WORDS):
        for _, match in MARKER.matches(head, 0, end):
            # The marker may name no one: the line after it, where the signer usually stands, is read too.
            after = head[match.end():end].lstrip("\n").split("\n", 1)[0]
            found.append((match.end(), None, f"{match.group(0).strip().strip(' -—=─_*')} {after}"[:60], False))
    if any(word in head for word in LEAD_WORDS):
        for _, match in LEAD.matches(head, 0, end):
            # What he relays starts below his line; his line or its start must name the provider.
            after = head[match.end():end].lstrip("\n")[:LEAD_REACH]
            found.append((match.end(), None, f"{match.group(0).strip()} {after}", True))
    return sorted(found)
