"""Trust: DKIM verified offline with injected keys, trusted Authentication-Results, forwards."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import dkim
import pytest

from pipeline.findings import Analysis, Kind
from pipeline.registry import load_registry
from pipeline.trust import assess, auth_results_pass, dkim_pass, dns_func
from tests.workflow_kit import LAKALA_SENDER, ROOT, rsa_key, settings

REGISTRY = load_registry(ROOT / "config" / "providers.toml")
LAKALA = REGISTRY.get("lakala")


@pytest.fixture(scope="module")
def key(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path]:
    """A private key and a keys file publishing it as s1._domainkey.service.lakala.example."""
    folder = tmp_path_factory.mktemp("dkim")
    private, record = rsa_key(folder)
    keys = folder / "dkim-keys.toml"
    keys.write_text(f'"s1._domainkey.service.lakala.example" = "{record}"\n', encoding="utf-8")
    return private, keys


def _mail(sender: str = LAKALA_SENDER, body: str = "撤单成功。订单号：LKL2025010600001") -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "zhangwei@qq.example", "撤单成功"
    msg["Message-ID"] = "<m1@service.lakala.example>"
    msg.set_content(body)
    return msg.as_bytes()


def _signed(private: bytes, raw: bytes, domain: bytes = b"service.lakala.example") -> bytes:
    return dkim.sign(raw, b"s1", domain, private, include_headers=[b"from", b"to", b"subject", b"message-id"]) + raw


def _analysis(sender: str = LAKALA_SENDER, **kw) -> Analysis:  # type: ignore[no-untyped-def]
    return Analysis(kind=Kind.CANCEL_CONFIRMED, provider="lakala", sender=sender, from_addr=sender, **kw)


def test_a_dkim_signature_that_verifies_for_the_provider_domain_is_trusted(tmp_path, key) -> None:
    private, keys = key
    s = settings(tmp_path, trust={"dkim_keys_file": keys})
    verdict = assess(_signed(private, _mail()), _analysis(), REGISTRY, s, s.merchants[0])
    assert verdict.trusted and "DKIM" in verdict.reason


def test_a_message_altered_after_signing_is_not_trusted(key) -> None:
    private, keys = key
    tampered = _signed(private, _mail()).replace("撤单成功。".encode(), "撤单成功!".encode())
    assert not dkim_pass(tampered, LAKALA, dns_func(keys))


def test_a_valid_signature_of_another_domain_does_not_vouch_for_the_provider(key) -> None:
    private, keys = key
    keys.write_text(keys.read_text() + f'"s1._domainkey.evil.example" = "{_record(keys)}"\n')
    assert not dkim_pass(_signed(private, _mail(), b"evil.example"), LAKALA, dns_func(keys))


def test_a_sender_outside_the_provider_domains_is_never_trusted(tmp_path, key) -> None:
    private, keys = key
    s = settings(tmp_path, trust={"dkim_keys_file": keys})
    raw = _signed(private, _mail("service@lakala-refund.example"))
    assert not assess(raw, _analysis("service@lakala-refund.example"), REGISTRY, s, s.merchants[0]).trusted


def test_authentication_results_count_only_from_a_trusted_authserv_id() -> None:
    good = b"Authentication-Results: mx.pos-assist.test; dkim=pass header.d=service.lakala.example\r\n" + _mail()
    forged = b"Authentication-Results: mx.evil.example; dkim=pass header.d=service.lakala.example\r\n" + _mail()
    assert auth_results_pass(good, ["mx.pos-assist.test"], LAKALA)
    assert not auth_results_pass(forged, ["mx.pos-assist.test"], LAKALA)


def test_only_the_topmost_trusted_authentication_results_header_counts() -> None:
    raw = (b"Authentication-Results: mx.pos-assist.test; dkim=fail header.d=service.lakala.example\r\n"
           b"Authentication-Results: mx.pos-assist.test; dkim=pass header.d=service.lakala.example\r\n" + _mail())
    assert not auth_results_pass(raw, ["mx.pos-assist.test"], LAKALA)


def test_a_forwarded_original_is_trusted_when_its_own_signature_verifies(tmp_path, key) -> None:
    private, keys = key
    s = settings(tmp_path, trust={"dkim_keys_file": keys})
    a = _analysis(forwarded=True, forwarder="zhangwei@qq.example", original_raw=_signed(private, _mail()))
    assert assess(b"From: zhangwei@qq.example\r\n\r\nfwd", a, REGISTRY, s, s.merchants[0]).trusted


def test_an_inline_forward_is_trusted_only_when_the_merchant_forwarding_is_trusted(tmp_path) -> None:
    a = _analysis(forwarded=True, forwarder="zhangwei@qq.example")
    plain = settings(tmp_path)
    trusting = settings(tmp_path, merchant={"trusted_forwarding": True})
    assert not assess(b"\r\n", a, REGISTRY, plain, plain.merchants[0]).trusted
    assert assess(b"\r\n", a, REGISTRY, trusting, trusting.merchants[0]).trusted


def test_dkim_keys_may_be_given_as_json(tmp_path, key) -> None:
    private, keys = key
    json_keys = tmp_path / "keys.json"
    json_keys.write_text('{"s1._domainkey.service.lakala.example.": "%s"}' % _record(keys))
    assert dkim_pass(_signed(private, _mail()), LAKALA, dns_func(json_keys))


def _record(keys: Path) -> str:
    return keys.read_text().splitlines()[0].split(" = ", 1)[1].strip('"')
