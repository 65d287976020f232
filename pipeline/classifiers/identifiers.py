"""Finding identifiers by the label printed before them, and telling look-alikes apart.

Shared by the order-number, terminal-SN and merchant-ID classifiers.  A value
is taken only after one of its labels; values after a distractor label
(工单号, 快递单号, 流水号 ...) are remembered so registry patterns skip them too.
"""

from __future__ import annotations

import re
from functools import partial

from pipeline.classifiers import heads
from pipeline.classifiers.context import SCAN_LIMIT, Context
from pipeline.findings import Kind
from pipeline.parsing.normalise import looks_like_date
from pipeline.registry import Registry

# After the label: an optional parenthesised remark, a colon-like word (or a table's '|'),
# then the value.
# A correction ("订单号应为 X") names the right value, so it reads like a colon.
GLUE = (
    r"[ \t]*(?:[(\[【][^)\]】\n]{0,24}[)\]】])?[ \t]*"
    r"(?:(?::|#|\||(?:应|應|更正)?(?:为|是|為)|is|should be)[ \t]*){0,2}\n?[ \t]*"
    # The value itself in brackets: "S/N (K3005527190A)".
    r"(?:[(（][ \t]*)?"
)
# Spaces are allowed inside a value only before digit groups ("SQ 2024 0827 6198", "KDT 2508-330219"); dots
# only between letters and digits ("ZFT.5581.B10422", never a sentence's full stop).
# A value holds a digit: a word after a label is another label ("商戶編號 Merchant ID: 852...").
VALUE = (r"(?P<v>(?=[A-Za-z\-/]*(?:\.[A-Za-z\-/]*)*[ ]?[0-9])[A-Za-z0-9][A-Za-z0-9\-/]*(?:\.[A-Za-z0-9][A-Za-z0-9\-/]*)*"
         r"(?:[ ][0-9]{2,}(?:-[0-9]{2,})*(?![A-Za-z0-9]))*)")
PHONE = re.compile(r"^(?:(?:400|800)\d{7}|95\d{3,6}|1[3-9]\d{9})$")
TRACKING = re.compile(r"^(?:SF|YT|JD|JT|ZTO|YD|EMS|STO)\d{10,15}$|^\d{14,15}$")
BANK_CARD = re.compile(r"^\d{17,19}$")


def label_pattern(labels: list[str], distractors: list[str]) -> re.Pattern[str]:
    """Label pattern whose group 'd' is a distractor label, 'f' the field's label, 'v' the value."""
    field = "|".join(sorted(labels, key=len, reverse=True))
    bad = "|".join(sorted(distractors, key=len, reverse=True)) or r"(?!x)x"
    return re.compile(rf"(?:(?P<d>{bad})|(?<![A-Za-z])(?P<f>{field}))(?![a-z]){GLUE}{VALUE}")


def clean(value: str) -> str:
    """Normalise a value as printed: no spaces, hyphens kept, letters upper-case
    (providers' identifiers are; one printed "ump-2025-118305" is the same order)."""
    return value.replace(" ", "").strip("-/").upper()


def plausible(value: str, min_len: int = 6, min_digits: int = 4, labelled: bool = True) -> bool:
    """False for values that cannot be an identifier (too short, dates, phones).

    Unlabelled values must also not look like a waybill: a label says more than a shape.
    """
    if len(value) < min_len or sum(map(str.isdigit, value)) < min_digits:
        return False
    plain = value.replace("-", "")
    if looks_like_date(plain) or PHONE.match(plain):
        return False
    return labelled or not (TRACKING.match(plain) or BANK_CARD.match(plain))


FIELDS = ("order_number", "terminal_sn", "merchant_id")
REGISTRY_PATTERNS = {"order_number": "order_patterns", "terminal_sn": "sn_patterns"}
# The fields whose labelled values a registry attribute's pattern never takes.
OTHER_FIELDS = {"sn_patterns": ("merchant_id", "order_number"), "order_patterns": ("merchant_id",)}
# How far before a label a correction word may stand ("正确的订单号是 X").
CORRECTION_LEAD = 6
# Where a sentence ends: "." only before a space, and not after an abbreviation ("merchant no. 8222…").
SENTENCE_END = re.compile(r"[。；;！!？?\n]|(?<![Nn]o)(?<![Rr]ef)\.(?=\s)")
# How far around a value its sentence is looked for.
SENTENCE_REACH = 160
# How far after a value a word saying it is wrong is looked for ("X 少了一位").
CORRECTION_TAIL = 12
APPLICATION_KINDS = frozenset({Kind.APPLICATION_RECEIVED, Kind.APPLICATION_APPROVED, Kind.SHIPPED})
# The combined label pattern's groups: label groups in order of precedence, then the value.
GROUPS = ("distractor", *FIELDS, "v")
# An order number or SN as written (letters and digits, mostly digits): what a subject or a request names.
IDENTIFIER = re.compile(r"(?<![A-Za-z0-9])(?=[A-Z0-9-]*[0-9]{6})[A-Z][A-Z0-9-]{7,23}(?![A-Za-z0-9])|(?<![0-9])[0-9]{10,20}(?![0-9])")


