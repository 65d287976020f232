"""Families of phrasings, not single files: each family is tried with wordings no corpus has.

Completion and closure words confirm; refusals (with or without a condition such as
如坚持 ... 需支付) reject; acknowledgements, conditional document requests and
announced-but-future dispatch keep their own kinds; newsletters and look-alike senders
are marketing; a provider's corrected order number beats the merchant's quoted one.
"""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from pipeline.analysis import Analyser
from pipeline.findings import Kind
from pipeline.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser(load_registry(ROOT / "config" / "providers.toml"))


def message(body: str, subject: str = "通知", sender: str = "service@lakala.example",
            headers: dict[str, str] | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "shop@qq.example"
    msg["Subject"] = subject
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    return msg.as_bytes()


def kind_of(analyser: Analyser, body: str, **kwargs) -> Kind:
    return analyser.analyse(message(body, **kwargs)).kind


COMPLETED = [
    "您名下商户的撤机申请已办结，对应终端已于2025年3月2日完成注销。",
    "您的终止合作手续已完成，名下终端已全部关闭。",
    "解约手续已办妥，感谢您一直以来的支持。",
    "经核实，贵店的POS机已关停，后续不再产生任何费用。",
    "我们已为您终止合作，相关协议同时失效。",
    "您的账户销户成功。",
    "注销流程已全部办理完毕。",
    "閣下的終止服務手續已辦妥。",
    "閣下的合約已終止，終端不再收取任何費用。",
    "我們已於3月5日完成註銷。",
]


@pytest.mark.parametrize("body", COMPLETED)
def test_a_completed_closure_in_any_wording_confirms_the_cancellation(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


NOT_COMPLETED = [
    "撤机手续尚未办结，请耐心等待。",
    "预计3月2日完成注销，届时另行通知。",
    "终端将于下月完成注销。",
    "撤机手续是否已办结？请回复告知。",
    "如终止合作手续已完成，请忽略本邮件。",
    "待注销手续已完成后，我们将退还押金。",
    "您的取消申请已撤回，服务将继续正常提供。",
    "您的解约申请已完成提交，我们将尽快审核。",
    "注销手续已办结的商户可在APP内申请退还押金。",
    "註銷手續尚未辦妥，請耐心等候。",
    "如閣下的合約已終止，請忽略本郵件。",
    "閣下的取消申請已撤銷，服務照常。",
]


@pytest.mark.parametrize("body", NOT_COMPLETED)
def test_pending_conditional_questioned_or_withdrawn_closure_never_confirms(analyser, body):
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED


def test_a_done_cancellation_with_a_future_refund_is_confirmed_with_the_refund_amount(analyser):
    body = "您的终止合作手续已完成。您已缴纳的服务费¥298.00将于7个工作日内原路退回。"
    result = analyser.analyse(message(body))
    assert (result.kind, result.amount_cny) == (Kind.CANCEL_CONFIRMED, 298.0)


REFUSALS = [
    ("根据协议约定需满12个月方可解约，您的设备仅使用5个月，暂时无法为您办理。"
     "如坚持提前解约，需支付违约金500元。", 500.0),
    ("很抱歉，我們現階段未能為閣下辦理取消。如堅持提前終止，須繳付提前解約費人民幣600.00元。", 600.0),
    ("若您执意提前终止合作，须缴纳违约金800元。", 800.0),
    ("您的注销申请，因仍有未结清的服务费，恕难办理。", None),
    ("抱歉，合约期内暂不支持撤机。", None),
    ("您的撤机申请不予受理。", None),
    ("服務期須滿24個月方可終止，恕難為閣下辦理註銷。", None),
]


@pytest.mark.parametrize(("body", "amount"), REFUSALS)
def test_a_refusal_even_with_a_conditional_penalty_rejects_the_cancellation(analyser, body, amount):
    result = analyser.analyse(message(body))
    assert (result.kind, result.amount_cny) == (Kind.CANCEL_REJECTED, amount)


def test_a_plain_penalty_demand_without_a_refusal_stays_a_fee_notice(analyser):
    assert kind_of(analyser, "提前解约需支付违约金300元，请于3日内缴清。") is Kind.FEE_NOTICE


def test_an_unrelated_refusal_to_handle_something_else_is_no_cancel_rejection(analyser):
    body = "您的开户资料不全，暂时无法为您办理，请补充营业执照照片。"
    assert kind_of(analyser, body) is Kind.INFO_REQUESTED


ACKNOWLEDGED = [
    "您的解约申请我们已收到，目前正在核实设备及账户状态。",
    "您的撤机申请已登记，我们将在3个工作日内回复。",
    "您的终止服务请求已记录，处理结果将短信通知。",
    "注销申请正在处理，请勿重复提交。",
    "我们已受理您的终止合作申请。",
    "閣下的終止服務申請已登記，我們將於五個工作天內完成審核。",
    "閣下的註銷申請正在處理。",
    "我們已收到閣下的終止合作申請。",
]


@pytest.mark.parametrize("body", ACKNOWLEDGED)
def test_a_received_or_in_progress_cancellation_request_is_acknowledged(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


INFO_REQUESTS = [
    "如需取消，请先补充以下材料：营业执照、身份证、机具序列号。",
    "办理注销前，请务必提供法人身份证正反面。",
    "请尽快上传机具背面照片，以便核实。",
    "如需解约，请准备以下资料后回复本邮件。",
    "如需取消，請先提供以下文件：商業登記證。",
]


@pytest.mark.parametrize("body", INFO_REQUESTS)
def test_a_conditional_request_for_documents_is_an_info_request(analyser, body):
    assert kind_of(analyser, body) is Kind.INFO_REQUESTED


FUTURE_DISPATCH = [
    "审核通过，账户已开通。设备将于近日寄出，请留意发货通知。",
    "您的申请已审核通过，设备预计3个工作日内发货。",
    "开通成功！机具即将寄出，敬请关注发货通知。",
    "審核已通過，設備將於近日寄出，請留意發貨通知。",
]


@pytest.mark.parametrize("body", FUTURE_DISPATCH)
def test_an_approval_that_only_announces_dispatch_is_not_shipped(analyser, body):
    assert kind_of(analyser, body) is Kind.APPLICATION_APPROVED


def test_a_dispatch_that_happened_is_still_shipped(analyser):
    assert kind_of(analyser, "您的设备已发货，快递单号SF1234567890。") is Kind.SHIPPED


NEWSLETTERS = [
    "商户月刊\n老商户续约享违约金全免政策\n推荐新商户开通，立返 ¥50 奖励金\n支持在线注销、在线取消订单\n取消订阅",
    "三月福利：推荐有礼，每推荐一位商户立返30元！\n不想再收到？取消订阅",
    "匯通商戶通訊：推薦有禮，立返HK$50。\n取消訂閱",
]


@pytest.mark.parametrize("body", NEWSLETTERS)
def test_a_providers_own_newsletter_is_marketing_with_nothing_extracted(analyser, body):
    result = analyser.analyse(message(body, subject="商户福利", sender="newsletter@edm.umpay.example"))
    assert result.kind is Kind.MARKETING
    assert (result.order_number, result.amount_cny) == (None, None)


def test_an_unsubscribe_footer_alone_does_not_turn_a_case_mail_into_marketing(analyser):
    body = "您的订单已成功取消。\n如不想再收到此类通知，请取消订阅。"
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


LOOKALIKES = [
    ("security@lakala-verify.test",
     "Your Lakala POS account will be cancelled within 24 hours.\n"
     "To avoid a termination penalty of RMB 1,500.00, please verify your account now."),
    ("notice@umpay-service.test", "您的POS商户账户将被注销，违约金2000元，请点击链接立即验证身份。"),
    ("kefu@mail.shengpay-cn.test", "您的终端存在异常，请点击此处立即登录，否则将扣除违约金。"),
]


@pytest.mark.parametrize(("sender", "body"), LOOKALIKES)
def test_a_look_alike_sender_domain_with_a_call_to_act_is_marketing(analyser, sender, body):
    result = analyser.analyse(message(body, subject="Urgent", sender=sender))
    assert (result.kind, result.provider, result.amount_cny) == (Kind.MARKETING, "unknown", None)


def test_a_registered_subdomain_is_no_look_alike(analyser):
    body = "您的订单已发货，快递单号SF1234567890。如需帮助请点击此处。"
    assert kind_of(analyser, body, sender="notice.mail@svc.lakala.example") is Kind.SHIPPED


CORRECTIONS = [
    "经查，您提供的订单号有误，系统中您的订单号应为 XYF2025010311243。暂时无法为您取消订单。",
    "您来信中的订单号不正确，订单号更正为XYF2025010311243，您的取消申请已受理。",
    "Order No. should be XYF2025010311243. We have received your cancellation request.",
]


@pytest.mark.parametrize("body", CORRECTIONS)
def test_the_providers_corrected_order_number_beats_the_merchants_quoted_one(analyser, body):
    quoted = "\n\n-----原始邮件-----\n发件人: shop@qq.example\n主题: 申请取消订单\n\n我的订单号是 XYF2025010311234，请取消。"
    result = analyser.analyse(message(body + quoted, subject="Re: 申请取消订单",
                                      sender="kefu@xingyifu.example"))
    assert result.order_number == "XYF2025010311243"
