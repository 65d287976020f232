"""The main money amount the provider states (refund paid, fee demanded, fee charged)."""

from __future__ import annotations

import re

from pipeline.classifiers import context
from pipeline.classifiers.context import NOT_A_CASE, Context
from pipeline.findings import Kind
from pipeline.parsing import quotes
from pipeline.parsing.normalise import NUMERAL_CHARS, chinese_number, number

NUM = r"[0-9][0-9,]*(?:\.[0-9]+)?"
CN = rf"[{NUMERAL_CHARS}]+"
# Case-insensitive currency words, spelt out: what re.IGNORECASE matches for these
# letters (K also matches the Kelvin sign), without its per-position cost.
K = "[Kk\u212a]"
LETTER = "A-Za-z\u0130\u0131\u017f\u212a"
# Currency first: each alternative starts with one of a few characters, checked again
# behind, so the engine skips to those characters in C.  "¥300", "RMB 1,280.50".
# After a currency word a narrow client may break the line, before the number or after
# a thousands comma ("CNY\n379.00", "¥1,\n150.00"); a trailing comma is no part of it.
WRAPPED_NUM = r"[0-9](?:[0-9]|,\n?(?=[0-9]))*(?:\.[0-9]+)?"
CURRENCY_FIRST = re.compile(
    rf"[¥RrCc人Hh港](?:(?<=¥)|(?<=[Rr])[Mm][Bb]|(?<=[Cc])[Nn][Yy]|(?<=人)民[币幣]|(?<=[Hh]){K}[\$Dd]|(?<=港)[币幣])"
    rf"[ \t]*\n?[ \t]*(?P<n>{WRAPPED_NUM})(?![0-9%])"
)
# Unit after: the number's first digit comes first (the engine skips to digits), then
# the look behind it that no digit, dot or letter precedes, nor a digit and a comma (the
# middle of "1,280"; a comma alone is a clause break: NFKC makes "，300元" ",300元").
UNIT_AFTER = re.compile(
    rf"(?P<n>[0-9](?<![0-9.{LETTER}][0-9])(?<![0-9],[0-9])[0-9,]*(?:\.[0-9]+)?)"
    rf"[ \t]*(?P<w>万)?(?:元|圆|圓|块|[Rr][Mm][Bb]|[Cc][Nn][Yy]|[Hh]{K}[Dd]|港元)(?![0-9%])"
)
# "0.3万元": the figure counts ten-thousands.
TEN_THOUSAND = 10_000
MIN_KUAI = 10
REPLY_SUBJECT = re.compile(r"\s*(?:re|fwd?|fw|回复|答复|回覆|转发|轉寄|轉發)\s*[:：]", re.IGNORECASE)
# Hong Kong dollars: a figure beside the RMB one ("HKD 800 (约合人民币 733.60 元)"), or a deposit.
HKD = re.compile(r"[Hh][Kk\u212a]|港")
# A number with neither sign nor unit counts only straight after a money noun ("押金199",
# "应付合计 199.50" under a 金额(元) column); not before a count, a date or a range.
BARE_AFTER_LABEL = (
    r"(?:LABELS)[ \t]*[:：]?[ \t]*"
    r"(?P<n>(?<![0-9.,])(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]{2,}(?:\.[0-9]+)?|[0-9]\.[0-9]+))"
    r"(?![0-9.,%％A-Za-z\-~/至]|[ \t]*(?:个|月|天|日|年|期|台|次|位|笔|张|项|小时|分钟|%|％|[元圆圓块]))"
)
# Everything up to the last clause or sentence end (greedy: backs off from the end), as in kind.
LAST_CLAUSE_END = re.compile(r".*[,，。;；!！?？]", re.DOTALL)
LAST_SENTENCE_END = re.compile(r".*[。;；!！?？]", re.DOTALL)
NEXT_SENTENCE_END = re.compile(r"[。;；!！?？\n]")
UPPER = re.compile(rf"(?P<c>{CN})[元圆圓](?:(?P<j>{CN})角)?(?:(?P<f>{CN})分)?")
WINDOW = 12
# The longest line above an amount read as its label.
LABEL_LINE = 12
# Mail whose subject repeats the merchant's ("自动回复: 退款申请 退还¥500").
ECHOES = frozenset({Kind.AUTO_REPLY, Kind.BOUNCE})
# Which label family says "this is the amount the email is about", per kind.
FOCUS = {
    Kind.REFUND_COMPLETED: "amount_refund", Kind.REFUND_PROCESSING: "amount_refund",
    Kind.REFUND_REJECTED: "amount_refund", Kind.CANCEL_CONFIRMED: "amount_refund",
    Kind.FEE_NOTICE: "amount_fee", Kind.CANCEL_REJECTED: "amount_fee",
}