Hit = tuple[str, str, str, re.Match[str]]


def asked(ctx: Context) -> list[str]:
    """The identifiers the merchant asks about: in the subject, and in the request a reply
    quotes below the provider's newest text ("我要撤销订单XYF2405200391"), unless the reply
    corrects the number the merchant gave ("您的订单号应为 …")."""
    found = ctx.memo.get("asked")
    if found is None:
        body, new = ctx.provider_body, ctx.new_text
        corrects = ctx.rules.regex("labels", "correction").search(ctx.head)
        quoted = body[len(new):] if new and body.startswith(new) and not corrects else ""
        found = ctx.memo["asked"] = IDENTIFIER.findall(ctx.subject) + IDENTIFIER.findall(quoted[:SCAN_LIMIT])
    return found  # type: ignore[return-value]


def hits(ctx: Context) -> list[list[Hit]]:
    """Per text, the (field, label, value, match) found after labels, scanned once per message.

    field is 'distractor' for values after a distractor label.  Every text is
    scanned at once: merchant_id and the distractors need them all in nearly
    every message, and one burst finds the patterns still in cache where three
    visits from three steps find them evicted.
    """
    cached = ctx.memo.get("label_hits")
    if cached is None:
        cached = ctx.memo["label_hits"] = _scan(ctx)
    return cached  # type: ignore[return-value]


def labelled_in(ctx: Context, text: str) -> bool:
    """True if `text` prints an order number, SN or merchant ID after its label.

    Read apart from hits(): asked before the kind is known, whose answer
    hits() depends on (application mail has labels of its own).
    """
    scanner: heads.Scanner = ctx.rules.derive(("label-scanner", False), partial(_scanner, ctx))  # type: ignore[arg-type, assignment]
    return any(_hit(match)[0] != "distractor" for match in scanner.finditer(text))


def _scan(ctx: Context) -> list[list[Hit]]:
    application = ctx.kind in APPLICATION_KINDS
    build = partial(_scanner, ctx)
    scanner: heads.Scanner = ctx.rules.derive(("label-scanner", application), build)  # type: ignore[arg-type, assignment]
    after: tuple[re.Pattern[str], re.Pattern[str]] = ctx.rules.derive(  # type: ignore[arg-type, assignment]
        ("label-after", application), partial(_trailing, ctx))
    found = []
    for text in ctx.texts():
        matches = scanner.finditer(text)
        # Many texts (subjects) hold no label: no comprehension is set up for them.
        hits = [_hit(m) for m in matches] if matches else []
        if "(" in text:
            hits += _trailing_hits(after, text)
        found.append(hits)
    return found


def _trailing(ctx: Context) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A value with its label after it in brackets, 'LKL2025…(订单号)': the bracketed label
    (a literal '(' first: found in C), and the whole form with _combined's groups."""
    groups, words = [], []
    for name, labels in _labels(ctx).items():
        ordered = "|".join(sorted(labels, key=len, reverse=True)) or r"(?!x)x"
        groups.append(f"(?P<{name}>{ordered})")
        words += labels
    bracketed = re.compile(rf"\((?:{'|'.join(sorted(words, key=len, reverse=True))})\)")
    return bracketed, re.compile(rf"(?<![A-Za-z0-9\-/.]){VALUE}[ \t]*\((?:{'|'.join(groups)})\)")


# How far before a bracketed label its value may start.
VALUE_REACH = 48


def _trailing_hits(after: tuple[re.Pattern[str], re.Pattern[str]], text: str) -> list[Hit]:
    bracketed, whole = after
    hits = []
    for label in bracketed.finditer(text):
        # The value ends where the bracket opens: the whole form is tried only near it.
        for match in whole.finditer(text, max(0, label.start() - VALUE_REACH), label.end()):
            if match.end() == label.end():
                hits.append(_hit(match))
    return hits


def _scanner(ctx: Context) -> heads.Scanner:
    """The combined label pattern, tried only where a label starts (no guard needed there)."""
    pattern = re.compile(_combined(_labels(ctx)))
    # Both kinds of mail share one finder: it knows every label either may use.
    starts = ctx.rules.derive("label-heads", partial(_starts, ctx))
    return heads.Scanner(pattern, starts)


def _starts(ctx: Context) -> re.Pattern[str]:
    keys = ("distractor", *FIELDS, "application_order_number")
    return heads.finder(word for key in keys for word in ctx.rules.words("labels", key))


