"""What the provider's newest text says, by keyword, in the label scheme's precedence.

Only the provider's own newest text decides (quotes and forwarding notes never
do).  A false cancel_confirmed stops follow-ups, so negatable kinds are
dropped when a negation shares their clause, and the subject alone can never
confirm a cancellation.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from pipeline.classifiers.context import SCAN_LIMIT, Context
from pipeline.classifiers.rules import alternation
from pipeline.classifiers import domains, identifiers, sieve
from pipeline.classifiers.sieve import Panel
from pipeline.findings import UNKNOWN_PROVIDER, Kind

# The first kind that matches wins (label scheme, "Precedence").
PRECEDENCE = (
    Kind.REFUND_COMPLETED, Kind.REFUND_REJECTED, Kind.CANCEL_CONFIRMED, Kind.CANCEL_REJECTED,
    Kind.REFUND_PROCESSING, Kind.FEE_NOTICE, Kind.DEVICE_RETURN_INSTRUCTIONS,
    Kind.INFO_REQUESTED, Kind.CANCEL_ACKNOWLEDGED, Kind.SHIPPED,
    Kind.APPLICATION_APPROVED, Kind.APPLICATION_RECEIVED,
)
# An English full stop ends a clause where a space follows it ("…does not terminate your service. Our
# team will review…"); a decimal point does not.
CLAUSE_END = re.compile(r"[,，。;；!！?？\n]|\.(?=\s)")
# Everything up to the last clause or sentence end (greedy: the match backs off from its end).
LAST_CLAUSE_END = re.compile(r".*(?:[,，。;；!！?？\n]|\.(?=\s))", re.DOTALL)
LAST_SENTENCE_END = re.compile(r".*(?:[。;；!！?？\n]|\.\s)", re.DOTALL)
# A keyword in quotation marks is mentioned, not stated ("您提到的“取消成功”短信").
OPEN_QUOTES, CLOSE_QUOTES = "“「『‘《", "”」』’》"
LAST_QUOTE = re.compile(f".*([{OPEN_QUOTES}{CLOSE_QUOTES}])", re.DOTALL)
# A status denied later in its paragraph is not stated ("取消成功……还没有取消哦").
PARAGRAPH_END = re.compile(r"\n\s*\n")
# Everything up to the last paragraph end before a position (greedy, as LAST_CLAUSE_END).
LAST_PARAGRAPH_END = re.compile(r".*\n\s*\n", re.DOTALL)
SENTENCE_END = re.compile(r"[。;；!！?？\n]")
# The start of a list item: a bullet or a number.
LIST_ITEM = re.compile(r"[ \t]*(?:[·•\-*●○▪◆■]|[0-9]{1,2}[.、)）]|[(（][0-9]{1,2}[)）])")
# A progress chain's separators, and the mark of a step reached ("(已完成)", "✓").
STEP_ARROW = re.compile(r"[>→›»➔➜]|->|=>")
STEP_MARK_REACH = 8
STEP_DONE = re.compile(r"[(（\[](?:已完成|完成|已办结|done)|已完成|已办结|[✓√✔☑]", re.IGNORECASE)
# A numbered row of a progress table, and the rest of it up to a last cell saying the step
# is not reached ("4 销户完成(终端下线) 待办": the step's name is no status).
STEP_ROW = re.compile(r"[ \t]*(?:[0-9]{1,2}|[①-⑳])[ \t.、)）]")
PENDING_CELL, PENDING_MARKS = "待办|未开始|待处理|未完成|进行中|处理中|审核中|待审核|未办理|排队中|等待中|待执行", "○◯●◔□☐⏳"


def _last_cell(words: str, marks: str) -> re.Pattern[str]:
    """The rest of a row up to a last cell of `words`, a mark of `marks` before it or not."""
    return re.compile(rf"[^\n，,。;；]*[ \t](?:[{marks}][ \t]*)?(?:{words})[ \t]*$", re.MULTILINE)


STEP_PENDING = _last_cell(PENDING_CELL, PENDING_MARKS)
# Any status cell ending such a row: words in the step's name before it ("2 网点欠费核查 已完成")
# name a step, they state nothing.
STEP_STATUS = _last_cell(f"{PENDING_CELL}|已完成|已办结|完成|通过|已通过", f"{PENDING_MARKS}✓√✔☑")
# How much of their start two identifiers of one series share.
SIBLING_HEAD = 3
# (kinds, words): a match of one of the kinds whose clause names one of the words is about another object.
OBJECT_LISTS = (("object_kinds", "other_objects"), ("goods_kinds", "goods"))
SUBJECT_STRENGTH = 0.5
# Empty boxes and circles of a form's options, and how far before an option its box may stand.
UNTICKED = frozenset("□☐○◯〇◻▢⬜")
TICK_REACH = 3
# A legend's entry up to its meaning: "D = ", "3 = ", at most this long.
LEGEND_REACH = 10
LEGEND_ENTRY = re.compile(r"[ \t]*(?:[A-Za-z]|[0-9]{1,2})[ \t]*=[ \t]*")
TIPS_STRENGTH = 0.6
# What a provider's tips may say of this case when the text above them says nothing: that it is
# still open.  Tips never confirm or refuse (温馨提示：已注销的商户号不可恢复 is advice).
TIPS_KINDS = frozenset({Kind.CANCEL_ACKNOWLEDGED, Kind.INFO_REQUESTED, Kind.DEVICE_RETURN_INSTRUCTIONS})
BODY_STRENGTH = 0.85


class KindClassifier:
    name = "kind"
    description = "Kind by keywords on the provider's newest text, first match in precedence."

    def classify(self, ctx: Context) -> None:
        """Set ctx.kind (UNRELATED when nothing matches or the mail is not about a POS case)."""
        if ctx.kind is not None:
            return
        if _routine(ctx):
            ctx.kind, ctx.strength = Kind.UNRELATED, 0.6
            ctx.fire("kind:unrelated:routine")
            return
        hits = _below_correction(ctx) or case_hits(ctx, ctx.head)
        strength = BODY_STRENGTH
        if not hits and ctx.provider != UNKNOWN_PROVIDER:
            hits, strength = _in_tips(ctx), TIPS_STRENGTH
        if not hits:
            hits = [h for h in case_hits(ctx, ctx.subject) if h[0] is not Kind.CANCEL_CONFIRMED]
            strength = SUBJECT_STRENGTH
        if not hits or not _about_a_case(ctx):
            ctx.kind, ctx.strength = Kind.UNRELATED, 0.6 if not hits else 0.5
            ctx.fire("kind:unrelated")
            return
        kind, word = hits[0]
        ctx.kind, ctx.strength = kind, strength
        ctx.conflicts = len({k for k, _ in hits}) - 1
        ctx.fire(f"kind:{kind.value}:{word}")


def _routine(ctx: Context) -> bool:
    """True if the mail is a notice of ordinary payment business (context.routine: a settlement,
    a void, a chargeback, an invoice) that says nothing of the way out (context.exit)."""
    return (_in_subject_or_head(ctx, ctx.rules.regex("context", "routine"))
            and not _in_subject_or_head(ctx, ctx.rules.regex("context", "exit")))


def _below_correction(ctx: Context) -> list[tuple[Kind, str]]:
    """The kinds stated below the last correction notice ("以上信息有误，请以最新通知为准。
    最新通知：…仍在处理中"): it supersedes all above it, so what it says decides."""
    ends = [found.end() for found in ctx.rules.regex("negation", "supersedes").finditer(ctx.head)]
    return case_hits(ctx, ctx.head[ends[-1]:]) if ends else []


def _in_tips(ctx: Context) -> list[tuple[Kind, str]]:
    """The open-case kinds stated below the head, in the tips and terms cut off it
    ("温馨提示：…撤机本身尚未办理，服务专员将在3个工作日内审核")."""
    if not ctx.footer_cut:
        return []
    return [hit for hit in case_hits(ctx, ctx.read(ctx.new_text[:SCAN_LIMIT])) if hit[0] in TIPS_KINDS]


def case_hits(ctx: Context, text: str) -> list[tuple[Kind, str]]:
    """(kind, matched words) for every case kind `text` states, in precedence order."""
    # Marketing and kind both ask about the same head: remember the answer per message.
    key = ("case_hits", text)
    found = ctx.memo.get(key)
    if found is None:
        plan = _plan(ctx)
        # One step gives every kind's candidate parts: most kinds have none and are skipped.
        candidates = _panel(ctx).candidates(text) or [None] * len(plan)
        found = ctx.memo[key] = _conditions_priced([
            (entry.kind, w, entry.condition) for entry, parts in zip(plan, candidates, strict=True)
            if (parts is None or parts) and (w := _match(ctx, entry, text, parts))
        ])
    return list(found)  # type: ignore[call-overload]


def _conditions_priced(found: list[tuple[Kind, str, bool]]) -> list[tuple[Kind, str]]:
    """The hits, a cancellation's condition ([conditions], "未满合约期", "结清后方可办理")
    counting as a refusal only where no fee is stated to meet it.

    A condition with its price is a fee notice (the cancellation goes on once
    it is paid); a refusal in so many words ("暂不能办理") stays one whatever
    else the text says, and comes first when both are there.
    """
    stated = {k for k, _, condition in found if not condition}
    priced = Kind.FEE_NOTICE in stated
    return [(k, w) for k, w, condition in found if not condition or not (priced or k in stated)]


class _Entry(NamedTuple):
    """One keyword list of the plan and what can void its matches."""

    kind: Kind
    regex: re.Pattern[str]
    negatable: bool  # negation.kinds
    hypothetical: bool  # negation.hypothetical_kinds
    later: bool  # negation.later_kinds
    condition: bool  # a [conditions] list, tried right after the kind's own


def _plan(ctx: Context) -> tuple[_Entry, ...]:
    """The kinds' keyword lists in precedence, each with what can void its matches.

    Worked out once per rules, not for every kind of every text.
    """
    def build() -> tuple[_Entry, ...]:
        def listed(key: str, k: Kind) -> bool:
            return k.value in ctx.rules.words("negation", key)
        plan = []
        for k in PRECEDENCE:
            flags = (listed("kinds", k), listed("hypothetical_kinds", k), listed("later_kinds", k))
            plan.append(_Entry(k, ctx.rules.regex("kinds", k.value), *flags, False))
            if ctx.rules.words("conditions", k.value):
                plan.append(_Entry(k, ctx.rules.regex("conditions", k.value), *flags, True))
        return tuple(plan)
    return ctx.rules.derive("kind-plan", build)  # type: ignore[arg-type, return-value]


def _panel(ctx: Context) -> Panel:
    """The kinds' keyword lists as one panel: most are ruled out by the text's one sieve pass."""
    def build() -> Panel:
        return Panel([entry.regex for entry in _plan(ctx)])
    return ctx.rules.derive("kind-panel", build)  # type: ignore[arg-type, return-value]


def _match(ctx: Context, entry: _Entry, text: str, parts: list[re.Pattern[str]] | None = None) -> str | None:
    """The first match of `entry` in `text` nothing voids; with `parts`, the only ones of it that can match."""
    regex, kind = entry.regex, entry.kind
    if not (entry.negatable or entry.hypothetical or entry.later):
        # Only a form's option can void a match: the first one that is none decides.
        found = regex.search(text) if parts is None else sieve.first(parts, text)
        while found is not None and _an_option(text, found):
            start = found.start() + 1
            found = regex.search(text, start) if parts is None else sieve.first_from(parts, text, start)
        return found.group(0) if found else None
    # A voided match does not use up its text: the next try starts one character on, so
    # "“未激活可撤单”的条件，本次撤单申请无法办理" still finds the refusal after the quoted word.
    match = regex.search(text) if parts is None else sieve.first(parts, text)
    while match is not None:
        if not (_an_option(text, match)
                or entry.negatable and (_negated(ctx, text, match, kind) or _denied(ctx, text, match, kind))
                or entry.hypothetical and (_hypothetical(ctx, text, match) or _waived(ctx, text, match, kind)
                                           or _a_step_name(text, match))
                or entry.later and _for_later(ctx, text, match)):
            return match.group(0)
        start = match.start() + 1
        match = regex.search(text, start) if parts is None else sieve.first_from(parts, text, start)
    return None


def _an_option(text: str, match: re.Match[str]) -> bool:
    """True if the match is one of a form's options, not its answer: one left unticked
    ("办理状态 □ 已受理 ■ 处理中 □ 已注销"), or a legend's entry ("D = 已撤单(撤单成功)")."""
    before = text[max(0, match.start() - TICK_REACH):match.start()].rstrip(" \t")
    if before and before[-1] in UNTICKED:
        return True
    line_start = _line_start(text, match.start())
    return match.start() - line_start <= LEGEND_REACH and bool(LEGEND_ENTRY.fullmatch(text, line_start, match.start()))


def _for_later(ctx: Context, text: str, match: re.Match[str]) -> bool:
    """True if the clause asks for something only when the merchant writes or calls again
    ("查询进度时请提供受理编号"): negation.later, for negation.later_kinds."""
    return bool(ctx.rules.regex("negation", "later").search(text, _clause_start(text, match.start()), match.start()))


def _hypothetical(ctx: Context, text: str, match: re.Match[str]) -> bool:
    """True if `match` is an outcome imagined, not stated ("如退款失败，我们将...", "Q: ...?")."""
    sentence = _sentence_start(text, match.start())
    if ctx.rules.regex("negation", "hypothetical").search(text, sentence, match.start()):
        return True
    end_match = CLAUSE_END.search(text, match.end())
    if end_match and end_match.group(0) in "?？":
        return True
    start = _clause_start(text, match.start())
    after = text[match.end():end_match.start() if end_match else len(text)]
    return _quoted(text, start, match.start()) or bool(
        ctx.rules.regex("negation", "hypothetical_after").match(after))


def _negated(ctx: Context, text: str, match: re.Match[str], kind: Kind | None = None) -> bool:
    """True if a negation, condition or question shares the clause with `match`, the
    clause is about another object (negation.object_kinds), or, for
    negation.reported_kinds, its sentence restates what the merchant or a screen said
    ("您说系统显示取消成功").
    """
    start = _clause_start(text, match.start())
    end_match = CLAUSE_END.search(text, match.end())
    end = end_match.start() if end_match else len(text)
    # A quotation the match itself closes names a thing ("提交的「撤销开通」请求我们已经收到").
    closes = any(char in match.group(0) for char in CLOSE_QUOTES)
    if _quoted(text, start, match.start()) and not closes or _a_step_ahead(text, match):
        return True
    if ctx.rules.regex("negation", "before").search(text, start, match.start()):
        return True
    if kind is not None and (_about_another_object(ctx, text, start, end, kind) or _papers_returned(ctx, text, match, kind)):
        return True
    if kind is not None and _in_another_objects_paragraph(ctx, text, match, kind):
        return True
    if kind is not None and _on_a_tip_line(ctx, text, match, kind):
        return True
    if _in_a_legend(ctx, text, match):
        return True
    sentence = _sentence_start(text, match.start())
    restated = kind is None or kind.value in ctx.rules.words("negation", "reported_kinds")
    if _sentence_voids(ctx, restated).search(text, sentence, match.start()):
        return True
    after = text[match.end():end]
    if end_match and end_match.group(0) in "?？":
        return True
    if kind is not None and _still_pending(ctx, text, match, kind):
        return True
    return bool(ctx.rules.regex("negation", "after").match(after.lstrip("了的")))


def _still_pending(ctx: Context, text: str, match: re.Match[str], kind: Kind) -> bool:
    """True if the rest of the sentence says the money is still on its way
    ("已原路退回…(3-5个工作日到账)"): negation.pending_after, for negation.pending_kinds."""
    if kind.value not in ctx.rules.words("negation", "pending_kinds"):
        return False
    return bool(ctx.rules.regex("negation", "pending_after").match(text, match.end(), _sentence_end(text, match.end())))


def _about_another_object(ctx: Context, text: str, start: int, end: int, kind: Kind) -> bool:
    """True if the clause names what was cancelled or returned, and it is not the merchant's
    service or money ("已成功退订营销短信", "原结算卡已解约", "拒收的包裹已退回仓库"):
    negation.other_objects for object_kinds, negation.goods for goods_kinds; or, for
    object_kinds, names another provider than the mail's ("原随行付终端已注销" in 星驿付's mail)."""
    # A list item names its object first ("· 终端一：已回收，已注销"): the whole item is read.
    line_start = _line_start(text, start)
    if LIST_ITEM.match(text, line_start):
        start = line_start
    if any(kind.value in ctx.rules.words("negation", kinds)
           and ctx.rules.regex("negation", words).search(text, start, end)
           for kinds, words in OBJECT_LISTS):
        return True
    if kind.value not in ctx.rules.words("negation", "object_kinds"):
        return False
    return _names_another_provider(ctx, text[start:end]) or _names_a_sibling(ctx, text, start, end)


def _papers_returned(ctx: Context, text: str, match: re.Match[str], kind: Kind) -> bool:
    """True if what came back is an application, not money: the match names no money and its
    sentence names papers and no money ("注销申请(工单 …)经初审，资料不完整，已退回")."""
    if kind.value not in ctx.rules.words("negation", "goods_kinds"):
        return False
    money = ctx.rules.regex("negation", "money")
    if money.search(match.group(0)):
        return False
    sentence = text[_sentence_start(text, match.start()):_sentence_end(text, match.end())]
    return bool(ctx.rules.regex("negation", "papers").search(sentence)) and not money.search(sentence)


def _names_a_sibling(ctx: Context, text: str, start: int, end: int) -> bool:
    """True if the clause's line names an identifier only a sibling of one the merchant asks
    about (identifiers.asked: the subject's, the quoted request's): same head, same length,
    another number ("注销机身号N8F2403305512" above "N8F2311080041 —— 已于10月12日注销"; the
    merchant's other terminal is cancelled, not this one)."""
    asked = identifiers.asked(ctx)
    if not asked:
        return False
    line_start = _line_start(text, start)
    line_end = text.find("\n", end)
    named = identifiers.IDENTIFIER.findall(text, line_start, line_end if line_end >= 0 else len(text))
    if not named or any(value in asked for value in named):
        return False
    return any(value[:SIBLING_HEAD] == other[:SIBLING_HEAD] and len(value) == len(other)
               for value in named for other in asked)


def _names_another_provider(ctx: Context, clause: str) -> bool:
    if ctx.provider == UNKNOWN_PROVIDER:
        return False
    names, slugs = domains.provider_names(ctx.rules, ctx.registry)
    return any(slugs[found.group(0).lower()] != ctx.provider for found in names.finditer(clause))


def _a_step_ahead(text: str, match: re.Match[str]) -> bool:
    """True if the match is a step of a progress chain not yet marked done
    ("提交申请(已完成) > 审核中 > 取消完成": a line of three steps or more), or a
    numbered row of a progress table whose status cell says it is not reached."""
    if _on_a_row_ending_in(text, match, STEP_PENDING):
        return True
    line_start = _line_start(text, match.start())
    line_end = text.find("\n", match.end())
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if len(STEP_ARROW.findall(line)) < 2:
        return False
    before = text[line_start:match.start()].rstrip()
    # The step's own words may carry its mark ("注销完成(已完成"): looked for from the match's start.
    marked = STEP_DONE.search(text, match.start(), match.end() + STEP_MARK_REACH)
    return bool(STEP_ARROW.search(before[-2:])) and not marked


def _a_step_name(text: str, match: re.Match[str]) -> bool:
    """True if the match is in the name of a numbered progress table row, before its status cell
    ("2 网点欠费核查 已完成": no fee is demanded)."""
    return _on_a_row_ending_in(text, match, STEP_STATUS)


def _on_a_row_ending_in(text: str, match: re.Match[str], cell: re.Pattern[str]) -> bool:
    """True if the match stands on a numbered progress-table row whose rest ends in `cell`."""
    line_end = text.find("\n", match.end())
    return bool(STEP_ROW.match(text, _line_start(text, match.start()))
                and cell.match(text, match.end(), line_end if line_end >= 0 else len(text)))


def _in_another_objects_paragraph(ctx: Context, text: str, match: re.Match[str], kind: Kind) -> bool:
    """True if the match's paragraph is about another object as a whole (a card sale's
    void: 消费撤销 ... 状态 撤销成功): negation.paragraph_objects, for negation.object_kinds."""
    if kind.value not in ctx.rules.words("negation", "object_kinds"):
        return False
    last = LAST_PARAGRAPH_END.match(text, 0, match.start())
    start = last.end() if last else 0
    return bool(ctx.rules.regex("negation", "paragraph_objects").search(text, start, _paragraph_end(text, match)))


def _in_a_legend(ctx: Context, text: str, match: re.Match[str]) -> bool:
    """True if a legend's title stands above the match in its paragraph ("Status guide /
    Completed - refund credited", 状态说明): what each status would mean, not this case's
    (negation.legends).  The current status above the title is still read."""
    last = LAST_PARAGRAPH_END.match(text, 0, match.start())
    return bool(ctx.rules.regex("negation", "legends").search(text, last.end() if last else 0, match.start()))


def _on_a_tip_line(ctx: Context, text: str, match: re.Match[str], kind: Kind) -> bool:
    """True if the match's line is a tip or a note (温馨提示：已注销的商户号不可恢复): general
    advice, not this merchant's status (negation.tip_lines at the line's start, for object_kinds)."""
    if kind.value not in ctx.rules.words("negation", "object_kinds"):
        return False
    line_start = _line_start(text, match.start())
    return bool(ctx.rules.regex("negation", "tip_lines").match(text, line_start, match.start()))


def _waived(ctx: Context, text: str, match: re.Match[str], kind: Kind | None) -> bool:
    """True if the clause before a fee says it is not charged (negation.waived), or the words
    after it say it is paid already ("解约费用已缴清": negation.paid_after), for waived_kinds."""
    if kind is None or kind.value not in ctx.rules.words("negation", "waived_kinds"):
        return False
    if ctx.rules.regex("negation", "paid_after").match(text, match.end()):
        return True
    return bool(ctx.rules.regex("negation", "waived").search(text, _clause_start(text, match.start()), match.start()))


def _sentence_voids(ctx: Context, restated: bool) -> re.Pattern[str]:
    """negation.conditional, with negation.reported when restatements void the kind, as one
    alternation: both are looked for in the same sentence window, and only whether either occurs counts."""
    def build() -> re.Pattern[str]:
        words = ctx.rules.words("negation", "conditional")
        return alternation(words + ctx.rules.words("negation", "reported") if restated else words)
    return ctx.rules.derive(("negation-sentence", restated), build)


def _denied(ctx: Context, text: str, match: re.Match[str], kind: Kind) -> bool:
    """True if the text denies the status elsewhere ("...取消成功，其实还没有取消哦"; "前台显示
    已注销 ... 还不算真正注销完成"; "上个月那单已经取消了……这次这个还没取消下来").

    A provider that says a cancellation is not done has not confirmed one: a
    status word beside the denial is another order's, a screen's, or a slip.
    Only for the kinds in negation.denial_kinds; a denial inside a condition
    ("如仍未注销，请来电") denies nothing.
    """
    if kind.value not in ctx.rules.words("negation", "denial_kinds"):
        return False
    if ctx.rules.regex("negation", "retracted_later").search(text, match.end()):
        return True
    for denial in ctx.rules.regex("negation", "denied").finditer(text):
        # The match's own words, and an attribute ("尚未注销的其他终端", "还没取消的话"), deny nothing of it.
        if match.start() <= denial.start() < match.end() or text.startswith("的", denial.end()):
            continue
        sentence = _sentence_start(text, denial.start())
        condition = ctx.rules.regex("negation", "hypothetical").search(text, sentence, denial.start())
        # A condition's reach ends where a clause turns to the present ("如果您是要注销商户，那属于另一项
        # 业务，目前并没有办理"): a denial after that turn is said of now.
        if condition and not ctx.rules.regex("negation", "present_turn").search(text, condition.end(), denial.start()):
            continue
        return True
    return False


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _paragraph_end(text: str, match: re.Match[str]) -> int:
    """Where the paragraph holding `match` ends: its blank line, or the text's end."""
    found = PARAGRAPH_END.search(text, match.end())
    return found.start() if found else len(text)


def _clause_start(text: str, stop: int) -> int:
    """Where the clause around `stop` begins: the end of the last CLAUSE_END before it.

    The greedy LAST_CLAUSE_END backs off from `stop` to that end: one call in C
    that reads only the clause, where a scan of the text would read it all.
    """
    # A full stop just before `stop` ends a clause if a space follows it: the match cannot look past `stop`.
    if stop and text[stop - 1] == "." and text[stop:stop + 1].isspace():
        return stop
    last = LAST_CLAUSE_END.match(text, 0, stop)
    return last.end() if last else 0


def _sentence_start(text: str, stop: int) -> int:
    """Where the sentence around `stop` begins: the end of the last SENTENCE_END before it.

    As SENTENCE_END.finditer(text, 0, stop) finds: a "." just before `stop`
    ends a sentence there, whatever follows it; elsewhere a "." ends one when
    a space follows it (the match takes the space too).
    """
    if stop and text[stop - 1] == ".":
        return stop
    last = LAST_SENTENCE_END.match(text, 0, stop)
    return last.end() if last else 0


def _sentence_end(text: str, pos: int) -> int:
    """Where the sentence going on at `pos` ends: the next SENTENCE_END, or the text's end."""
    found = SENTENCE_END.search(text, pos)
    return found.start() if found else len(text)


def _quoted(text: str, start: int, stop: int) -> bool:
    """True if the clause text[start:stop] before a match leaves a quotation open.

    Open if the last quotation mark in it opens one (LAST_QUOTE backs off from
    `stop`), or its straight double quotes are odd in number.
    """
    last = LAST_QUOTE.match(text, start, stop)
    return (last is not None and last.group(1) in OPEN_QUOTES) or text.count('"', start, stop) % 2 == 1


def _about_a_case(ctx: Context) -> bool:
    """A mail from outside the providers' domains must speak of a POS-type case, or name a
    provider (an agent on a personal address, a domain the registry does not list) and not be
    a courier's notice of a parcel to or from one (its subject says so, or it names no case)."""
    if ctx.provider != UNKNOWN_PROVIDER:
        return True
    if _in_subject_or_head(ctx, ctx.rules.regex("unrelated", "words")):
        return False
    if ctx.rules.regex("context", "courier_notice").search(ctx.subject):
        return False
    if _in_subject_or_head(ctx, ctx.rules.regex("context", "case")):
        return True
    if _in_subject_or_head(ctx, ctx.rules.regex("context", "courier")):
        return False
    names, _ = domains.provider_names(ctx.rules, ctx.registry)
    return bool(names.search(ctx.subject) or names.search(ctx.head))


def _in_subject_or_head(ctx: Context, regex: re.Pattern[str]) -> bool:
    """True if `regex` finds something in the subject and head joined by a line break.

    A list that cannot match or look across a line break (sieve.Keywords.one_line)
    is asked about each alone: the head's sieve pass is then the one already made.
    """
    if getattr(regex, "one_line", False):
        return bool(regex.search(ctx.subject) or regex.search(ctx.head))
    return bool(regex.search(sieve.joined(regex, ctx.subject, ctx.head)))