class Amount:
    name = "amount"
    description = "Amount in the provider's newest text, preferring totals and labelled sums."

    def classify(self, ctx: Context) -> None:
        if ctx.kind in NOT_A_CASE:
            return
        # Found once: the best pick and the list of all amounts come from the same scan.
        candidates = _charged(_in_rmb(_candidates(ctx, ctx.head)))
        if not candidates and not REPLY_SUBJECT.match(ctx.subject) and ctx.kind not in ECHOES:
            # A notice whose body only points at a receipt image states the sum in its subject;
            # a reply's subject, an auto-reply's or a bounce's, is the merchant's own words.
            candidates = _charged(_in_rmb(_candidates(ctx, ctx.subject)))
        if not candidates and not ctx.forwarded and ctx.mail.markup and not REPLY_SUBJECT.match(ctx.subject):
            # A notice's text part that only summarises its HTML one ("退款审核结果：不予退款") leaves
            # the sum to the table a reader sees.  Not in a reply: its HTML quotes the thread.
            html = context.html_body(ctx, ctx.mail)[:context.SCAN_LIMIT]
            # Its quotes are cut only where a sum can be found at all.
            if html is not ctx.new_text and any(_possible(html)):
                candidates = _charged(_in_rmb(_candidates(ctx, quotes.newest(html))))
        if candidates:
            # Highest score wins; on a tie the first written one (max keeps the first).
            best = max(candidates, key=lambda c: c[0])
            ctx.amount_cny = best[1]
            ctx.fire(f"amount:{best[2]}")
            ctx.extra["amounts"] = [value for _, value, _ in candidates]


def _in_rmb(candidates: list[tuple[int, float, str]]) -> list[tuple[int, float, str]]:
    """The RMB amounts when there are any: amount_cny is never a Hong Kong dollar figure beside one."""
    rmb = [c for c in candidates if not HKD.search(c[2])]
    return rmb or candidates


def _charged(candidates: list[tuple[int, float, str]]) -> list[tuple[int, float, str]]:
    """Without the sums said to be waived and nothing more (score below one): 原價HK$1,200，首年免收."""
    return [c for c in candidates if c[0] > 0]


def _candidates(ctx: Context, text: str) -> list[tuple[int, float, str]]:
    currency, unit, yuan = _possible(text)
    found: dict[int, tuple[int, float, str]] = {}
    matches = [*(CURRENCY_FIRST.finditer(text) if currency else ()), *(UNIT_AFTER.finditer(text) if unit else ())]
    for match in matches:
        value = number(match.group("n").replace("\n", ""))
        if value is not None and match.re is UNIT_AFTER and match.group("w"):
            value = round(value * TEN_THOUSAND, 2)
        if value is not None and value < MIN_KUAI and match.group(0).endswith("块"):
            continue  # "电池 1 块": a count; 块 for yuan ("退你299块") is said of real sums
        if value is not None and value > 0:
            _add(ctx, text, match, match.start(), value, found)
    for match in UPPER.finditer(text) if yuan else ():
        value = _upper_value(match)
        if value:
            _add(ctx, text, match, match.start(), value, found)
    # A bare number counts where no amount carries a sign or unit (a table's 金额(元) column,
    # 押金199), and after a total's label always: an itemised bill writes its unit once, in a
    # price ("3.00 元/月 × 12 个月"), and its total bare ("合计 286.00").  Only where a money
    # noun occurs at all: the keyword lists' shared pass answers that for most texts.
    if (ctx.rules.regex("labels", "amount_total").search(text)
            or not found and ctx.rules.regex("labels", "amount").search(text)):
        for match in _bare(ctx, totals_only=bool(found)).finditer(text):
            value = number(match.group("n"))
            if value is not None and value > 0:
                _add(ctx, text, match, match.start("n"), value, found)
    return [found[pos] for pos in sorted(found)] if found else []