def _combined(labels: dict[str, list[str]]) -> str:
    groups = []
    for name, words in labels.items():
        guard = "" if name == "distractor" else "(?<![A-Za-z])"
        # An empty list keeps its group, never matching: _hit() reads every group.
        ordered = "|".join(sorted(words, key=len, reverse=True)) or r"(?!x)x"
        groups.append(f"{guard}(?P<{name}>{ordered})")
    return rf"(?:{'|'.join(groups)})(?![a-z]){GLUE}{VALUE}"


def _labels(ctx: Context) -> dict[str, list[str]]:
    """Labels per field; 受理编号-style words name the order only in application mail."""
    words = {name: list(ctx.rules.words("labels", name)) for name in ("distractor", *FIELDS)}
    special = ctx.rules.words("labels", "application_order_number")
    if ctx.kind in APPLICATION_KINDS:
        words["distractor"] = [w for w in words["distractor"] if w not in special]
        words["order_number"] += special
    return words


def _hit(match: re.Match[str]) -> tuple[str, str, str, re.Match[str]]:
    """(field, label, value, match): the first label group that took part names the field."""
    distractor, order, sn, merchant, value = match.group(*GROUPS)
    if distractor:
        return "distractor", distractor, clean(value), match
    if order:
        return "order_number", order, clean(value), match
    if sn:
        return "terminal_sn", sn, clean(value), match
    return "merchant_id", merchant, clean(value), match


def _lead(match: re.Match[str]) -> str:
    """What precedes the value, from a little before the label: where correction words stand."""
    return match.string[max(0, match.start() - CORRECTION_LEAD):match.start("v")]


def _tail(match: re.Match[str]) -> str:
    """What follows the value in its clause: where "少了一位" or "不存在" would say it is wrong."""
    return match.string[match.end():match.end() + CORRECTION_TAIL].lstrip(" \t,，")


# A line that continues a value a narrow template broke: digits, then the line ends
# or a non-alphanumeric follows.
CONTINUED = re.compile(r"\n([0-9]{2,})(?=$|\n|[^0-9A-Za-z])")
MAX_VALUE = 24


def _wrapped(ctx: Context, field: str, value: str, match: re.Match[str]) -> str:
    """`value` joined with the digits that open the next line, where a mobile template broke it.

    Joined when that line holds nothing but the digits, or when the case provider's
    registry pattern (any provider's, if unknown) accepts the joined value whole and
    not the value alone; a date or a count on the next line is never taken.
    """
    rest = CONTINUED.match(match.string, match.end())
    if rest is None or len(value) + len(rest.group(1)) > MAX_VALUE:
        return value
    # "UMP-2025-⏎309812": the hyphen the line broke after is the value's own (clean() took it off).
    joined = value + ("-" if match.group("v").endswith("-") else "") + rest.group(1)
    line_end = match.string.find("\n", rest.start(1))
    alone = match.string[rest.start(1):line_end if line_end >= 0 else len(match.string)].strip() == rest.group(1)
    if alone and not looks_like_date(rest.group(1)):
        return joined
    registry = _patterns(ctx, REGISTRY_PATTERNS.get(field, ""))
    accepts = registry.accepts_whole
    return joined if accepts(joined) and not accepts(value) else value


def by_label(ctx: Context, field: str, min_len: int, min_digits: int,
             taken: tuple[str | None, ...] = ()) -> tuple[str | None, str]:
    """Best plausible labelled value of `field` in the first text that has one, with its label.

    Within a text, a value said to be wrong ("X 少了一位") loses, a corrected value
    ("订单号应为 X") beats the others, then one the subject asks about or said in a
    sentence with one, then one the quoted request asks about (asked()) or said with one,
    then one the case provider's registry pattern accepts whole (a number broken
    over two lines is not), then the first written.
    """
    for in_text in hits(ctx):
        # A loop, not a comprehension: most texts hold no hit for the field.
        found = []
        for name, label, value, match in in_text:
            if name == field:
                value = _wrapped(ctx, field, value, match)
                # A value another field already holds ("订单号/SN: A / B" read as SN A) is passed over.
                if value not in taken and plausible(value, min_len, min_digits):
                    found.append((value, label, match))
        if len(found) > 1:
            whole = _patterns(ctx, REGISTRY_PATTERNS.get(field, "")).matches_whole
            correction = ctx.rules.regex("labels", "correction")
            wrong = ctx.rules.regex("labels", "wrong_after")
            tiers = (IDENTIFIER.findall(ctx.subject), asked(ctx))
            found.sort(key=lambda hit: (bool(wrong.match(_tail(hit[2]))), not correction.search(_lead(hit[2])),
                                        _asked_rank(hit[0], hit[2], tiers), not whole(hit[0])))
        if found:
            return found[0][0], found[0][1]
    return None, ""


def _asked_rank(value: str, match: re.Match[str], tiers: tuple[list[str], ...]) -> int:
    """The first tier of asked identifiers (the subject's, then all asked()) that holds `value` or
    is named in its sentence ("…order LKL2025… under merchant no. 8222900581405…": the merchant
    number of the order the subject asks about); len(tiers) if none."""
    text = match.string
    # The sentence around the value, within SENTENCE_REACH on either side.
    start = max(0, match.start() - SENTENCE_REACH)
    for found in SENTENCE_END.finditer(text, start, match.start()):
        start = found.end()
    after = SENTENCE_END.search(text, match.end(), match.end() + SENTENCE_REACH)
    sentence = text[start:after.start() if after else match.end() + SENTENCE_REACH]
    for rank, named in enumerate(tiers):
        if value in named or any(other in sentence for other in named):
            return rank
    return len(tiers)


def by_label_or_pattern(ctx: Context, field: str, attribute: str, min_len: int,
                        min_digits: int, taken: tuple[str | None, ...] = ()) -> tuple[str | None, str]:
    """The labelled value of `field`, else one matching the provider's registry `attribute`; with its source rule."""
    value, label = by_label(ctx, field, min_len, min_digits, taken)
    if value is not None:
        return value, f"label:{label}"
    value, slug = by_pattern(ctx, attribute)
    return value, f"pattern:{slug}"


def distractor_values(ctx: Context) -> set[str]:
    """Values printed after distractor labels anywhere in the message."""
    return {value for in_text in hits(ctx) for name, _, value, _ in in_text if name == "distractor"}


def by_pattern(ctx: Context, attribute: str) -> tuple[str | None, str]:
    """First registry-pattern match (case provider's patterns first) that is no distractor."""
    patterns = _patterns(ctx, attribute)
    if not patterns.entries:
        return None, ""
    texts = list(ctx.texts())
    # The distractors are read only once a candidate shows.
    bad: set[str] | None = None
    for slug, pattern, bare in patterns.entries:
        for text in texts:
            # Bounded, a pattern starts with a look-behind the engine tries at every
            # position; bare, it skips to its literal prefix.  No bare match, no bounded one.
            if bare.search(text) is None:
                continue
            for match in pattern.finditer(text):
                value = clean(match.group(0))
                if not plausible(value, 6, 4, labelled=False):
                    continue
                if bad is None:
                    bad = distractor_values(ctx) | _labelled_otherwise(ctx, attribute)
                if value not in bad:
                    return value, slug
    return None, ""


def _labelled_otherwise(ctx: Context, attribute: str) -> set[str]:
    """Values printed after another field's label: 商户号：XYF3301008842 is no order number or
    SN, nor 订单号 HKRT24091108376 an SN, whatever a registry pattern says (the SN labels
    include bare 终端: too weak to say a value is no order number)."""
    other = OTHER_FIELDS.get(attribute, ("merchant_id",))
    return {value for in_text in hits(ctx) for name, _, value, _ in in_text if name in other}


class _Patterns:
    """One registry attribute's patterns for a case provider, compiled once.

    entries: (slug, bounded, bare) in order of preference; the case provider's own,
    or every provider's when it is unknown (a known provider's own patterns only:
    generic ones, 16 digits, would catch card numbers).  own: the case provider's
    own sources.
    """

    def __init__(self, registry: Registry, provider: str, attribute: str) -> None:
        # Held so the registry's id, part of the cache key, stays its own.
        self.registry = registry
        known = [p for p in registry.providers if p.slug == provider]
        self.own = [source for p in known for source in getattr(p, attribute, [])]
        pairs = [(p.slug, source) for p in known or registry.providers for source in getattr(p, attribute, [])]
        self.entries = [(slug, _bounded(source), re.compile(source)) for slug, source in pairs]

    def accepts_whole(self, value: str) -> bool:
        """Does any pattern of these entries match `value` whole?"""
        return any(bare.fullmatch(value) for _, _, bare in self.entries)

    def matches_whole(self, value: str) -> bool:
        """Does the case provider's own pattern match `value` whole?"""
        # Rarely asked (several labelled values in one text): re's own cache compiles.
        return any(re.fullmatch(source, value) for source in self.own)


def _patterns(ctx: Context, attribute: str) -> _Patterns:
    """The case provider's registry patterns for `attribute`, built once per provider."""
    key = ("registry", attribute, ctx.provider, id(ctx.registry))
    build = partial(_Patterns, ctx.registry, ctx.provider, attribute)
    return ctx.rules.derive(key, build)  # type: ignore[arg-type, return-value]


def _bounded(source: str) -> re.Pattern[str]:
    """A registry pattern that must not sit inside a longer token."""
    return re.compile(rf"(?<![A-Za-z0-9]){source}(?![A-Za-z0-9])")