def _bare(ctx: Context, totals_only: bool = False) -> re.Pattern[str]:
    def build() -> re.Pattern[str]:
        labels = ctx.rules.words("labels", "amount_total")
        if not totals_only:
            labels = labels + ctx.rules.words("labels", "amount")
        return re.compile(BARE_AFTER_LABEL.replace("LABELS", "|".join(sorted(labels, key=len, reverse=True))))
    return ctx.rules.derive(("amount-bare", totals_only), build)


def _possible(text: str) -> tuple[bool, bool, bool]:
    """Whether CURRENCY_FIRST, UNIT_AFTER and UPPER can match: each needs words most texts lack.

    Substring tests run in C; scanning for a number at every digit does not.
    lower() folds every character IGNORECASE would match to r, m, b, c, n, y, h, k, d.
    """
    lowered = text.lower()
    words = "rmb" in lowered or "cny" in lowered
    yuan = "元" in text or "圆" in text or "圓" in text
    # 'hkd' and '港元' are looked for only where 'hk' and '港' are.
    hk = "hk" in lowered
    gang = "港" in text
    currency = words or hk or "¥" in text or "人民" in text or gang
    unit = words or yuan or (hk and "hkd" in lowered) or "块" in text or (gang and "港元" in text)
    return currency, unit, yuan


def _upper_value(match: re.Match[str]) -> float | None:
    whole = chinese_number(match.group("c"))
    if whole is None:
        return None
    jiao = chinese_number(match.group("j") or "") or 0
    fen = chinese_number(match.group("f") or "") or 0
    return whole + jiao / 10 + fen / 100


def _add(ctx: Context, text: str, match: re.Match[str], start: int, value: float, found: dict) -> None:
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    if not before.strip() and line_start > 1:
        # A value under its label (<dt>实退金额</dt><dd>¥1,280.00</dd>): the short line above labels it.
        above = text[text.rfind("\n", 0, line_start - 1) + 1:line_start - 1]
        if len(above.strip()) <= LABEL_LINE:
            before = above
    if ctx.rules.regex("labels", "amount_ignore").search(before[-WINDOW:]):
        return
    # Labels count in the amount's own clause: "扣除折旧费50元，应退金额249元" has one each.
    clause = LAST_CLAUSE_END.match(before)
    sentence = LAST_SENTENCE_END.match(before)
    end = NEXT_SENTENCE_END.search(text, match.end())
    around = (before[sentence.end():] if sentence else before) + text[match.end():end.start() if end else len(text)]
    score = _score(ctx, before[clause.end():] if clause else before, around)
    found.setdefault(start, (score, value, match.group(0)))


def _score(ctx: Context, before: str, sentence: str) -> int:
    """1 bare; +1 labelled; +2 labelled for what this kind is about; +4 a total or net sum
    (+2 a sum worked out after '='); -2 deducted from a refund in its clause ("扣除折旧费50元");
    -2 waived in its sentence ("应收200元，本次免收")."""
    score = 1 + bool(ctx.rules.regex("labels", "amount").search(before))
    focus = FOCUS.get(ctx.kind) if ctx.kind else None
    if focus and ctx.rules.regex("labels", focus).search(before):
        score += 2
    if ctx.rules.regex("labels", "amount_total").search(before):
        score += 4
    elif before.rstrip().endswith(("=", "＝")):
        score += 2  # a sum worked out (80元/月 × 3个月 = 240元): more than its parts, less than a 合计
    if focus == "amount_refund" and ctx.rules.regex("labels", "amount_deducted").search(before):
        score -= 2  # money kept back from a refund is not the refund (for a fee, it is the fee)
    if ctx.rules.regex("labels", "amount_waived").search(sentence):
        score -= 2
    return score
