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
    "兹证明贵商户已于2025年2月20日在我司办理完毕注销手续，相应终端服务同步终止。",
    "我們已於3月5日完成註銷。",
    "您的自助缴费终端退订已办理成功，服务费自下一账期起停止计收。",
    "陈姐，搞定了，已经给您注销了哈，后面不会再扣服务费了。",
    "您的订单已经帮您撤掉了，不会发货了。",
    "商户号898520074419306的注销已经办好了，系统里已经查不到您这个商户了。",
    "审核过了，您的注销已经成功了。",
    "已帮您把订单 SFT2024112007733 做了关单处理，关单即时生效，不会再有后续扣款。",
    "您的自助缴费终端撤点申请已办结，该网点自9月20日起停止服务。",
    "閣下終止收款服務的申請已於12月5日完成處理，商戶帳戶已停用。",
    "閣下的商戶賬戶（商戶編號 852003318849）已於2025年3月31日正式終止，所有終端機已同時停用。",
    "您申请的自助缴费终端已完成拆机销号，平台账户同步停用。",
    "您的业务状态已更新。当前状态：注销完结，网点账号已停用。",
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


REFUSALS_WITHOUT_AMOUNT = [
    "本公司暫時未能處理閣下之終止申請，直至上述款項全數清繳為止。",
    "We are unable to process the termination of your service until your minimum term ends.",
    "因截至3月12日仍未收到您寄回的终端，系统已自动撤销该注销申请。如仍需注销，请先寄回终端再重新提交。",
]


@pytest.mark.parametrize("body", REFUSALS_WITHOUT_AMOUNT)
def test_a_cancellation_that_cannot_be_processed_yet_is_rejected(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_REJECTED


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


PRICED_CONDITIONS = [
    ("您的机具启用不足一年，未满协议期限，提前终止需缴纳违约金人民币450元，缴纳后我们将继续为您办理注销。", 450.0),
    ("经核实，该商户不符合免费解约条件，需支付设备折旧费180.00元，从押金中扣除后即可办结。", 180.0),
    ("须结清以下费用后方可办理撤机：\n通讯费 ¥36.00\n折旧费 ¥120.00\n合计 ¥156.00", 156.0),
    ("閣下的服務未滿合約期，須繳付提前解約費港幣300元，繳付後即可繼續辦理註銷。", None),
]


@pytest.mark.parametrize(("body", "amount"), PRICED_CONDITIONS)
def test_a_condition_with_its_fee_stated_is_a_fee_notice_not_a_refusal(analyser, body, amount):
    result = analyser.analyse(message(body))
    assert result.kind is Kind.FEE_NOTICE
    if amount is not None:
        assert result.amount_cny == amount


UNPRICED_CONDITIONS = [
    "您的终端未满服务期，请待合约期满后再行申请。",
    "需待机具寄回并验收后方可办理注销，请先安排寄回。",
    "未满合约期，暂不能办理撤机；如坚持提前解约，需支付违约金300元。",
]


@pytest.mark.parametrize("body", UNPRICED_CONDITIONS)
def test_a_condition_without_a_fee_or_beside_a_refusal_stays_a_rejection(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_REJECTED


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
    "We confirm receipt of your request to terminate the service. This is not a termination confirmation.",
    "本次撤机涉及的违约金已为您全额取消，无需支付。\n\n您的撤机申请目前仍在审核中，请耐心等待。",
    "您为注销申请补充的资料已提交成功（身份证正反面、营业执照）。您的注销申请目前仍在审核中。",
    "明天上午一上班我就给您取消好，取消完了系统会给您发短信。",
    "等会儿帮您注销掉哈，现在系统在跑批。",
    "收到啦，我这就去给您撤单，撤完给您回邮件。",
    "已经按您的要求帮您提交了注销申请，审核结果出来会另行通知您。",
    "您的注销申请我们这边已经收到了，现在在风控那边审核。",
    "查过了，您那台机器目前还没注销成功，风控这两天在核，核完短信告诉您。",
    "系统里暂时显示停用，但其实还不算真正销户完成，月底前会处理完。",
    "好的 已经给您提交上去了 有进展我第一时间告诉您",
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
    "If you wish to close the account, reply to this email with your merchant ID and a scanned copy of the signed form.",
    "您的注销申请需完成法人身份核验后方可办理。请于48小时内上传法定代表人手持身份证照片。",
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


def forwarded(original: str, note: str, sender: str, subject: str,
              separator: str = "-------- 转发邮件信息 --------",
              labels: tuple[str, str, str, str] = ("发件人", "发送日期", "收件人", "主题")) -> bytes:
    """A merchant's inline forward of `original` (from `sender`) with a note above it."""
    frm, date, to, subj = labels
    block = (f"{note}\n\n{separator}\n{frm}: {sender}\n{date}: 2025年3月1日 10:03\n"
             f"{to}: shop@163.example\n{subj}: {subject}\n\n{original}")
    return message(block, subject=f"Fw: {subject}", sender="shop@163.example")


RESELLER_ADVERTS = [
    "【POS注销代办】专业代办各大品牌POS机注销解约！不成功全额退款，办理费仅需99元。最快当天撤单成功。",
    "押金不退？我们帮您全额追回！已成功帮助5000+商户解约，违约金可协商减免，当天办结。",
    "代为办理POS机退机退押金，不成功不收费，服务费低至59元，已为上百位商户办理注销成功。",
    "专业处理刷卡机解约纠纷，包办注销手续，已成功帮助上千商户取消合约，加我微信咨询。",
    "We handle the cancellation for you: your POS contract has been cancelled in 24h. No success, no fee!",
    "您的POS是不是已注销、被风控终止了？★ 新机0押金，费率0.38%永不涨 ★ 注销老机不用交违约金，我们帮你搞定",
    "POS机不想用了？一键注销不交违约金！各品牌机器均可高价回收，加微信咨询。",
]


@pytest.mark.parametrize("advert", RESELLER_ADVERTS)
def test_a_resellers_advert_for_cancellation_services_is_marketing_even_saying_done(analyser, advert):
    result = analyser.analyse(forwarded(advert, "这个靠谱吗？", "张经理 <agent@vip.sina.example>",
                                        "POS机注销代办"))
    got = (result.kind, result.provider, result.order_number, result.amount_cny, result.forwarded)
    assert got == (Kind.MARKETING, "unknown", None, None, True)


def test_a_strangers_done_cancellation_beside_a_chat_invitation_never_confirms(analyser):
    body = "您好，您那台POS机已经帮您注销成功了，以后有需要加我微信。"
    assert kind_of(analyser, body, sender="xiaoli_pos@qq.example") is not Kind.CANCEL_CONFIRMED


def test_a_providers_own_confirmation_with_an_anti_fraud_tip_still_confirms(analyser):
    body = "您的POS机已注销成功。\n温馨提示：谨防不法分子以代办注销为名收取费用。"
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


NOTICES = [
    "各会员单位：定于3月20日召开商户收单业务合规培训会，拉卡拉等机构将讲解POS机申请、注销及违约金相关政策。",
    "本期行业资讯：政策解读——POS机提前解约违约金如何计算？设备押金能否退还？",
    "关于举办收单业务研讨会的通知：会议将介绍终端注销流程及欠费处理，请于3月18日前报名参会。",
    "Invitation to our merchant seminar: POS terminal cancellation policies and termination fees explained.",
]


@pytest.mark.parametrize("notice", NOTICES)
def test_a_third_partys_notice_discussing_policies_in_general_is_unrelated(analyser, notice):
    result = analyser.analyse(forwarded(notice, "下周这个会要去吗？", "协会 <office@association.example>",
                                        "会议通知"))
    assert (result.kind, result.amount_cny) == (Kind.UNRELATED, None)


def test_a_providers_fee_notice_citing_the_policy_is_still_a_fee_notice(analyser):
    body = "根据相关政策，您的终端未满合约期提前解约，需支付违约金300元。"
    assert kind_of(analyser, body) in (Kind.FEE_NOTICE, Kind.CANCEL_REJECTED)


HYPOTHETICAL_FAILURES = [
    "您的退款申请已审核通过，¥299.00 已提交银行，预计3-5个工作日到账。\n温馨提示：如退款失败，我们将电话联系您。",
    "退款已提交至银行处理。\n特别提醒：\n1. 若退款被拒（如银行卡已注销），系统将自动重新发起；\n2. 到账后短信通知。",
    "您的退款正在处理中。常见问题：\nQ: 退款失败怎么办？\nA: 请联系客服更换收款账户。",
    "退款审核已通过，将于3个工作日内原路退回。一旦退款未通过银行校验，款项将退回我司账户并通知您。",
    "您的退款已发起，预计5个工作日内到账。万一退款不成功，我们会另行通知。",
    "Your refund has been approved and submitted to the bank. If the refund is rejected by your bank, we will contact you.",
]


@pytest.mark.parametrize("body", HYPOTHETICAL_FAILURES)
def test_a_failure_listed_only_as_a_possibility_does_not_reject_the_refund(analyser, body):
    assert kind_of(analyser, body) is Kind.REFUND_PROCESSING


def test_a_cancellation_in_progress_with_a_what_if_tip_is_acknowledged(analyser):
    body = "您的注销申请已受理，正在处理中。\n温馨提示：如注销失败，我们会短信通知您原因。"
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


REAL_REFUSALS = [
    "很抱歉，您的退款申请未通过审核。如有疑问请致电客服。",
    "退款失败，原因：收款银行卡已注销。",
    "经核实，您的设备已激活使用，不符合退款条件。",
    "We are unable to refund the deposit because the device was activated.",
    "不好意思哈，机器用过之后年费是不予退还的，合同里有写。",
]


@pytest.mark.parametrize("body", REAL_REFUSALS)
def test_a_stated_refusal_still_rejects_the_refund(analyser, body):
    assert kind_of(analyser, body) is Kind.REFUND_REJECTED


DEDUCTED_REFUNDS = [
    ("您申请单号 SQ20250301123456 的退款已办理完成。服务费399元，扣除数据处理费50元、设备折旧费80元，"
     "实退269元，已于2025年3月5日退回您尾号2209的银行卡。", 269),
    ("退款已处理完毕。押金299元扣除折旧费50元后，实际退款249元已于今日退至您的银行卡。", 249),
    ("您的押金已于3月8日原路退回，扣除手续费20元，实退金额179元。", 179),
]


@pytest.mark.parametrize(("body", "amount"), DEDUCTED_REFUNDS)
def test_deductions_inside_a_paid_refund_keep_it_completed_with_the_net_amount(analyser, body, amount):
    result = analyser.analyse(message(body, sender="system@bianmintong.example"))
    assert (result.kind, result.amount_cny) == (Kind.REFUND_COMPLETED, amount)


def test_deductions_inside_an_approved_refund_keep_it_processing(analyser):
    body = "退款申请已审核通过，扣除设备折旧费80元后，剩余219元将于3个工作日内原路退回。"
    assert kind_of(analyser, body) is Kind.REFUND_PROCESSING


def test_a_deduction_announced_alone_is_still_a_fee_notice(analyser):
    assert kind_of(analyser, "您的押金将扣除设备折旧费80元，请知悉。") is Kind.FEE_NOTICE


SHIPPED_CANNOT_CANCEL = [
    "该订单的设备已由京东物流发出（运单号 JDVA20110934557），物流显示已签收，因此无法直接在线取消。",
    "您的POS机已发货，快递单号SF1234567890，暂时无法线上撤单，请签收后寄回。",
    "机器已签收，不能网上注销，需先将设备寄回再办理。",
    "閣下的終端已發出，無法網上取消，請先寄回設備。",
]


@pytest.mark.parametrize("body", SHIPPED_CANNOT_CANCEL)
def test_a_shipped_device_that_cannot_be_cancelled_online_rejects_the_cancellation(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_REJECTED


STATED_CORRECTIONS = [
    "您提供的订单号 XYF2025010311234 在系统中查询不到，您名下的订单应为 XYF2025010311243，请以此为准。",
    "您邮件中的订单号 XYF2025010311234 有误，正确的订单号是 XYF2025010311243。",
    "经核实，订单号 XYF2025010311234 不存在，实际订单号为XYF2025010311243，已为您登记。",
]


@pytest.mark.parametrize("body", STATED_CORRECTIONS)
def test_a_correction_in_the_providers_text_beats_the_wrong_number_it_repeats(analyser, body):
    quoted = "\n\n-----原始邮件-----\n发件人: shop@qq.example\n主题: 取消\n\n订单号 XYF2025010311234 请取消。"
    text = body + "您的取消申请已受理。" + quoted
    result = analyser.analyse(message(text, subject="Re: 取消", sender="kefu@xingyifu.example"))
    assert result.order_number == "XYF2025010311243"


def test_without_a_correction_the_first_number_in_the_providers_text_wins(analyser):
    body = "订单号 XYF2025010311243 的取消申请已受理。\n\n-----原始邮件-----\n发件人: shop@qq.example\n主题: 取消\n\n订单号 XYF2025010311234"
    result = analyser.analyse(message(body, subject="Re: 取消", sender="kefu@xingyifu.example"))
    assert result.order_number == "XYF2025010311243"


TRADITIONAL_SEPARATORS = ["________________________________", "-----原始郵件-----", "----- 轉寄郵件 -----"]


@pytest.mark.parametrize("separator", TRADITIONAL_SEPARATORS)
def test_a_traditional_outlook_forward_is_unwrapped_with_its_provider_and_amount(analyser, separator):
    original = ("閣下申請提前終止訂單 HT2503090331 之刷卡服務。合約期內終止須繳付提前終止服務費"
                "人民幣伍佰元整（RMB 500.00）。")
    raw = forwarded(original, "請幫手睇下點處理", "匯通卡付客戶服務 <cs@huitong-hk.example>",
                    "提前終止服務收費通知", separator=separator,
                    labels=("寄件者", "寄件日期", "收件者", "主旨"))
    result = analyser.analyse(raw)
    got = (result.forwarded, result.provider, result.kind, result.order_number, result.amount_cny)
    assert got == (True, "huitong_hk", Kind.FEE_NOTICE, "HT2503090331", 500)


def html_message(html: str, sender: str) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "shop@qq.example", "退机寄回指引"
    msg.set_content(html, subtype="html")
    return msg.as_bytes()


SPLIT_ORDER_NUMBERS = [
    ("zhongfu", "service@zfpay.example",
     "<p>您的退机申请（订单号 ZF250217<br>448210）已审核通过，请将设备寄回以下地址：</p>"
     "<table><tr><td>订单号</td><td>ZF 2502 1744 8210</td></tr></table>", "ZF250217448210"),
    ("lakala", "service@lakala.example",
     "<p>订单号：<span>LKL2025</span><br><span>03018842</span>，请将设备寄回。</p>"
     "<table><tr><td>订单号</td><td>LKL 2025 0301 8842</td></tr></table>", "LKL202503018842"),
]


@pytest.mark.parametrize(("slug", "sender", "html", "expected"), SPLIT_ORDER_NUMBERS)
def test_an_order_number_broken_in_html_is_taken_whole_from_its_spaced_copy(
        analyser, slug, sender, html, expected):
    result = analyser.analyse(html_message(html, sender))
    assert (result.provider, result.order_number) == (slug, expected)


def test_a_spaced_order_number_is_joined_without_spaces(analyser):
    result = analyser.analyse(message("订单号：LKL 2025 0301 8842，请将设备寄回。"))
    assert result.order_number == "LKL202503018842"


def test_a_labelled_number_outside_the_registry_shape_is_still_taken(analyser):
    result = analyser.analyse(message("订单号：A12345678，您的取消申请已受理。"))
    assert result.order_number == "A12345678"


# Family: the merchant's claim or a screen restated, or a status denied later in its
# paragraph, never confirms a cancellation (a false confirmation stops follow-ups).
RESTATED_OR_DENIED = [
    "您说系统显示取消成功，我这边查询到订单目前还在审核中，还没有取消哦。麻烦您提供一下机身号。",
    "您提到页面显示已注销，但后台记录里您的终端并没有注销呢，请提供身份证正面照片。",
    "您反映APP显示撤单成功，经核实订单其实没有取消，请您回复商户号以便我们处理。",
    "您看到的短信提示取消成功可能有误，请提供订单号。",
    "系统显示为已取消，不过合约尚未解约哈，请补充营业执照照片。",
    "订单页面显示取消成功，但实际上还未注销，麻烦您提供机身号。",
    "您的订单已取消成功，不过终端并未注销，还需要您提供身份证照片。",
]


@pytest.mark.parametrize("body", RESTATED_OR_DENIED)
def test_a_restated_or_later_denied_cancellation_never_confirms(analyser, body):
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED


def test_a_restated_claim_followed_by_a_document_request_asks_for_information(analyser):
    body = "您说系统显示取消成功，我这边查询到订单还没有取消哦。麻烦您提供一下机身号和身份证正面照片。"
    assert kind_of(analyser, body) is Kind.INFO_REQUESTED


STILL_CONFIRMED = [
    "您的订单已取消成功，如仍未收到退款请联系客服。",
    "您的服务已注销成功。若您在其他渠道尚未注销，请另行办理。",
    "您好，您的订单已取消成功。\n\n另：您名下另一台终端如需注销，可回复本邮件。",
    "经核实，您的POS机已注销，后续不再产生任何费用。",
]


@pytest.mark.parametrize("body", STILL_CONFIRMED)
def test_a_plain_confirmation_with_an_unrelated_condition_still_confirms(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


# Family: 撤销成功 / 撤销已完成 is a done cancellation; with a refund announced in the
# same text the cancellation wins (precedence), 撤销申请已受理 stays an acknowledgement.
REVOKED_WITH_REFUND = [
    "您的终端撤销申请已办理完毕，撤销成功，预存保证金150.00元将于5个工作日内退回原缴费账户。",
    "订单撤销完成，押金200元将在7个工作日内原路退回。",
    "经审核，您的服务撤销已完成，已付款项3日内退还。",
    "閣下的終端撤銷成功，按金將於7個工作日內退回。",
]


@pytest.mark.parametrize("body", REVOKED_WITH_REFUND)
def test_a_completed_revocation_with_a_refund_to_come_confirms_the_cancellation(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


REVOCATION_NOT_DONE = [
    "您的终端撤销申请已受理，我们将在3个工作日内处理。",
    "如撤销成功，押金将于5个工作日内退回。",
    "撤销成功后，我们会通知您寄回设备。",
    "您说APP显示撤销成功，但终端还没有撤销哦，请提供机身号。",
]


@pytest.mark.parametrize("body", REVOCATION_NOT_DONE)
def test_a_revocation_received_or_imagined_does_not_confirm(analyser, body):
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED


def test_a_revocation_request_received_stays_acknowledged(analyser):
    body = "您的终端撤销申请已受理，我们将在3个工作日内处理。"
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


# Family: a provider's own promotion from its registered domain (renewal discounts,
# gifts, "登录APP查看") is marketing, not a request for information.
OWN_PROMOTIONS = [
    ("promo@kdt-isp.example", "续费一年享8折，新装宽带送缴费终端一台！详情请登录宽带通APP查看。退订请回复TD。"),
    ("news@lakala.example", "老商户续约即享9.5折服务费，活动期间升级套餐再赠送流量卡，详情请登录拉卡拉APP了解。"),
    ("market@umpay.example", "春季特惠：续费两年送电签POS一台，享受7折优惠，请回复TD退订。"),
    ("service@leshua.example", "充值满500送50，升级套餐享8.8折起，打开乐刷小程序领取。"),
]


@pytest.mark.parametrize(("sender", "body"), OWN_PROMOTIONS)
def test_a_providers_own_promotion_is_marketing(analyser, sender, body):
    assert kind_of(analyser, body, sender=sender, subject="春季特惠") is Kind.MARKETING


NOT_PROMOTIONS = [
    ("您的退款申请已受理，请登录APP查看进度。", Kind.REFUND_PROCESSING),
    ("请您回复订单号和机身号，以便我们办理注销。", Kind.INFO_REQUESTED),
    ("您的取消申请已受理，请补充营业执照照片。活动期间的服务费不予退还。", Kind.REFUND_REJECTED),
]


@pytest.mark.parametrize(("body", "expected"), NOT_PROMOTIONS)
def test_case_mail_mentioning_an_app_or_activity_keeps_its_kind(analyser, body, expected):
    assert kind_of(analyser, body) is expected


# Family: phishing from a domain carrying a provider's short abbreviation (its order
# prefix or a short alias) plus a phishing cue is marketing with every field null;
# the merchant's own mailbox, or the abbreviation without a phishing cue, is not.
SHORT_BRAND_PHISHING = [
    ("alert@xyf-refund.test", "【星驿付风控中心】您名下POS机(订单号XYF2503009999)存在违约金未缴记录，金额199元，请立即点击 http://xyf-refund.test/zhuxiao 办理注销，逾期将冻结账户。"),
    ("notice@sxf-service.test", "随行付通知：您的终端违约金未缴清，请登录页面验证身份并填写银行卡号完成注销，逾期将影响个人征信。"),
    ("kefu@lkl.refund-center.test", "拉卡拉提醒：您的设备押金可退，点击链接填写银行卡信息即可到账，限时24小时。"),
]


@pytest.mark.parametrize(("sender", "body"), SHORT_BRAND_PHISHING)
def test_phishing_from_a_short_brand_lookalike_domain_is_marketing_with_no_fields(
        analyser, sender, body):
    result = analyser.analyse(message(body, sender=sender, subject="紧急通知"))
    got = (result.kind, result.provider, result.order_number, result.amount_cny)
    assert got == (Kind.MARKETING, "unknown", None, None)


NOT_SHORT_BRAND_PHISHING = [
    # The merchant's own mailbox quoting a provider: not a look-alike.
    ("shop@qq.example", "星驿付说我的订单XYF2503009999违约金199元未缴，让我点击链接办理注销，逾期将冻结账户，怎么办？"),
    # An abbreviation in the domain but no phishing cue.
    ("service@xyf-partner.test", "您的POS机违约金199元需缴纳，订单号XYF2503009999。"),
]


@pytest.mark.parametrize(("sender", "body"), NOT_SHORT_BRAND_PHISHING)
def test_a_short_brand_without_both_lookalike_and_phishing_is_not_phishing(analyser, sender, body):
    result = analyser.analyse(message(body, sender=sender, subject="违约金"))
    assert not any("look-alike" in rule for rule in result.fired)


def test_a_short_brand_domain_without_a_phishing_cue_keeps_its_kind(analyser):
    body = "您的POS机违约金199元需缴纳，订单号XYF2503009999。"
    result = analyser.analyse(message(body, sender="service@xyf-partner.test", subject="违约金"))
    assert result.kind is Kind.FEE_NOTICE


# Family: colloquial fillers (这边/已经/都/目前 and particles 啦/呢/哦) between the parts
# of an acknowledgement, and 处理中/跟进中 with a cancel noun in the same sentence.
COLLOQUIAL_ACKNOWLEDGED = [
    "您的注销申请我们这边都已经收到啦，请耐心等待哦。",
    "撤机的请求我司目前已经登记了呢，3个工作日内回复您。",
    "亲，您的取消这边正在跟进中哈，有结果第一时间通知您。",
    "您的解约申请我们那边已受理喔，请留意短信。",
    "您的取消申請我們這邊已經收到啦，稍後會有同事跟進。",
    "您的註銷申請目前處理中，請耐心等候。",
]


@pytest.mark.parametrize("body", COLLOQUIAL_ACKNOWLEDGED)
def test_a_colloquial_acknowledgement_with_fillers_is_acknowledged(analyser, body):
    assert kind_of(analyser, body, subject="回复：取消订单") is Kind.CANCEL_ACKNOWLEDGED


def test_processing_about_something_else_is_no_cancel_acknowledgement(analyser):
    body = "您咨询的发票目前正在处理中呢，开好后会邮寄给您，订单号LKL20250301001。"
    assert kind_of(analyser, body, subject="发票") is not Kind.CANCEL_ACKNOWLEDGED


def test_filler_words_never_turn_a_future_cancellation_into_a_confirmed_one(analyser):
    body = "您的取消申请我们这边已经收到啦，我们会马上为您取消的，请耐心等待。"
    assert kind_of(analyser, body, subject="回复：取消") is Kind.CANCEL_ACKNOWLEDGED


# Family: colloquial refusals, which precede shipped and acknowledgements.
COLLOQUIAL_REJECTED = [
    "机器已经寄出了哦（快递单号SF1234567890），所以暂时取消不了呢。",
    "亲，您这个单子已经激活了，注销不了哈。",
    "不好意思，这边没办法给您取消哦，合约期还没满。",
    "您的订单已进入生产环节，撤单撤不了啦。",
    "抱歉呀，系统里这个单子取消不成了。",
    "部機已經寄出，所以暫時取消唔到，唔好意思。",
    "閣下嘅合約未完，冇得取消住。",
]


@pytest.mark.parametrize("body", COLLOQUIAL_REJECTED)
def test_a_colloquial_refusal_rejects_the_cancellation(analyser, body):
    assert kind_of(analyser, body, subject="回复：我要取消") is Kind.CANCEL_REJECTED


def test_a_refusal_asked_as_a_question_rejects_nothing(analyser):
    body = "您问为什么取消不了？我们已经收到您的取消申请了，正在处理中。"
    assert kind_of(analyser, body, subject="回复：取消") is Kind.CANCEL_ACKNOWLEDGED


def test_a_refusal_quoted_from_the_merchant_decides_nothing(analyser):
    body = ("您好，您的取消申请已收到。\n\n------------------ 原始邮件 ------------------\n"
            "发件人: shop@qq.example\n\n为什么我的订单一直取消不了？")
    assert kind_of(analyser, body, subject="回复：取消") is Kind.CANCEL_ACKNOWLEDGED


# Family: traditional and English confirmation wording, which precedes a refund to come.
TRADITIONAL_CONFIRMED = [
    "我們確認取消您的終端申請，訂單編號 HT2503000001 已關閉。款項將於7個工作天內原路退回。",
    "本公司確認已取消閣下的POS服務，如有疑問請致電熱線。",
    "您的訂單號 HT2503000002 已被取消，按金將於5個工作天內退還。",
    "閣下的撤銷已成功，多謝使用。",
    "We confirm the cancellation of your terminal order; the deposit will be refunded within 7 days.",
    "We can confirm that your merchant account has been closed.",
]


@pytest.mark.parametrize("body", TRADITIONAL_CONFIRMED)
def test_traditional_and_english_confirmation_confirms(analyser, body):
    assert kind_of(analyser, body, subject="取消通知") is Kind.CANCEL_CONFIRMED


NOT_CONFIRMED = [
    "請確認取消後回覆此郵件，我們再為您辦理。",
    "We confirm receipt of your cancellation request and will reply within 3 days.",
    "Once we confirm the cancellation, the refund will be issued.",
]


@pytest.mark.parametrize("body", NOT_CONFIRMED)
def test_a_confirmation_asked_for_or_to_come_does_not_confirm(analyser, body):
    assert kind_of(analyser, body, subject="取消通知") is not Kind.CANCEL_CONFIRMED


# Family: zh-HK and English promotion and phishing cues mirror zh-CN.
HK_EN_PROMOTION = [
    ("promo@hkrt.example", "續約兩年即送收款機一部，限時優惠，享8折服務費。"),
    ("promo@hkrt.example", "升級套餐即享9折，限時優惠，名額有限。"),
]


@pytest.mark.parametrize(("sender", "body"), HK_EN_PROMOTION)
def test_a_traditional_promotion_is_marketing(analyser, sender, body):
    assert kind_of(analyser, body, sender=sender, subject="優惠") is Kind.MARKETING


HK_EN_PHISHING = [
    ("alert@hkrt-refund.test", "海科融通通知：閣下的POS按金可退，請立即點擊連結登入驗證並填寫銀行卡號，逾期將凍結帳戶。"),
    ("alert@hkrt-secure.test", "HKRT notice: your POS terminal deposit is ready. Click here to verify your account within 24 hours or your account will be suspended."),
]


@pytest.mark.parametrize(("sender", "body"), HK_EN_PHISHING)
def test_traditional_and_english_phishing_from_a_lookalike_is_marketing(analyser, sender, body):
    result = analyser.analyse(message(body, sender=sender, subject="緊急通知"))
    assert (result.kind, result.provider) == (Kind.MARKETING, "unknown")


# Fifth blind set's families: colloquial 把-completions, fees that arrived are no refund,
# a device sent back is no refund, and "X不Y的，" is a condition, not a refusal.
COLLOQUIAL_BA_CONFIRMED = [
    "亲，已经帮您把订单取消掉了哈，后续不会再扣费~",
    "您好，我这边已帮您把申请撤销了，请放心。",
    "小店主您好，给您把服务关闭啦，有问题再找我哦。",
]


@pytest.mark.parametrize("body", COLLOQUIAL_BA_CONFIRMED)
def test_a_colloquial_ba_completion_confirms_the_cancellation(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


def test_a_ba_completion_asked_as_a_question_confirms_nothing(analyser):
    assert kind_of(analyser, "请问需要帮您把订单取消了吗？") is not Kind.CANCEL_CONFIRMED


@pytest.mark.parametrize("body", [
    "您的开户申请及服务费已到账，我们将在3个工作日内完成审核。",
    "年费已到账，感谢您的支持，设备将尽快安排出库。",
])
def test_a_fee_that_arrived_with_the_provider_is_no_refund(analyser, body):
    assert kind_of(analyser, body) is not Kind.REFUND_COMPLETED


def test_a_refund_fee_that_arrived_is_still_a_refund(analyser):
    assert kind_of(analyser, "您申请的退费已到账，请注意查收。") is Kind.REFUND_COMPLETED


@pytest.mark.parametrize("body", [
    "您的退机申请已通过，请您将机具退回至以下地址：北京市朝阳区某路1号，收件人：退机组。",
    "请在7日内将POS终端退还至我司售后中心，寄回地址见下方。",
])
def test_sending_the_device_back_is_return_instructions_not_a_refund(analyser, body):
    assert kind_of(analyser, body) is Kind.DEVICE_RETURN_INSTRUCTIONS


@pytest.mark.parametrize("body", [
    "如需注销，请先提供营业执照照片和终端编号。逾期未提供的，注销申请不予办理。",
    "请补充以下资料：法人身份证明。资料不完整的，取消申请将不予受理。",
])
def test_a_refusal_that_follows_a_condition_is_an_info_request(analyser, body):
    assert kind_of(analyser, body) is Kind.INFO_REQUESTED


def test_a_plain_refusal_still_rejects(analyser):
    assert kind_of(analyser, "经审核，您的注销申请不予受理，原因是合约期未满。") is Kind.CANCEL_REJECTED


# Seventh blind set's families: short acknowledgements, acknowledgements restated from the
# system, British "has now been cancelled", bank-card closures, "你们说" restatements and
# double negatives over a refusal word.
@pytest.mark.parametrize("body", [
    "收到，已为您登记，请耐心等待。",
    "您好，系统显示您已提交解约申请，目前仍在审核中，请勿重复提交。",
])
def test_short_and_restated_acknowledgements_acknowledge(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


def test_a_restated_confirmation_still_confirms_nothing(analyser):
    assert kind_of(analyser, "您说系统显示取消成功，我们核实后再回复您。") is not Kind.CANCEL_CONFIRMED


def test_british_has_now_been_cancelled_confirms(analyser):
    body = "I can confirm that your agreement has now been terminated and no further fees will be raised."
    assert kind_of(analyser, body, sender="service@huitong-hk.example") is Kind.CANCEL_CONFIRMED


def test_a_bank_card_closure_from_a_stranger_is_unrelated(analyser):
    body = "您尾号1234的储蓄卡已注销成功，如该卡为POS结算卡请及时更换。"
    assert kind_of(analyser, body, sender="notice@bank.test") is Kind.UNRELATED


def test_what_you_say_arrived_is_no_refund_completed(analyser):
    body = "退款仍在处理中，预计3个工作日内原路退回。你们说退款已到账，但我没收到。"
    assert kind_of(analyser, body) is Kind.REFUND_PROCESSING


def test_a_refusal_word_under_a_double_negative_refuses_nothing(analyser):
    body = "需先缴纳违约金人民币贰佰元，注销照常办理，并非不能取消。"
    assert kind_of(analyser, body) is Kind.FEE_NOTICE


# Sixth blind set's families: status lines, booked cancellations, other services, progress
# steps not reached, "no need to pay", newsletters naming themselves, couriers' notices.
def test_a_status_line_terminated_confirms(analyser):
    body = "Request type: Termination\nStatus : Closed\nNo outstanding balance."
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


def test_a_booked_cancellation_awaiting_review_is_acknowledged(analyser):
    assert kind_of(analyser, "您的解约预约成功，请等待工作人员审核。") is Kind.CANCEL_ACKNOWLEDGED


def test_another_service_cancelled_does_not_confirm_the_pos_case(analyser):
    body = "您订阅的到账短信提醒服务已取消。\n您的POS注销申请正在处理中，预计5个工作日完成。"
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


def test_a_progress_step_not_yet_reached_is_not_a_status(analyser):
    body = "退款进度：\n✔ 已受理\n● 退款处理中\n○ 退款已到账\n应退金额 ¥88.00"
    result = analyser.analyse(message(body))
    assert (result.kind, result.amount_cny) == (Kind.REFUND_PROCESSING, 88.0)


def test_no_need_to_pay_demands_no_fee(analyser):
    body = "请将机具寄回以下地址，运费无需支付，到付即可：上海市示例路1号。"
    assert kind_of(analyser, body) is Kind.DEVICE_RETURN_INSTRUCTIONS


def test_a_providers_newsletter_naming_itself_is_marketing(analyser):
    body = "商户周刊第12期\n商户课堂：如何注销不用的机具？\n旧机注销免违约金，以旧换新立减¥50！"
    assert kind_of(analyser, body) is Kind.MARKETING


def test_a_couriers_pickup_notice_is_unrelated(analyser):
    body = "【快递】您预约的上门取件已受理，寄件物品：POS机，取件码1234，快递员稍后联系您。"
    assert kind_of(analyser, body, sender="notify@express.test") is Kind.UNRELATED


# Eighth blind set's families: outcomes stated on outlets and terminals, phone-typed refunds,
# 没办法 refusals, "after it succeeds" conditions, "kindly provide", a From without an address.
@pytest.mark.parametrize("body", [
    "网点编号 WD-0001234 已撤销，终端已停用。",
    "您名下的终端已注销，不再收取任何服务费。",
])
def test_an_outlet_or_terminal_revoked_confirms(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


def test_a_phone_typed_refund_paid_back_is_completed(analyser):
    assert kind_of(analyser, "亲 押金已经帮你原路退回了哈 注意查收") is Kind.REFUND_COMPLETED


def test_a_mei_banfa_refusal_rejects(analyser):
    body = "很抱歉，您的账户仍有未清算款项，暂时没办法为您注销商户。"
    assert kind_of(analyser, body) is Kind.CANCEL_REJECTED


def test_a_refund_promised_after_the_cancellation_succeeds_is_not_processing(analyser):
    body = "您的解约申请已提交成功，目前处理中。解约成功后押金将原路退回。"
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


def test_kindly_provide_is_an_info_request(analyser):
    body = "Regarding your cancellation, kindly provide your Merchant No. and the terminal serial number."
    assert kind_of(analyser, body, sender="service@huitong-hk.example") is Kind.INFO_REQUESTED


def test_a_from_with_a_name_and_no_address_is_read_by_name(analyser):
    raw = message("您的取消申请已受理。", sender="便民通客服")
    assert analyser.analyse(raw).provider == "bianmintong"


# Ninth blind set's families: orders voided or intercepted before shipping, and the
# acknowledgements and refusals around them.
@pytest.mark.parametrize("body", [
    "您的订单已作废，设备不会发出。",
    "已为您拦截并关闭订单，款项将原路退回。",
    "We regret the delay: your application has been voided.",
])
def test_a_voided_or_intercepted_order_confirms(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


@pytest.mark.parametrize("body", [
    "已收到您的撤回申请，正在为您拦截发货，结果另行通知。",
    "您的不再发货申请已登记，当前状态：拦截中。",
])
def test_an_interception_under_way_is_acknowledged(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


def test_an_order_that_can_no_longer_be_voided_is_refused(analyser):
    body = "该订单设备已出库，已无法在系统中作废或撤回，建议您派送时拒收。"
    assert kind_of(analyser, body) is Kind.CANCEL_REJECTED


def test_the_order_you_reported_names_an_order_and_restates_nothing(analyser):
    assert kind_of(analyser, "您反馈的订单已处理：订单已作废，未产生费用。") is Kind.CANCEL_CONFIRMED


def test_you_reported_that_it_was_cancelled_still_confirms_nothing(analyser):
    assert kind_of(analyser, "您反馈说已经取消成功了，我们核实后再回复您。") is not Kind.CANCEL_CONFIRMED


# Tenth and eleventh blind sets' families.
@pytest.mark.parametrize("body", [
    "您提交的销户申请已处理完毕，账户已停止使用。",
    "贵店解除合作的手续已办理完成。",
    "商户退出流程已全部走完，终端同步停用。",
    "您的注销已正式生效，此后不再扣费。",
    "商户编号 88812345678 已于本月3日注销。",
    "该订单状态已更新为“已取消”。",
    "有關閣下註銷服務的申請，相關手續已辦妥。",
    "Your request has been handled: the termination of the agreement has been completed.",
])
def test_completion_in_other_words_confirms(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


@pytest.mark.parametrize("body", [
    "您已成功退订本平台的推广短信，收款功能不受影响。",
    "旧的储蓄卡已解约，新卡明日起接收结算款。",
    "本月满减券已取消成功，新的券已发放到账户。",
    "您已退订订阅邮件，交易通知照常发送。",
    "You have been unsubscribed from our newsletter; your terminal keeps working.",
])
def test_a_cancellation_of_something_else_never_confirms(analyser, body):
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED


@pytest.mark.parametrize("body", [
    "您的撤单申请目前无法办理：合约未满12个月。",
    "须结清全部欠款后方可为您办理解约。",
    "等机具寄回并验收后才能注销，请先寄回设备。",
])
def test_a_precondition_not_yet_met_rejects(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_REJECTED


def test_a_device_that_need_not_be_sent_back_is_no_return_instruction(analyser):
    body = "您的商户已注销，设备无需寄回，可自行处理。"
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED
    assert kind_of(analyser, "终端毋须寄回，我们已记录您的申请。") is not Kind.DEVICE_RETURN_INSTRUCTIONS


def test_a_fee_to_be_collected_is_a_fee_notice(analyser):
    assert kind_of(analyser, "老板，撤机要收取设备服务费60元，转账后给您办。") is Kind.FEE_NOTICE


def test_a_cancellation_passed_on_for_review_is_acknowledged(analyser):
    assert kind_of(analyser, "您的解约请求已转交合规部门审核，预计三个工作日内答复。") is Kind.CANCEL_ACKNOWLEDGED


def test_a_refund_promised_once_termination_completes_is_not_processing(analyser):
    body = "提前终止服务需支付违约金200元；押金将于终止手续完成后另行退还。"
    assert kind_of(analyser, body) is Kind.FEE_NOTICE


def test_a_dated_closure_followed_by_a_refused_refund_rejects_the_refund(analyser):
    body = "您的商户已于1月5日注销。您其后申请退还的年费，经审核不予退还。"
    assert kind_of(analyser, body) is Kind.REFUND_REJECTED


def test_an_apple_mail_forward_quoted_with_angle_brackets_is_read_as_the_providers_mail(analyser):
    body = ("发自我的手机\n\n以下是转发的邮件：\n\n> 发件人: 乐刷 <notice@leshua.example>\n> 日期: 2025年4月2日\n"
            "> 主题: 退款通知\n>\n> 您的押金已原路退回，退款金额：¥199.00。\n>\n> 订单号：LS20250402123456\n")
    found = analyser.analyse(message(body, subject="Fwd: 退款通知", sender="shop@icloud.example"))
    assert (found.provider, found.kind, found.forwarded) == ("leshua", Kind.REFUND_COMPLETED, True)
    assert (found.order_number, found.amount_cny) == ("LS20250402123456", 199.0)


def test_a_hong_kong_dollar_figure_beside_a_renminbi_one_is_not_the_amount(analyser):
    body = "閣下須繳付提前終止費：HK$ 1,100.00（約合人民幣 1,008.00 元）。按金 HKD 300 另行退還。"
    found = analyser.analyse(message(body, sender="billing@huitong-hk.example"))
    assert (found.kind, found.amount_cny) == (Kind.FEE_NOTICE, 1008.0)


def test_a_serial_in_brackets_after_the_terminal_is_its_sn(analyser):
    body = "閣下的終止申請已辦妥，收款終端（序號 HTQ55012345）之服務已取消。交易序號 998877665544 僅供查詢。"
    found = analyser.analyse(message(body, sender="cs@huitong-hk.example"))
    assert found.terminal_sn == "HTQ55012345"


def test_the_order_number_the_provider_checked_beats_the_merchants_mistyped_one(analyser):
    body = "您写的订单号 LS2025040212345 不完整，系统查到您的订单为 LS20250402123456，退款处理中。"
    assert analyser.analyse(message(body, sender="kefu@leshua.example")).order_number == "LS20250402123456"


def test_an_agent_on_a_personal_mailbox_is_read_by_the_order_and_the_name_used(analyser):
    raw = message("订单 LKL20250301123456 的机器已经帮你登记撤机了，等后台处理哈\n拉卡拉客服 小王",
                  subject="回复：撤机", sender="88771234@qq.example")
    found = analyser.analyse(raw)
    assert (found.provider, found.order_number) == ("lakala", "LKL20250301123456")
    assert "provider:identifier:LKL20250301123456" in found.fired


@pytest.mark.parametrize("body", [
    "订单 LKL20250301123456 的机器已经帮你登记撤机了，等后台处理哈",  # the number alone names no provider
    "拉卡拉代理：订单 LKL20250301123456 一清机限时优惠，费率低至0.38%，免费领取！",  # a reseller's ad
])
def test_a_number_without_the_name_or_an_ad_naming_a_brand_leaves_the_provider_unknown(analyser, body):
    assert analyser.analyse(message(body, sender="88771234@qq.example")).provider == "unknown"


# Twelfth and thirteenth blind sets' families.
def test_a_closed_status_whose_outcome_is_a_refusal_rejects(analyser):
    body = "申请事项：解约\n当前状态：已关闭\n审核结果：不予通过\n原因：合约未到期。"
    assert kind_of(analyser, body) is Kind.CANCEL_REJECTED


def test_a_legend_that_explains_what_cancelled_will_mean_confirms_nothing(analyser):
    body = "您的注销申请当前状态：处理中。状态显示为“已注销”即代表注销成功，届时将短信通知您。"
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


def test_a_refusal_after_a_voided_quoted_word_is_still_found(analyser):
    body = "您的机具已激活，不满足“未激活方可撤单”的要求，本次撤单申请无法办理。"
    assert kind_of(analyser, body) is Kind.CANCEL_REJECTED


def test_a_refund_promised_once_the_device_is_checked_is_no_refund_in_progress(analyser):
    body = "请将设备寄回以下地址：北京市示例路1号。设备验收后押金将原路退回。"
    assert kind_of(analyser, body) is Kind.DEVICE_RETURN_INSTRUCTIONS


def test_a_refund_sent_back_but_not_yet_arrived_is_not_completed(analyser):
    body = "您的商户已注销。押金￥300.00已原路退回，预计2个工作日内到账。"
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


def test_a_formal_letter_that_registers_the_request_acknowledges_it(analyser):
    body = "贵司关于终止合作的来函已收悉。兹确认已予登记，现正按流程办理。"
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


def test_a_dated_termination_confirms(analyser):
    assert kind_of(analyser, "贵方网点服务已于二〇二五年三月一日终止，特此函告。") is Kind.CANCEL_CONFIRMED


def test_an_english_order_confirmation_is_an_application_received(analyser):
    body = "Order received. Order No.: LKL2025030112345. Payment status: Successful."
    assert kind_of(analyser, body) is Kind.APPLICATION_RECEIVED


def test_a_queue_notice_without_auto_reply_words_is_an_auto_reply(analyser):
    body = "感谢来信！来信将按收到的先后顺序处理，工作人员一般在3个工作日内回复您。"
    assert kind_of(analyser, body) is Kind.AUTO_REPLY


@pytest.mark.parametrize(("body", "expected"), [
    ("退机已登记，订单号：LS2025\n0302123456，请寄回设备至：深圳示例路1号。", "LS20250302123456"),
    ("退机已登记，订单号：LKL20250302\n123456\n请寄回设备至：深圳示例路1号。", "LKL20250302123456"),
    ("退机已登记，订单号：LKL20250302123456\n2025-03-02 提交\n请寄回设备至：深圳示例路1号。", "LKL20250302123456"),
])
def test_a_number_a_narrow_template_broke_over_two_lines_is_joined(analyser, body, expected):
    assert analyser.analyse(message(body, sender="aftersale@leshua.example")).order_number == expected


def test_a_notice_stating_its_sum_only_in_the_subject_has_that_amount(analyser):
    raw = message("退款已到账，凭证见附件。", subject="【乐刷】退款到账 ¥88.00", sender="notice@leshua.example")
    assert analyser.analyse(raw).amount_cny == 88.0
    reply = message("退款已到账，凭证见附件。", subject="回复：押金88元什么时候退", sender="notice@leshua.example")
    assert analyser.analyse(reply).amount_cny is None


def test_identifiers_in_a_status_table_under_their_column_labels_are_found(analyser):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "notice@vbill.example", "shop@qq.example", "订单状态"
    msg.set_content("<p>您的订单当前状态如下：</p><table><tr><td>订单号</td><td>商户编号</td><td>当前状态</td></tr>"
                    "<tr><td>SXF2025030212345</td><td>849301123700511</td><td>撤单成功</td></tr></table>",
                    subtype="html")
    found = analyser.analyse(msg.as_bytes())
    assert (found.kind, found.order_number, found.merchant_id) == (
        Kind.CANCEL_CONFIRMED, "SXF2025030212345", "849301123700511")


# Fourteenth and fifteenth blind sets' families.
def test_a_voided_card_sale_is_no_cancellation(analyser):
    body = "交易提醒\n商户编号 822584053110917\n消费撤销 ¥36.00 撤销成功\n如有疑问请致电客服。"
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED


def test_a_trade_in_promotion_waiving_the_penalty_is_marketing(analyser):
    body = "以旧换新季：旧机注销手续一键办好，免违约金！名额有限，先到先得，立即参与。"
    assert kind_of(analyser, body) is Kind.MARKETING


@pytest.mark.parametrize("body", [
    "您申请退还的服务费，我司已于3月20日完成资金划拨，款项已划拨至贵商户结算账户。",
    "您的退费申请已办理完毕，财务已打款，请注意查收。",
])
def test_a_refund_paid_in_other_words_is_completed(analyser, body):
    assert kind_of(analyser, body) is Kind.REFUND_COMPLETED


def test_a_refund_the_bank_returned_and_that_was_sent_again_is_in_progress(analyser):
    body = "退款状态：退款失败已重新发起\n我司已向您的新账户重新发起退款，预计3日内到账。"
    assert kind_of(analyser, body) is Kind.REFUND_PROCESSING


def test_an_approval_withdrawn_refuses_the_refund(analyser):
    body = "经复核，现撤销原审批结果，本次退款不予办理，款项不会退回。"
    assert kind_of(analyser, body) is Kind.REFUND_REJECTED


def test_fees_that_may_come_later_are_no_fee_notice(analyser):
    body = "您的撤机申请已受理，当前状态：撤单处理中。如涉及违约金，将在审核完成后另行通知，目前无需缴纳任何款项。"
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


def test_a_persons_reply_that_asks_for_documents_is_no_auto_reply(analyser):
    body = "已收到您的来信。为办理注销，请补充以下资料：身份证正反面照片。"
    assert kind_of(analyser, body) is Kind.INFO_REQUESTED


def test_a_channel_agent_naming_the_brand_stays_an_unknown_provider(analyser):
    raw = message("你那台乐刷的机器(SN:LD6620458813)押金我已经帮你报上去了，财务这周五统一打款，299块。\n小孙(POS机渠道代理)",
                  subject="押金", sender="agent123@qq.example")
    found = analyser.analyse(raw)
    assert (found.provider, found.kind, found.amount_cny) == ("unknown", Kind.REFUND_PROCESSING, 299.0)


@pytest.mark.parametrize(("body", "expected"), [
    ("服务已注销。违约金：应收200.00元，本次免收；押金：299.00元，将于5个工作日内退回。", 299.0),
    ("订单已关闭。\n实际退款：CNY\n379.00（预计3日内到账）", 379.0),
    ("您的商户已注销，押金已原路退回，合计退还 CNY 1,\n150.00，预计3日内到账。", 1150.0),
    ("退款已到账，共计退还您,300元。", 300.0),
])
def test_amounts_waived_wrapped_or_after_a_comma_are_read_right(analyser, body, expected):
    assert analyser.analyse(message(body, sender="kefu@hkrt.example")).amount_cny == expected


def test_a_merchant_number_starting_with_800_is_no_phone_and_a_bare_terminal_labels_an_sn(analyser):
    body = "您申请解约(订单 SXF2024112760318，终端 P2B5E7310064，商户编号 800290117734521)需缴纳违约金300元。"
    found = analyser.analyse(message(body, sender="billing@vbill.example"))
    assert (found.merchant_id, found.terminal_sn) == ("800290117734521", "P2B5E7310064")


def test_a_text_part_that_says_the_mail_is_in_html_gives_way_to_the_html(analyser):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "noreply@lakala.example", "shop@qq.example", "进件"
    msg.set_content("您的资料已提交成功。本邮件为HTML格式，如显示异常请在App中查看。")
    msg.add_alternative("<p>您的资料已提交成功，已收取服务费 ¥199.00。</p><p>订单号：LKL20250305226140</p>", subtype="html")
    found = analyser.analyse(msg.as_bytes())
    assert (found.amount_cny, found.order_number) == (199.0, "LKL20250305226140")


# Sixteenth blind set's families: a merchant's ordinary mail.
@pytest.mark.parametrize("body", [
    "您的订单已取消，款项将原路退回。\n商品：POS打印纸 80卷\n退款金额：¥59.00",
    "买家已申请退款，你已同意，退款成功，交易关闭。宝贝：二手POS机",
    "您的售后服务单已处理完成。商品：小票打印机（支持收银POS）\n退款状态：退款成功",
])
def test_a_shops_order_or_refund_for_pos_supplies_is_unrelated(analyser, body):
    assert kind_of(analyser, body, sender="service@some-mall.example") is Kind.UNRELATED


def test_a_registration_with_follow_up_refund_matters_announced_is_acknowledged(analyser):
    body = "您的解约申请已登记。我们将在3个工作日内完成审核，审核结果及后续退款事宜另行通知。"
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


def test_a_traditional_chinese_termination_completed_confirms(analyser):
    body = "閣下之服務終止申請已完成處理，有關終端已停用，合約正式終止。按金將於七個工作天內退回。"
    assert kind_of(analyser, body, sender="cs@huitong-hk.example") is Kind.CANCEL_CONFIRMED


def test_the_order_the_system_does_not_know_loses_to_the_one_it_found(analyser):
    body = "收到您的撤单申请。您来信中的订单号 LS2025021408826613 在系统中不存在，与您手机号匹配的订单为 LS2025021408826631。"
    assert analyser.analyse(message(body, sender="kefu@leshua.example")).order_number == "LS2025021408826631"


# Seventeenth blind set's families: awkward layouts.
def test_a_reply_written_below_the_quote_under_a_salutation_is_the_newest_text(analyser):
    body = ("王先生:\n\n在 2025-03-01 10:00,王力 <wl@163.example> 写道:\n> 请帮我取消订单 LKL20250301123456\n\n"
            "您好，订单 LKL20250301123456 已为您取消成功，订单状态：已关闭。\n\n拉卡拉客服")
    found = analyser.analyse(message(body, subject="Re: 取消订单"))
    assert (found.kind, found.order_number) == (Kind.CANCEL_CONFIRMED, "LKL20250301123456")


def test_answers_interleaved_with_the_quoted_questions_are_read(analyser):
    body = ("李女士您好，回复如下:\n\n> 是不是已经取消了？\n答：尚未取消，您的取消申请已登记，正在审核中。\n\n"
            "> 钱什么时候退？\n答：审核完成后会另行通知退款事宜。")
    assert kind_of(analyser, body, subject="Re: 取消") is Kind.CANCEL_ACKNOWLEDGED


@pytest.mark.parametrize("body", [
    "恭喜您，商户进件申请已审核通过。\n━━━━━━━━\n【服务条款摘要】注销成功后，已产生的手续费不予退还。",
    "您的开户订单已支付成功，我们将在1-2个工作日内完成审核。\n温馨提示：如需取消订单，超过24小时申请取消的将扣除工本费20元。",
])
def test_a_templates_tips_and_terms_below_the_message_state_no_status(analyser, body):
    assert kind_of(analyser, body) in (Kind.APPLICATION_APPROVED, Kind.APPLICATION_RECEIVED)


def test_tips_at_the_very_top_are_still_read(analyser):
    assert kind_of(analyser, "温馨提示：您的注销申请已受理，请耐心等待。") is Kind.CANCEL_ACKNOWLEDGED


# Eighteenth and nineteenth blind sets' families: replies to our own requests, machine mail.
@pytest.mark.parametrize("body", [
    "您反馈的工单仍在处理中，财务正在核算扣费明细，请耐心等待。",
    "根据机身号核实，我们已按此订单为您登记撤单申请，结果另行告知。",
    "本公司已收到閣下經代辦服務提交的取消申請，現正跟進處理。",
    "Your request is still in progress; we will revert once the settlement check is done.",
    "We acknowledge receipt of your cancellation request. It is now being processed.",
    "您的取消申请我们已经收到，已为您登记。如需补充材料，客服会另行邮件通知。",
])
def test_answers_to_a_request_or_a_chaser_acknowledge_it(analyser, body):
    assert kind_of(analyser, body, sender="service@lakala.example") is Kind.CANCEL_ACKNOWLEDGED


def test_materials_under_review_are_no_acknowledged_cancellation(analyser):
    assert kind_of(analyser, "您的报件申请已受理，资料正在审核中。") is Kind.APPLICATION_RECEIVED


@pytest.mark.parametrize("body", [
    "We regret that your cancellation cannot be processed: the terminal has been activated.",
    "经核查，终端已激活，暂无法为您办理订单取消。",
    "须先结清服务费，待设备寄回并检测无误后，方可办理取消。",
])
def test_refusals_in_other_shapes_reject(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_REJECTED


def test_a_penalty_the_merchant_paid_arriving_is_no_refund(analyser):
    body = "违约金已于7月1日到账。您的商户号 849331058120213 已于2024年7月2日注销完成。"
    assert kind_of(analyser, body, sender="kf@xingyifu.example") is Kind.CANCEL_CONFIRMED


def test_the_deposit_left_after_a_deduction_is_the_amount(analyser):
    body = "订单已撤销，订单状态：已关闭。已扣除解约费用 ¥99.00，剩余押金 ¥200.00 将于7个工作日内原路退回。"
    assert analyser.analyse(message(body)).amount_cny == 200.0


def test_an_exim_delay_warning_is_a_bounce(analyser):
    body = ("This message was created automatically by mail delivery software.\n"
            "A message that you sent has not yet been delivered to one or more of its recipients.")
    raw = message(body, subject="Warning: message 1tXyZa-000Abc-3F delayed 24 hours", sender="mailer-daemon@mx.shop.example",
                  headers={"Auto-Submitted": "auto-replied"})
    assert analyser.analyse(raw).kind is Kind.BOUNCE


def test_a_ticket_system_acknowledgement_is_an_auto_reply(analyser):
    body = "您提交的问题已自动生成工单，工作人员尚未开始处理。补充材料请直接回复本邮件。"
    assert kind_of(analyser, body, subject="【工单已创建】工单号：GD250219-00417") is Kind.AUTO_REPLY


# Twentieth blind set's families: corrections, double negations, last lines.
@pytest.mark.parametrize("body", [
    "更正：上一封邮件内容有误，请不予理会。您的订单 LKL20250508123456 实际已于5月8日取消。",
    "Correction: please disregard our previous email. Your order was in fact cancelled on 8 May.",
])
def test_a_correction_that_states_the_order_was_cancelled_confirms(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


@pytest.mark.parametrize("body", [
    "我司并非不予办理，但服务期须满12个月方可申请注销，目前未满期。",
    "因存在交易争议，本次注销申请已驳回，争议处理完毕后可重新提交。",
])
def test_a_term_not_served_or_a_rejected_application_refuses(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_REJECTED


def test_a_request_to_reply_within_days_with_documents_asks_for_information(analyser):
    body = "您的取消申请已收到，现正跟进中。请于5个工作日内回复本邮件，并附上：营业执照副本。"
    assert kind_of(analyser, body) is Kind.INFO_REQUESTED


# Twenty-first blind set's families: HTML as mail platforms make it.
def test_a_value_under_its_label_in_a_definition_list_is_labelled_by_it(analyser):
    body = "您的退款已原路退回。\n原支付金额\n¥ 1,380.00\n扣除费用\n¥ 100.00\n实退金额\n¥ 1,280.00"
    assert analyser.analyse(message(body)).amount_cny == 1280.0


def test_a_text_part_with_character_references_is_read_decoded(analyser):
    body = "您的退款申请已审核通过，预计5个工作日内原路退回。\n退款金额&#xFFE5;199.00"
    assert analyser.analyse(message(body)).amount_cny == 199.0


def test_a_cancellation_held_for_missing_documents_asks_for_them(analyser):
    body = "您提交的撤单申请因资料不全暂无法办理，请补充以下材料：营业执照照片。"
    assert kind_of(analyser, body) is Kind.INFO_REQUESTED


# Twenty-second blind set's families: jargon, typos, dialect and loanwords.
@pytest.mark.parametrize("body", [
    "您的宽带拆机业务已于6月3日上门完工，账号已销号。",
    "经审核，准予退网，网点编号同时注销。",
    "订单号SXF2024072833190以取消，机器还没发货所以不用在寄回。",
    "您的商户号已注消成功，对应申请单号一并关闭。",
    "这笔进件已经给您做了撤销进件处理，系统里状态是「已作废」。",
    "帮您查过了，申请已经cancel掉了，不会有扣费哦。",
    "终端已退机入库，商户关系已解除，订单按撤机处理完毕。",
    "你張單我哋已經幫你cancel咗喇，status係 Closed。",
])
def test_a_cancellation_in_jargon_typos_or_dialect_confirms(analyser, body):
    assert kind_of(analyser, body, sender="kf@umpay.example") is Kind.CANCEL_CONFIRMED


def test_a_void_of_a_card_sale_reported_as_a_table_is_no_cancellation(analyser):
    body = "您的门店发生一笔消费撤销交易。\n交易类型 消费撤销\n撤销金额 ¥58.00\n状态 撤销成功"
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED


@pytest.mark.parametrize("body", [
    "您的宽带账户目前欠费停机，欠费未结清前暂无法受理拆机。",
    "跟您说实话，这单现在撤不了了，机子昨儿个已经发出去了。",
])
def test_a_refusal_in_plain_or_colloquial_words_rejects(analyser, body):
    assert kind_of(analyser, body, sender="kf@kdt-isp.example") is Kind.CANCEL_REJECTED


def test_a_fee_said_not_to_be_charged_is_no_fee_notice(analyser):
    body = "您的订单已取消，部机仲未寄出，所以唔使退機，亦唔會收你任何手續費。"
    assert kind_of(analyser, body, sender="cs@huitong-hk.example") is Kind.CANCEL_CONFIRMED
    assert kind_of(analyser, "订单已关闭，不会收取任何违约金。") is Kind.CANCEL_CONFIRMED


def test_loanwords_in_chinese_sentences_are_read(analyser):
    assert kind_of(analyser, "您的进件资料已经submit成功啦！") is Kind.APPLICATION_RECEIVED
    assert kind_of(analyser, "亲，您的refund已经done啦~ 99块已原路返回到您的卡上。") is Kind.REFUND_COMPLETED


# Twenty-third blind set's families: numbers in unusual shapes.
def test_an_identifier_printed_in_lower_case_is_given_in_upper_case(analyser):
    assert analyser.analyse(message("退款已到账。订单号：lkl20250301123456")).order_number == "LKL20250301123456"


def test_a_value_with_its_label_after_it_in_brackets_is_labelled(analyser):
    body = "您的退机退款申请已处理完成，款项已原路退回。\nxyf2025021403391（订单编号）"
    assert analyser.analyse(message(body, sender="service@xingyifu.example")).order_number == "XYF2025021403391"


@pytest.mark.parametrize("body", [
    "您的撤单申请已登记。\n订单号 / 机身号 / 登记号\nZF250327660019 / ZFT.5581.B10422 / DJ250327-0045",
    "您的撤单申请已登记。\n订单号/机身号：ZF250327660019 / ZFT.5581.B10422",
])
def test_labels_listed_with_slashes_are_paired_with_their_values(analyser, body):
    found = analyser.analyse(message(body, sender="kf@zfpay.example"))
    assert (found.order_number, found.terminal_sn) == ("ZF250327660019", "ZFT.5581.B10422")


@pytest.mark.parametrize(("body", "expected"), [
    ("服务费欠费提醒：数据处理费 ¥ 80.00/月 × 3个月 = ¥ 240.00，请于月底前缴清。", 240.0),
    ("尚有未结清费用，暂不能办理注销。\n流量卡服务费 2 × ¥18.00 = ¥36.00\n终端年费 ¥50.50\n应补缴合计：¥86.50", 86.5),
])
def test_a_sum_worked_out_counts_more_than_its_parts_and_less_than_a_total(analyser, body, expected):
    assert analyser.analyse(message(body)).amount_cny == expected


def test_a_waived_sum_alone_is_no_amount(analyser):
    body = "商户帳戶已正式開通，審核已通過。首年免收年費（原價 HK$1,200），交易手續費率0.38%。"
    found = analyser.analyse(message(body, sender="merchant@huitong-hk.example"))
    assert (found.kind, found.amount_cny) == (Kind.APPLICATION_APPROVED, None)


def test_a_refund_application_refused_after_a_long_aside_rejects_the_refund(analyser):
    body = "您提交的退款申请（订单 LS2025030188120456，申请退款金额 599元整）经审核不予通过。"
    assert kind_of(analyser, body, sender="noreply@leshua.example") is Kind.REFUND_REJECTED


# Twenty-fourth blind set's families: a representative sample.
@pytest.mark.parametrize("body", [
    "您要求撤销的那笔订单我们已在系统里做了登记，目前状态为“撤单审核中”。",
    "贵网点提交的撤销(退网)申请已进入审核队列，审核约需5-10个工作日。",
])
def test_a_request_registered_or_queued_for_review_is_acknowledged(analyser, body):
    assert kind_of(analyser, body, sender="system@bianmintong.example") is Kind.CANCEL_ACKNOWLEDGED


@pytest.mark.parametrize("body", [
    "注销申请收到了。为确认是本人操作，还需要麻烦您补两样东西：营业执照照片。",
    "您的注销申请资料还不齐，请在收到本邮件后 7 日内直接回复本邮件补齐以下内容。",
])
def test_a_request_for_missing_things_after_receipt_asks_for_information(analyser, body):
    assert kind_of(analyser, body, sender="kefu@vbill.example") is Kind.INFO_REQUESTED


def test_a_deposit_paid_back_onto_the_card_is_a_completed_refund(analyser):
    assert kind_of(analyser, "您申请退还的设备押金已打到您原付款的银行卡上，请查收。") is Kind.REFUND_COMPLETED


def test_a_number_after_a_merchant_label_is_never_taken_for_the_order(analyser):
    body = "服务期未满12个月主动解约的，需支付提前解约违约金350元。\n商户号：XYF3301008842"
    found = analyser.analyse(message(body, sender="service@xingyifu.example"))
    assert (found.order_number, found.merchant_id) == (None, "XYF3301008842")


# Twenty-fifth blind set's families: house styles.
def test_a_value_in_an_ascii_box_table_is_read_after_its_label(analyser):
    body = ("We confirm that the request below has been completed.\n"
            "| MID 商户号             | 881053317204466              |\n| STATUS 状态 | CLOSED 已注销 |")
    assert analyser.analyse(message(body, sender="care@umpay.example")).merchant_id == "881053317204466"


@pytest.mark.parametrize("body", [
    "订单确认单\n订单编号 ........ ZF241105730218\n应付金额 ........ RMB 199.00\n支付状态 ........ 已支付",
    "您的订购已受理。\n应付：299元/台 × 2台 = 598元\n支付状态：微信支付 已支付",
])
def test_the_price_of_an_order_already_paid_is_no_fee_notice(analyser, body):
    assert kind_of(analyser, body, sender="noreply@zfpay.example") is Kind.APPLICATION_RECEIVED


def test_asking_for_the_ticket_number_to_quote_to_support_asks_for_nothing(analyser):
    body = "您提交的解约申请已登记，业务状态：审核中。如需查询进度，请提供工单号联系客服。"
    assert kind_of(analyser, body, sender="merchant@hkrt.example") is Kind.CANCEL_ACKNOWLEDGED


def test_an_application_sent_back_if_not_completed_is_no_refund(analyser):
    body = "您提交的网点开通申请材料不全，请于7个工作日内通过系统上传以下材料：营业执照副本。逾期未补正的，申请将退回。"
    assert kind_of(analyser, body, sender="kefu@bianmintong.example") is Kind.INFO_REQUESTED


# Twenty-sixth and twenty-seventh blind sets' families.
@pytest.mark.parametrize("body", [
    "您预约的6月12日上门取件已取消，原因：快递员多次联系未果。被取消的仅是取件预约，终端注销也尚未办理。",
    "订单状态变更通知\n当前状态 撤单审核中\n状态说明：\n已取消 — 撤单成功，订单已关闭，已付款项原路退回。",
    "您提交的投诉工单已处理完毕并关闭。\n工单状态 已关闭\n处理结果 已将您的退订申请转交业务部门办理。",
])
def test_a_pickup_a_legend_or_a_ticket_closed_confirms_no_cancellation(analyser, body):
    assert kind_of(analyser, body, sender="service@chinaums.example") is not Kind.CANCEL_CONFIRMED


@pytest.mark.parametrize("body", [
    "关于您来电提出的撤机诉求，我们这边已经收到，现已转交区域运营同事跟进。",
    "我们已经收到您关于终止盛付通收款服务的请求，客服专员正在为您核查。",
    "Your termination request has been scheduled. Status: PENDING TERMINATION.",
])
def test_a_request_passed_on_or_scheduled_is_acknowledged(analyser, body):
    assert kind_of(analyser, body, sender="service@shengpay.example") is Kind.CANCEL_ACKNOWLEDGED


def test_a_refund_approved_and_queued_at_finance_is_in_progress(analyser):
    body = "您的退款申请已经核准，已推送至财务排队出款，退款金额：199.00元。"
    assert kind_of(analyser, body, sender="service@xingyifu.example") is Kind.REFUND_PROCESSING


def test_a_holiday_notice_that_pauses_replies_is_an_auto_reply(analyser):
    body = "国庆假期期间，本邮箱暂停人工处理，您的来信会在10月8日后依次回复。"
    assert kind_of(analyser, body, subject="回复：注销商户的申请") is Kind.AUTO_REPLY


def test_the_remainder_after_a_fee_is_the_refund(analyser):
    body = "您的解约已办理完成。已付款项 ¥299.00，扣除手续费 ¥20.00 后，剩余 ¥279.00 将于5个工作日内原路退回。"
    assert analyser.analyse(message(body, sender="service@shengpay.example")).amount_cny == 279.0


# Twenty-eighth and twenty-ninth blind sets' families.
@pytest.mark.parametrize(("body", "expected"), [
    ("Order number: SP20250107338012\nYour cancellation request has been received.", "SP20250107338012"),
    ("Thanks for your patience! I checked order LS202501150990: your cancellation request has been received.",
     "LS202501150990"),
])
def test_english_order_labels_in_any_case_are_read(analyser, body, expected):
    assert analyser.analyse(message(body, sender="support@leshua.example")).order_number == expected


def test_a_refund_serial_number_is_no_terminal_serial(analyser):
    body = "Your refund has been credited: CNY 468.00\nRefund serial no.: RF20250109004471"
    assert analyser.analyse(message(body, sender="noreply@chinaums.example")).terminal_sn is None


def test_a_cancellation_completed_as_asked_confirms(analyser):
    body = "您名下订单 LS2025010692741108 已按您的要求完成撤销，设备未激活，无需寄回。服务费199元会在7个工作日内原路退回。"
    assert kind_of(analyser, body, sender="kefu@leshua.example") is Kind.CANCEL_CONFIRMED


def test_a_refund_of_fees_settled_and_paid_into_the_account_is_completed(analyser):
    body = "您提交的退网退费已办结，款项（人民币叁佰元整）已打入您登记的对公账户。"
    found = analyser.analyse(message(body, sender="kefu@bianmintong.example"))
    assert (found.kind, found.amount_cny) == (Kind.REFUND_COMPLETED, 300.0)


# Thirtieth and thirty-first blind sets' families.
@pytest.mark.parametrize("body", [
    "您在App里看到标记为【已取消】的，是您重复提交的另一笔订单，并不是您这次要求撤销的那一笔。您的撤单申请我们已登记。",
    "状态变更记录：\n2025-01-08 撤单审核通过 已取消\n2025-01-10 恢复审核通过 正常(已开通)",
    "**** 测试邮件 请忽略 ****\n\n------ 以下为排版测试内容 ------\n标题：撤单成功\n正文：您的订单已撤单成功。",
    "您名下的店员子账号已于今日注销成功，不影响商户收款服务。",
])
def test_another_order_a_reversed_status_a_test_mail_or_a_sub_account_confirm_nothing(analyser, body):
    assert kind_of(analyser, body, sender="kefu@lakala.example") is not Kind.CANCEL_CONFIRMED


def test_a_cancellation_rolled_back_is_refused(analyser):
    body = "系统执行撤单时检测到仍有交易未完成结算，撤单未能完成，系统已自动回滚，订单已恢复为【已激活】状态。"
    assert kind_of(analyser, body, sender="service@vbill.example") is Kind.CANCEL_REJECTED


def test_a_netease_mobile_forward_with_a_table_header_is_unwrapped(analyser):
    body = ("家里的机器我寄到哪？\n\n---- 转发的邮件 ----\n| 发件人 | 海科融通客户服务<aftersale@hkrt.example> |\n"
            "| 主题 | 退机指引 |\n\n您的退机申请已审核通过，请按以下方式寄回设备：北京市朝阳区测试路88号。")
    found = analyser.analyse(message(body, subject="Fwd: 退机指引", sender="someone@126.example"))
    assert (found.forwarded, found.provider, found.kind) == (True, "hkrt", Kind.DEVICE_RETURN_INSTRUCTIONS)


# Thirty-second and thirty-third blind sets' families.
@pytest.mark.parametrize("body", [
    "您提交的撤单申请已通过初审。当前状态：待风控复核，复核结论将另行通知。",
    "撤单进度：订单号 VB202410250417，当前节点 财务核算中。",
    "閣下提交的取消申請已完成登記，處理需時5至7個工作天。",
    "Your cancellation request has been successfully submitted. Until then your agreement remains active.",
    "We acknowledge receipt of your request to terminate the service. Your request is now being processed.",
])
def test_a_request_under_review_in_other_words_is_acknowledged(analyser, body):
    assert kind_of(analyser, body, sender="service@lakala.example") is Kind.CANCEL_ACKNOWLEDGED


def test_a_request_that_lapsed_unconfirmed_is_refused(analyser):
    body = "申请状态 已失效\n原因 您未在72小时内完成二次确认，系统已自动作废该撤机申请。"
    assert kind_of(analyser, body, sender="noreply@chinaums.example") is Kind.CANCEL_REJECTED


def test_a_service_ended_by_letter_confirms(analyser):
    body = "经双方确认，贵店所用POS服务（订单号 ZF240815220934）自2024年11月20日起正式终止。"
    assert kind_of(analyser, body, sender="kf@zfpay.example") is Kind.CANCEL_CONFIRMED


# Families blind34-37 found (each first measured on mail the classifier had never seen).

def test_a_word_ending_in_qing_is_no_request(analyser):
    """申请/邀请 end in 请: "申请补充的材料" asks for nothing."""
    body = "您为撤机申请上传的材料已收到，撤机申请目前仍在审核中，结果将另行通知。"
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


@pytest.mark.parametrize("body", [
    "您的解约申请已登记，正在处理中。登记号 DJ55102，日后咨询进度时请提供此编号。",
    "撤单申请已受理，处理中。如需来电查询，请提供受理编号 SL20931。",
])
def test_a_number_to_quote_when_calling_later_is_no_info_request(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


def test_an_info_request_asked_politely_is_one(analyser):
    assert kind_of(analyser, "您好，麻烦您提供一下当初办理时的手机号，方便我们核对是哪一台机器。") is Kind.INFO_REQUESTED


@pytest.mark.parametrize(("sender", "body"), [
    ("notice@umpay-center.test", "【联动优势】您的终端已注销成功，押金退还请访问 http://umpay-center.test/r 办理。"),
    ("kf@xyf-pos.test", "您的星驿付POS机已注销成功！请回复银行卡号及取款密码以便退还押金。"),
])
def test_a_look_alike_confirming_a_cancellation_to_phish_is_marketing(analyser, sender, body):
    result = analyser.analyse(message(body, sender=sender))
    assert result.kind is Kind.MARKETING


@pytest.mark.parametrize("body", [
    "您的机具已激活并产生交易，现阶段无法再撤销订单。",
    "订单已出库，我们这边不能再撤单了。",
])
def test_a_refusal_with_no_longer_in_it_rejects(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_REJECTED


@pytest.mark.parametrize("body", [
    "依据您的申请，您名下的收单服务已于3月1日停止，终端已停用。",
    "处理进度：\n提交申请 已完成\n设备回收 已完成\n商户注销 已完成",
    "Your merchant service is now terminated and no further fees will be charged.",
])
def test_a_service_stopped_or_a_last_status_row_done_confirms(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


@pytest.mark.parametrize("body", [
    "按您的来电要求，您此前提交的注销申请已撤回成功，商户继续正常使用。",
    "处理进度：\n提交注销申请 已完成\n资料审核 已完成\n商户注销 处理中",
])
def test_a_withdrawn_request_or_a_pending_last_row_never_confirms(analyser, body):
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED


@pytest.mark.parametrize("body", [
    "关于您的退款，审批已通过，现转入财务出款环节。",
    "您申请的押金退款已进入付款流程，请耐心等待。",
])
def test_a_refund_moving_to_payment_is_processing(analyser, body):
    assert kind_of(analyser, body) is Kind.REFUND_PROCESSING


def test_a_fee_due_to_be_deducted_on_a_date_is_a_fee_notice(analyser):
    result = analyser.analyse(message("您的终端通讯服务费 96元 会在1月5日从结算款中划扣，请知悉。"))
    assert (result.kind, result.amount_cny) == (Kind.FEE_NOTICE, 96.0)


def test_an_automatic_receipt_promising_a_reply_is_an_auto_reply(analyser):
    body = "尊敬的客户：邮件已收到，我们会在两个工作日内答复您。"
    assert kind_of(analyser, body) is Kind.AUTO_REPLY


@pytest.mark.parametrize("body", [
    "【乐刷】老用户换新机0元领，限量500台！退订回复TD",
    "POS被扣的押金均可追回，专业团队一对一办理，成功后再收费，加V：pos8899",
])
def test_giveaways_and_money_back_services_are_marketing(analyser, body):
    assert kind_of(analyser, body, sender="promo@pos-help.test") is Kind.MARKETING


# Notices merchants paste from their phones (blind38: kind .800, provider .733, forwarded .500 first measured).

def test_a_pasted_sms_is_the_providers_text_and_counts_as_forwarded(analyser):
    body = "乐刷发的，钱到了吗你们帮我看下\n\n【乐刷】您的订单LS2025110300187押金退款299.00元已原路退回，请注意查收。\n\n——来自QQ邮箱"
    result = analyser.analyse(message(body, subject="短信", sender="boss88@qq.example"))
    assert (result.kind, result.provider, result.forwarded) == (Kind.REFUND_COMPLETED, "leshua", True)
    assert (result.order_number, result.amount_cny) == ("LS2025110300187", 299.0)
    assert result.sender == ""  # nothing pasted is authenticated: no provider address to trust


def test_a_pasted_wechat_card_under_its_account_name_is_read(analyser):
    body = ("公众号刚推的，说注销不了\n\n星驿付服务号消息：\n【办理失败】您的终端注销申请暂无法办理，"
            "原因：存在未结清费用 ¥36.00。\n\n发自我的华为手机")
    result = analyser.analyse(message(body, subject="星驿付", sender="shop@163.example"))
    assert (result.kind, result.provider, result.forwarded) == (Kind.CANCEL_REJECTED, "xingyifu", True)


def test_an_sms_gateways_mail_forwarded_is_read_by_the_notices_signature(analyser):
    body = ("到账了\n\n------------------ Original ------------------\nFrom: 106900 <sms@gateway.example>\n"
            "Subject: 短信\n\n【拉卡拉】您的订单LKL20251101000123已取消成功，押金将原路退回。")
    result = analyser.analyse(message(body, subject="转发：短信", sender="boss88@qq.example"))
    assert (result.kind, result.provider, result.forwarded) == (Kind.CANCEL_CONFIRMED, "lakala", True)


def test_a_look_alike_opening_with_the_brands_signature_is_no_pasted_notice(analyser):
    body = "商户您好\n【拉卡拉】您的POS已注销成功，押金请点击 http://lakala-tui.test/r 领取，输入卡号和密码即可。"
    result = analyser.analyse(message(body, sender="notice@lakala-tui.test"))
    assert (result.kind, result.forwarded) == (Kind.MARKETING, False)


def test_an_order_number_broken_after_its_hyphen_is_joined_with_it(analyser):
    body = "您好，您的订单UMP-2025-\n118734已取消成功。"
    assert analyser.analyse(message(body, sender="kf@umpay.example")).order_number == "UMP-2025-118734"


def test_an_order_number_with_a_space_before_its_hyphenated_digits_is_whole(analyser):
    body = "您的业务单号：KDT 2510-071552 已注销成功。"
    assert analyser.analyse(message(body, sender="kf@kdt-isp.example")).order_number == "KDT2510-071552"


# Families blind39-42 found.

@pytest.mark.parametrize("body", [
    "您的撤销申请暂时无法办理：设备已激活并产生交易。",
    "订单已于昨日出库，因此未能按“发货前撤单”处理，请签收后联系我们退机。",
])
def test_a_refused_withdrawal_or_a_rule_that_no_longer_applies_rejects(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_REJECTED


@pytest.mark.parametrize("body", [
    "您的开户资料已提交成功，正在审核中。今后办理变更、注销等业务请提供申请单号。",
    "您的入网申请已受理，审核期间或许会需要您补充材料，届时另行通知。",
])
def test_a_request_for_some_later_time_is_no_info_request_now(analyser, body):
    assert kind_of(analyser, body) is Kind.APPLICATION_RECEIVED


@pytest.mark.parametrize("body", [
    "请您按下列要求交回缴费终端：终端较重，请勿自行邮寄。",
    "我们已安排工作人员于周三上门拆机回收，届时请店内留人。",
])
def test_returning_a_device_in_other_words_is_return_instructions(analyser, body):
    assert kind_of(analyser, body) is Kind.DEVICE_RETURN_INSTRUCTIONS


def test_a_device_the_merchant_already_sent_back_is_no_return_instruction(analyser):
    body = "您已寄回的终端仓库已签收，正在检测中，检测完成后为您办理解约。"
    assert kind_of(analyser, body) is not Kind.DEVICE_RETURN_INSTRUCTIONS


def test_a_parcel_sent_back_is_no_refund_paid(analyser):
    body = "您拒收的快递已退回我司仓库，订单已取消成功，已付款项将于5个工作日内原路退回。"
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


def test_a_status_notice_under_auto_reply_headers_is_that_status(analyser):
    body = "您的订单 LKL2025031800913 退款已完成，199.00元已原路退回，请注意查收。（系统通知，请勿回复）"
    result = analyser.analyse(message(body, subject="自动回复: 工单状态更新",
                                      headers={"Auto-Submitted": "auto-replied", "X-Autoreply": "yes"}))
    assert result.kind is Kind.REFUND_COMPLETED
    assert result.extra["automatic_headers"]  # kept: nothing answers it automatically


def test_an_out_of_office_that_says_so_stays_an_auto_reply_whatever_it_echoes(analyser):
    body = "您好，您的来信已收到，本邮箱为自动回复。\n您的来信主题：Re: 撤单成功确认"
    result = analyser.analyse(message(body, subject="自动回复: Re: 撤单成功确认",
                                      headers={"Auto-Submitted": "auto-replied"}))
    assert result.kind is Kind.AUTO_REPLY


def test_a_person_answering_an_auto_reply_is_no_auto_reply(analyser):
    body = "您好，前几天您只收到了系统自动回复，抱歉。经查设备已发出，目前无法撤单。"
    assert kind_of(analyser, body, subject="Re: 自动回复: 申请撤单") is Kind.CANCEL_REJECTED


def test_a_ticket_receipt_promising_a_named_agent_is_an_auto_reply(analyser):
    body = "您的来信已进入客服系统，工单号 #TK2211。我们将由专人回复。"
    assert kind_of(analyser, body, subject="[#TK2211] 来信回执") is Kind.AUTO_REPLY


def test_a_fee_to_be_collected_from_settlement_on_a_date_is_a_fee_notice(analyser):
    body = "您的终端交易额未达标，将于8月5日从结算款中扣收服务费99元。"
    assert kind_of(analyser, body) is Kind.FEE_NOTICE


# Families blind43 (long threads) found.

def test_answers_written_between_the_quoted_questions_are_read(analyser):
    body = ("王先生您好，答复见下文行内（▲开头为本次答复）。\n\n> 1. 我的机器怎么退？\n"
            "▲ 退机申请已通过，请将设备寄回：上海市示例路1号 售后部 收。\n\n> 2. 多久处理完？\n▲ 收到后3个工作日内验机。")
    assert kind_of(analyser, body, subject="回复：退机") is Kind.DEVICE_RETURN_INSTRUCTIONS


def test_a_reply_quoting_under_a_qq_separator_is_no_forward(analyser):
    body = ("王姐，违约金太贵不如换咱们的，0费率，还能帮你处理注销违约金！\n\n"
            "------------------ 原始邮件 ------------------\n发件人: \"王芳\"<wangfang@qq.example>;\n"
            "主题: 拉卡拉注销\n\n拉卡拉说注销要交300违约金，怎么办？")
    result = analyser.analyse(message(body, subject="回复：拉卡拉注销", sender="sales@posbiz.example"))
    assert (result.kind, result.forwarded) == (Kind.MARKETING, False)


def test_a_fee_taken_out_of_the_refund_is_a_fee_not_a_refund_in_progress(analyser):
    body = "设备已激活使用，退机需收取设备折旧费120元，将从退款中扣除。"
    result = analyser.analyse(message(body))
    assert (result.kind, result.amount_cny) == (Kind.FEE_NOTICE, 120.0)


def test_a_refund_still_with_the_bank_is_in_progress(analyser):
    body = "您订单的退款（¥188.00）目前还在银行处理中，尚未到账，请耐心等待。"
    assert kind_of(analyser, body) is Kind.REFUND_PROCESSING


@pytest.mark.parametrize("body", [
    "您提供的订单号 ZF2406180074731 在系统中查询不到，核实后的订单号为 ZF2406180047731，请回复确认。",
    "经核实，您的订单实际编号为 ZF2406180047731（来信中的编号有误），已为您登记撤单。",
])
def test_the_providers_number_beats_the_one_it_could_not_find(analyser, body):
    result = analyser.analyse(message(body, sender="kf@zfpay.example"))
    assert result.order_number == "ZF2406180047731"


def test_a_forwarded_phish_signed_with_the_brand_is_still_the_phishers(analyser):
    body = ("你们看下这是真的吗\n\n------------------ 原始邮件 ------------------\n"
            "发件人: \"乐刷安全中心\"<alert@leshua-safe.test>;\n主题: 【乐刷】紧急通知\n\n"
            "【乐刷】您的商户号即将冻结，押金¥299将无法退还，请立即点击下方链接更新资料。")
    result = analyser.analyse(message(body, subject="转发：【乐刷】紧急通知", sender="shop@qq.example"))
    assert (result.kind, result.provider) == (Kind.MARKETING, "unknown")


def test_a_returned_device_under_inspection_means_the_cancellation_is_under_way(analyser):
    body = "您好，您退回的机具（SN：N8Q2C6614027）仓库已收到，目前正在验机中，完成后为您办理注销。"
    assert kind_of(analyser, body, subject="寄回设备已签收") is Kind.CANCEL_ACKNOWLEDGED


# blind45 (false-confirmation traps, round 4): 4 of 22 traps confirmed before these families were fixed.

@pytest.mark.parametrize("body", [
    "经核查您重复提交了两笔申请：重复的订单已为您撤销；主订单已出库，无法撤单。",
    "您的代扣协议已解除，但终端仍有欠费未结清，目前无法办理撤机。",
    "配件订单 PJ-55120431 已关闭（超时未支付）。机具申请单的取消申请：审核中。",
    "Your direct debit mandate has been cancelled. Your termination notice has been logged and is not yet effective.",
])
def test_something_else_cancelled_beside_the_service_never_confirms(analyser, body):
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED


@pytest.mark.parametrize("body", [
    "您名下订单已作终止处理，合约关系自即日起解除，机具无需寄回。",
    "您的申请单已办结，处理结果：服务终止，不再扣收任何费用。",
    "经双方协商一致，订单作废，合约同时解除。",
    "閣下之服務協議（商戶編號 HT-M-1234567）已於本日正式終止。",
])
def test_a_termination_in_formal_words_confirms(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


@pytest.mark.parametrize("body", [
    "您的撤机申请（订单号 CUMS2024101260381）已转至撤机专员处理，请留意后续通知。",
    "您的退机申请（订单号 VB20241021775813）已受理，目前处于审核环节。",
    "经核实，此前的“已注销”通知系误发，您的注销申请已重新进入审核队列。",
    "撤点进度查询\n网点编号：KDT-WD-330219\n当前进度：审核中",
])
def test_a_request_passed_on_reopened_or_shown_in_review_is_acknowledged(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


def test_return_instructions_after_a_condition_on_the_cancellation_are_still_instructions(analyser):
    body = "注销需在我司收到机具后办理，请将终端及充电座寄至：成都市示例大道1200号 售后中心 收。"
    assert kind_of(analyser, body) is Kind.DEVICE_RETURN_INSTRUCTIONS


# blind47 (phones, round 2: kind .667, provider .600, forwarded .567 first measured).

def test_a_relayed_chat_under_the_merchants_lead_in_line_is_the_providers_text(analyser):
    body = ("乐刷客服在企业微信上回我的，原话如下：\n\n乐刷-商户服务-小王 12/03 14:26\n"
            "您好，已核实您的订单LS2024071205519，机具已激活未满合约期，目前系统无法直接办理解约。\n\n大家看看怎么办")
    result = analyser.analyse(message(body, subject="企业微信记录", sender="nailshop@outlook.example"))
    assert (result.kind, result.provider, result.forwarded) == (Kind.CANCEL_REJECTED, "leshua", True)


def test_an_sms_quoted_inside_the_merchants_sentence_is_read(analyser):
    body = ("你好，昨天收到一条短信说“【随行付】您的退款申请已审核通过，退款金额¥159.00预计3-5个工作日原路退回”，"
            "可我付的是189，差的30是怎么回事？")
    result = analyser.analyse(message(body, subject="退款不对", sender="milktea@126.example"))
    assert (result.kind, result.provider, result.amount_cny) == (Kind.REFUND_PROCESSING, "vbill", 159.0)


def test_a_pasted_phish_asking_for_a_qq_contact_is_marketing_from_no_provider(analyser):
    body = ("这个是真的吗？\n\n【银联商务】您的商户存在违规交易，将冻结结算并收取违约金1500元，"
            "请立即添加客服QQ 2980017763 办理解冻。\n\n发自我的iPhone")
    result = analyser.analyse(message(body, subject="这个短信", sender="shop@qq.example"))
    assert (result.kind, result.provider) == (Kind.MARKETING, "unknown")


def test_a_real_fee_sms_with_a_deadline_warning_stays_a_fee_notice(analyser):
    body = ("收到下面这个短信，转给你们处理：\n\n尊敬的客户：您名下终端因未满合约期申请解绑，按协议需缴纳设备折旧费268.00元，"
            "请于12月20日前通过APP完成缴费，逾期将影响征信。退订回T【联动优势】")
    result = analyser.analyse(message(body, subject="短信", sender="hardware@163.example"))
    assert (result.kind, result.provider, result.amount_cny) == (Kind.FEE_NOTICE, "umpay", 268.0)


def test_a_wallet_card_saying_the_refund_arrived_is_a_completed_refund(analyser):
    body = ("支付宝里随行付生活号的通知，复制的：\n退款到账通知\n退款金额 ¥ 360.00\n订单编号 VB202410190031582\n"
            "到账时间 2024-11-26 14:22\n查看详情 >")
    result = analyser.analyse(message(body, subject="到账了", sender="auto@sina.example"))
    assert (result.kind, result.provider, result.amount_cny) == (Kind.REFUND_COMPLETED, "vbill", 360.0)


def test_telling_someone_is_no_restatement(analyser):
    body = "王老板你好，跟你说一下，你那个自助缴费网点已经审核通过了，开通成功了。"
    assert kind_of(analyser, body, sender="kf@bianmintong.example") is Kind.APPLICATION_APPROVED


# blind44 (self-pay and ISP providers), blind46 (money), blind48 (HTML templates).

def test_amounts_in_ten_thousands_and_bare_thousands_are_read(analyser):
    body = "您的退款已原路退回。\n项目 金额(元)\n预存款 2,400.00\n已代缴费用 -150.00\n实退金额 2,250.00"
    assert analyser.analyse(message(body, sender="kf@bianmintong.example")).amount_cny == 2250.0
    body = "很抱歉，因未满合约期，目前无法为您办理注销，如坚持解约需支付违约金0.3万元。"
    assert analyser.analyse(message(body)).amount_cny == 3000.0


def test_a_rule_that_paid_fees_are_not_refunded_refuses_no_refund(analyser):
    body = "根据协议需缴纳设备折旧费¥150.00，请于10日内缴费。缴费完成后将自动办理注销；已缴费用不予退款。"
    assert kind_of(analyser, body) is Kind.FEE_NOTICE


def test_an_activation_date_before_a_refund_condition_is_no_paid_refund(analyser):
    body = "很抱歉，您的押金退还申请未通过审核：该设备已于2025年1月3日激活并产生交易，押金退还须满足活动条件，故不予退还。"
    assert kind_of(analyser, body) is Kind.REFUND_REJECTED


@pytest.mark.parametrize("body", [
    "您提交的撤点申请已进入处理队列，网格经理将在3个工作日内与您联系。",
    "您的退网（销户）申请已收到并登记，装维人员将与您联系。如有疑问请回复本邮件。",
    "您的撤机申请已登记，审核期间设备请妥善保管，暂勿寄回。",
])
def test_self_pay_and_isp_requests_in_their_own_words_are_acknowledged(analyser, body):
    assert kind_of(analyser, body, sender="kf@kdt-isp.example") is Kind.CANCEL_ACKNOWLEDGED


def test_a_parcel_that_can_no_longer_be_intercepted_rejects_the_cancellation(analyser):
    body = "该订单设备已于昨日交由圆通发出，运单号YT7520418863125，已无法拦截取消，请签收后申请退机。"
    assert kind_of(analyser, body, sender="kf@hkrt.example") is Kind.CANCEL_REJECTED


def test_a_fee_only_for_cancelling_after_delivery_is_no_fee_notice(analyser):
    body = "您的POS机已发货，运单号 YT4409182273615，请注意查收。签收后取消将收取设备费用，签收前如需取消请拒收。"
    assert kind_of(analyser, body) is Kind.SHIPPED


def test_a_text_part_stopping_at_the_forward_header_is_read_from_the_html(analyser):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "shop@163.example", "in@cancelflow.example", "转发：退款到账通知"
    header = "-------- 转发邮件信息 --------\n发件人：\"拉卡拉客服中心\" <service@mail.lakala.example>\n主题：退款到账通知\n"
    msg.set_content("钱到了，存档。\n\n" + header)
    msg.add_alternative(
        "<div>钱到了，存档。</div><div>-------- 转发邮件信息 --------<br>发件人：\"拉卡拉客服中心\" "
        "&lt;service@mail.lakala.example&gt;<br>主题：退款到账通知</div><blockquote><p>您好，您的订单退款已到账。</p>"
        "<table><tr><td>订单编号</td><td>LKL20240918602214</td></tr><tr><td>退款金额</td><td>人民币&nbsp;1,280.50&nbsp;元"
        "</td></tr></table></blockquote>", subtype="html")
    result = analyser.analyse(msg.as_bytes())
    assert (result.kind, result.provider, result.order_number, result.amount_cny) == (
        Kind.REFUND_COMPLETED, "lakala", "LKL20240918602214", 1280.5)


def test_a_text_part_summarising_the_html_leaves_the_sum_to_the_html(analyser):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "notice@umpay.example", "shop@qq.example", "退款审核结果"
    msg.set_content("联动云：订单UMP-2024-610284 退款审核结果：不予退款（设备已激活超过30天）。")
    msg.add_alternative("<p>退款申请未通过</p><table><tr><td>申请退款金额</td><td>RMB 199.00</td></tr>"
                        "<tr><td>审核结果</td><td>不予退款</td></tr></table>", subtype="html")
    result = analyser.analyse(msg.as_bytes())
    assert (result.kind, result.amount_cny) == (Kind.REFUND_REJECTED, 199.0)


# blind50 (false-confirmation traps, round 5): 3 of 20 traps confirmed before these families were fixed.

def test_a_progress_chains_last_step_not_yet_reached_never_confirms(analyser):
    body = "订单LKL20250114603318注销进度：提交申请(已完成) > 资料审核(已完成) > 终端回收 > 注销完成"
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED


def test_a_chain_whose_last_step_is_marked_done_confirms(analyser):
    body = "订单LKL20250114603318注销进度：提交申请(已完成) > 终端回收(已完成) > 注销完成(已完成)"
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


def test_another_providers_cancellation_mentioned_in_passing_never_confirms(analyser):
    body = "您提交的材料显示原随行付终端已注销成功，满足一户一机要求。您的申请已审核通过，商户号已开通。"
    assert kind_of(analyser, body, sender="service@xingyifu.example") is Kind.APPLICATION_APPROVED


def test_a_help_page_defining_a_status_never_confirms(analyser):
    body = "常见问题\nQ：状态显示“已销户”是什么意思？\nA：“已销户”是指您的缴费服务已终止、账号停止使用。"
    assert kind_of(analyser, body, sender="help@bianmintong.example") is not Kind.CANCEL_CONFIRMED


def test_a_provider_signed_mail_without_an_address_is_no_pasted_notice(analyser):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "银联商务客户服务", "shop@qq.example", "退机地址"
    msg.set_content("商户您好：\n请您自行将设备寄回，地址如下：\n收件人：银联商务退机组\n地址：上海市示例路88号")
    result = analyser.analyse(msg.as_bytes())
    assert (result.kind, result.provider, result.forwarded) == (Kind.DEVICE_RETURN_INSTRUCTIONS, "chinaums", False)


# blind51 (refusals and money moved, in many registers: kind .633 first measured).

@pytest.mark.parametrize("body", [
    "经核对，您的终端仍在服务期内，目前暂不具备办理条件，建议您继续使用。",
    "您提交的终端撤销申请未能完成，需由客户经理现场核验后办理。",
    "业务办理结果\n申请单号 2024112604418835\n办理结果 未办理",
    "We are not in a position to process the termination of your agreement at this time.",
])
def test_soft_and_formal_refusals_reject(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_REJECTED


@pytest.mark.parametrize("body", [
    "服务费 368.00 元已用于设备激活，依照协议不予返还。",
    "您的退费申请已处理：该笔缴费已销账，故本次退费申请未予办理。",
])
def test_refund_refusals_in_other_words_refuse(analyser, body):
    assert kind_of(analyser, body) is Kind.REFUND_REJECTED


@pytest.mark.parametrize("body", [
    "您申请退还的服务费已于12月10日完成划款，款项¥299.00已划至您尾号6612的银行卡。",
    "您的退机退款已出款。\n应退金额：299.00元\n扣除折旧费：50.00元\n实际出款：249.00元",
    "Your refund for Order No. HT2411069021 has been settled. Amount remitted: RMB 1,080.00.",
])
def test_money_paid_in_banking_words_is_a_completed_refund(analyser, body):
    assert kind_of(analyser, body) is Kind.REFUND_COMPLETED


def test_the_net_paid_out_is_the_amount(analyser):
    body = "您的退款已出款。\n应退金额：299.00元\n扣除设备折旧费：50.00元\n实际出款：249.00元"
    assert analyser.analyse(message(body)).amount_cny == 249.0


@pytest.mark.parametrize("body", [
    "您的退费目前状态为“出款中”，金额¥120.00，银行处理完成后会短信通知您。",
    "您的押金退款已提交财务，排队出款中，预计T+3到账。",
])
def test_money_in_the_pipeline_is_a_refund_in_progress(analyser, body):
    assert kind_of(analyser, body) is Kind.REFUND_PROCESSING


# blind52 (requests and return instructions in many forms: kind .833 first measured).

@pytest.mark.parametrize("body", [
    "不知能否麻烦您翻到机器背面，把铭牌上SN后面那串字符拍照发给我们？",
    "请复制下表，填写空白处后直接回复本邮件：\n收款户名 ____\n银行账号 ____",
    "您的解约申请尚缺以下资料，请于3个工作日内补齐：1、结算卡照片；2、开户许可证。",
    "您的撤机申请信息不完整，请按以下格式回复：\n网点编号：\n负责人姓名：",
])
def test_requests_in_other_forms_ask_for_information(analyser, body):
    assert kind_of(analyser, body) is Kind.INFO_REQUESTED


def test_a_drop_off_at_a_service_point_is_return_instructions(analyser):
    body = "您名下终端的回收申请已登记，请于15日内携带设备及本人身份证，前往以下任一服务网点交回。"
    assert kind_of(analyser, body) is Kind.DEVICE_RETURN_INSTRUCTIONS


def test_a_count_of_pieces_is_no_amount(analyser):
    body = "请按以下方式寄回设备。装箱清单：POS主机1台、电池1块、充电器1套。"
    assert analyser.analyse(message(body)).amount_cny is None


def test_a_fee_said_to_be_paid_already_is_no_demand(analyser):
    body = "您的解约费用已缴清，退机申请已通过。请在7日内将设备寄回：深圳市示例路88号 售后仓 收。"
    assert kind_of(analyser, body) is Kind.DEVICE_RETURN_INSTRUCTIONS


# blind55 (adversarial traps, round 6: 2 of 20 confirmed, kind .633 first measured).

@pytest.mark.parametrize("body", [
    "请将机具寄回：上海市示例路88号 退机组 收。我司收到设备并验机无误后。系统即显示注销成功，届时无需再联系客服。",
    "温馨提示：注销后商户号将无法收款；已注销的商户号不可恢复。\n经核查，您的商户号存在未结清手续费，暂无法为您办理注销。",
])
def test_what_a_system_will_show_or_a_tip_line_never_confirms(analyser, body):
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED


@pytest.mark.parametrize(("body", "sender"), [
    ("单号 结果 后续\nLKL20241027550918 已撤销 无需操作", "noreply@service.lakala.example"),
    ("业务类型 终端撤机\n终端编号 QM60239901276\n处理结果 办结", "noreply@chinaums.example"),
    ("网点编号 BMT4410982 的自主缴费业务已停办，网点账户已于今日销户。", "kefu@bianmintong.example"),
    ("业务单号 KDT20241030118：退订已办结，自次月起不再计费。", "kf@kdt-isp.example"),
    ("该订单我方已终止，不会发货，亦不会产生任何费用。", "kf@zfpay.example"),
    ("Order SP202411110417: voided.\nNothing further is needed from you.", "service@shengpay.example"),
    ("閣下申請之終端機收款服務，已於2024年11月6日正式終止，服務合約同時解除。", "cs@huitong-hk.example"),
])
def test_terse_completions_confirm(analyser, body, sender):
    assert kind_of(analyser, body, sender=sender) is Kind.CANCEL_CONFIRMED


# blind54/56/58 (representative, English desks, replies to chasers).

@pytest.mark.parametrize("body", [
    "您于1月18日通过APP提交的「撤销开通」请求我们已经收到，目前由风控与运营部门联合核实。",
    "您的邮件已转至风控合规部，由该部门负责后续撤单审核。",
    "您提交的服务终止请求已排入审核队列，审核期间如需补充材料，客服将与您电话联系。",
])
def test_requests_received_in_other_words_are_acknowledged(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


def test_english_desk_wording_asks_and_refuses(analyser):
    asks = "In order to proceed with your request, kindly revert with a copy of your business licence."
    assert kind_of(analyser, asks) is Kind.INFO_REQUESTED
    refuses = ("Please be advised that your request for a refund of RMB 120.00 under Order No.\n"
               "KDT2501-204417 has been declined, as a chargeback is pending.")
    assert kind_of(analyser, refuses) is Kind.REFUND_REJECTED


def test_a_mailbox_nobody_reads_is_an_automatic_reply(analyser):
    body = "您好！本邮箱为系统通知专用邮箱，无人值守，来信不会被查看或处理。如需撤销请使用APP在线客服。"
    assert kind_of(analyser, body, subject="Re: [CF-88] 取消申请") is Kind.AUTO_REPLY


def test_a_provider_asking_for_a_third_partys_authority_asks_for_information(analyser):
    body = "贵方邮件为第三方代办发送。第三方代为办理撤单须提供授权委托书，请补充上述材料后回复。"
    assert kind_of(analyser, body, sender="kf@zfpay.example") is Kind.INFO_REQUESTED


def test_english_and_chinese_adverts_for_cancelling_are_marketing(analyser):
    advert = ("We help merchants cancel POS contracts without paying the early-termination fee. "
              "Cancel in 24h - guaranteed. Limited offer.")
    assert kind_of(analyser, advert, sender="agent@pos-exit.test") is Kind.MARKETING
    promo = "春季商户回馈：新开通商户首月交易手续费全免，推荐奖励50元。退订：http://notice.umpay.example/unsub"
    assert kind_of(analyser, promo, sender="promo@notice.umpay.example") is Kind.MARKETING


# blind60 (traps round 7: 6 of 20 confirmed first measured) and blind63 (rendering: 1 confirmed).

@pytest.mark.parametrize("body", [
    "您的退机订单下共有两台终端：\n · 终端一：已回收，已注销\n · 终端二：尚未寄回，请寄回后关闭订单。",
    "您名下的子网点已停用完毕。主网点的注销申请已受理，提前注销需收取设备折旧费260元。",
    "去年更换下来的旧终端已于2023年12月回收、注销完成；您现在使用的终端退订申请已转交区域经理审核。",
    "處理記錄：\n10-08 註銷已完成預處理，待終審\n10-10 終審未通過：設備激活未滿180天",
    "撤单进度\n11-15 待商户补件：请上传法人手持身份证照片\n11-12 撤单成功提交",
])
def test_the_merchants_other_business_or_a_step_of_the_request_never_confirms(analyser, body):
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED


def test_white_text_on_a_white_page_and_zero_size_text_are_not_read(analyser):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "kefu@mail.chinaums.example", "shop@qq.example", "撤机进度"
    msg.set_content("请用支持HTML的客户端查看")
    msg.add_alternative(
        '<table style="background:#ffffff"><tr><td><p>我们已收到您的撤机申请，当前进度：处理中</p>'
        '<p style="color:#ffffff">取消成功，订单已关闭。</p><span style="font-size:0px">注销成功</span>'
        '<a style="background:#1890ff;color:#fff">查看详情</a></td></tr></table>', subtype="html")
    assert analyser.analyse(msg.as_bytes()).kind is Kind.CANCEL_ACKNOWLEDGED


# blind59/60/62 (fresh wording, traps round 7, the acknowledged / asked / refused boundary).

@pytest.mark.parametrize("body", [
    "您发来的撤机邮件我这边看到了，我已经把您的情况转给订单组的同事，他们核实后会联系您。",
    "您提交的商户注销申请已由一线客服升级至商户风控组复核，期间无需补充任何资料。",
    "您的注销申请（订单号 XYF2503110736）已进入正式处理流程，预计7个工作日内办结。",
])
def test_a_request_passed_on_upward_is_acknowledged(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


@pytest.mark.parametrize("body", [
    "已按您的申请办理完毕：商户号已于3月5日解除签约，名下终端同步停机。",
    "您退机订单下的第二台终端已签收入库，至此两台终端均已回收并注销，订单已结案。",
    "您提交的退机申请已办理完毕，双方合作关系自2024年11月15日起终止。",
])
def test_completions_in_an_agents_words_confirm(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


def test_a_request_sent_back_is_no_refund_paid(analyser):
    body = "您的商户存在尚未结案的交易调单。在争议结案前，注销申请暂不能办理，本次申请已退回。"
    assert kind_of(analyser, body) is Kind.CANCEL_REJECTED


@pytest.mark.parametrize("body", [
    "您的注销申请（订单号 SXF2024102249018，商户号 831290058120044）我们已于11月4日登记，正在核对结算余额。",
    "本次撤机申请（订单编号 LKL2024091877031，机身号 LKP9Q2210458）目前仍在风控复核环节，尚未生效。",
    "至於本次提交之終止服務申請（申請編號 HT2411-03390），本公司已經收妥，現正處理中。",
])
def test_a_request_named_with_its_numbers_in_brackets_is_acknowledged(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


@pytest.mark.parametrize("body", [
    "该订单曾显示“已取消”。经财务对账尚有未结清费用，系统已将订单恢复为“有效”状态，取消不生效。",
    "Please note that this termination has now been REVERSED: an outstanding balance was found.",
])
def test_a_cancellation_reinstated_is_a_refusal(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_REJECTED


def test_english_requests_for_more_documents_ask(analyser):
    body = "To continue processing your termination request, we need additional documents. Action required."
    assert kind_of(analyser, body) is Kind.INFO_REQUESTED


def test_a_forwarded_advert_signed_with_a_providers_name_is_from_no_provider(analyser):
    body = ("看看这个\n\n-------- 转发邮件信息 --------\n发件人：\"王经理\" <pos_wang@163.example>\n主题：免费领POS机\n\n"
            "【随行付官方授权服务商】\n老板您好！电签POS新机免费领，秒到账，不想用了随时注销无违约金！限时活动，回复TD退订。")
    result = analyser.analyse(message(body, subject="Fw: 免费领POS机", sender="shop@qq.example"))
    assert (result.kind, result.provider) == (Kind.MARKETING, "unknown")


def test_a_document_missing_in_an_earlier_status_asks_for_nothing_now(analyser):
    body = "您的注销申请状态曾为“待提交”（缺少终端照片）。您补充的照片我们已收到，现已受理，注销处理中。"
    assert kind_of(analyser, body, sender="kf@kdt-isp.example") is Kind.CANCEL_ACKNOWLEDGED


# blind64/65 (traps rounds 8 and 9: 4 and 4 of 20 confirmed first measured).

@pytest.mark.parametrize("body", [
    "您的订单已取消成功，款项将原路退回。\n\n以上信息有误，请以最新通知为准：您的撤单申请仍在处理中。",
    "订单 LKL20241103559027 取消成功。\n\n【补充更正】上段订单号为工作人员误填，您的订单已出库，目前无法取消。",
    "订单状态 已关闭\n说明 以上为系统预览状态，不代表最终结果，目前复核中。",
    "Your Termination Request Form has been completed.\nPlease note that completing the form does not terminate your service.",
    "您的终端注销目前正在走审批，尚未生效，在收到我司注销成功的通知前请保留设备。",
    "业务单号 状态\nBMT2023051100234 历史开通单 已注销\nBMT2024110800917 撤销业务 审核中",
    "Your complaint ticket CT-55018 has been closed. The cancellation is still waiting for head-office sign-off.",
    "4 终端注销 ○ 待处理\n最后一步完成后会发送注销成功通知。",
])
def test_retracted_pending_or_elsewhere_completions_never_confirm(analyser, body):
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED


@pytest.mark.parametrize("body", [
    "您的撤机申请尚在走流程，请耐心等待。",
    "您的注销申请已提交，目前等总部批复。",
])
def test_pending_in_an_agents_words_is_acknowledged(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


@pytest.mark.parametrize("body", [
    "您同时提出的撤销订单 LKL20241028660419 的申请，目前尚在走流程，审核完成后再告知结果。",
    "您提交的终端撤机申请（终端编号 CUP92X01847730）目前还在排队，当前排队序号第37位。",
    "工单类型 撤单\n处理结果 {{CANCEL_RESULT}}\n当前节点 风控复核中",
])
def test_a_request_waiting_its_turn_is_acknowledged(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


TIPS_ONLY_STATUS = [
    "您提交的撤机申请表已填写完成。\n\n温馨提示：表单完成不代表已撤机，服务专员将在3个工作日内审核并与您联系。",
    "退网资料已上传成功。\n\n温馨提示：我们已收到您的注销申请，正在为您处理。",
]


@pytest.mark.parametrize("body", TIPS_ONLY_STATUS)
def test_a_status_said_only_in_the_tips_is_still_read_and_never_confirms(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


def test_an_unsubscribed_sms_is_no_cancellation_even_said_twice(analyser):
    body = "您已成功退订营销短信，退订已办理成功。"
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED


def test_tips_alone_never_confirm_a_cancellation(analyser):
    body = "您的结算信息已更新。\n\n温馨提示：已注销的商户号不可恢复，注销成功后请勿再使用终端。"
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED


CORRECTION_NOTICES = [
    ("您的订单已取消成功，款项将原路退回。\n\n以上信息有误，请以最新通知为准。\n最新通知：您的撤单申请仍在处理中，请耐心等待。",
     Kind.CANCEL_ACKNOWLEDGED),
    ("您的终端已注销成功。\n\n以上内容系误发。更正通知：注销前需支付违约金120元。", Kind.FEE_NOTICE),
    ("Your service has been cancelled.\n\nPlease disregard the above. Your cancellation request is still being processed.",
     Kind.CANCEL_ACKNOWLEDGED),
]


@pytest.mark.parametrize(("body", "kind"), CORRECTION_NOTICES)
def test_a_correction_notice_supersedes_the_status_above_it(analyser, body, kind):
    assert kind_of(analyser, body) is kind


FORM_STATUSES = [
    ("办理状态 □ 已受理 ■ 处理中 □ 已注销 □ 已驳回", Kind.CANCEL_ACKNOWLEDGED),
    ("注销进度：☐ 已提交 ☑ 审核中 ☐ 注销成功", Kind.CANCEL_ACKNOWLEDGED),
    ("办理状态 □ 已受理 □ 处理中 ■ 已注销 □ 已驳回", Kind.CANCEL_CONFIRMED),
    ("当前状态：B（待补充材料）\n状态说明：\n  A = 已受理\n  D = 已撤单（撤单成功）\n  E = 不予撤单", Kind.INFO_REQUESTED),
    ("业务单号 KDT2411-228017\n变更类型 销户（退订自助缴费服务）\n办理结果 已办结", Kind.CANCEL_CONFIRMED),
    ("业务类型 注销\n办理结果 已受理，审核中", Kind.CANCEL_ACKNOWLEDGED),
    ("您的终端注销申请进度如下：\n1 申请提交 ✔ 已完成\n2 资料审核 ✔ 已完成\n3 终端注销 ○ 待处理", Kind.CANCEL_ACKNOWLEDGED),
    ("您的撤单主申请仍然有效，目前正在走审批。审批结束后将统一处理撤单与退款。", Kind.CANCEL_ACKNOWLEDGED),
]


@pytest.mark.parametrize(("body", "kind"), FORM_STATUSES)
def test_only_the_ticked_option_of_a_status_form_counts(analyser, body, kind):
    assert kind_of(analyser, body) is kind


def test_a_providers_old_notice_pasted_under_its_correction_is_no_statement(analyser):
    body = ("【更正通知】我司此前发送的《注销成功通知》系系统误发。经核实，您的合约期未满，本次注销申请不予办理。\n\n"
            "--- 以下为误发通知原文，请以本更正为准 ---\n尊敬的商户：您的商户已注销成功。")
    assert kind_of(analyser, body) is Kind.CANCEL_REJECTED


MONEY_AND_CLOSURE = [
    ("您好，退款已审批通过并提交财务，预计5个工作日内打款至原支付账户。", Kind.REFUND_PROCESSING),
    ("您提交的撤单已审核完毕，本单撤销完毕，您无需再做任何操作。", Kind.CANCEL_CONFIRMED),
    ("贵户注销前尚有未结清的设备流量费48.00元，请于11月30日前缴纳，逾期将影响保证金退还。", Kind.FEE_NOTICE),
    ("注销完毕后请将设备寄回。", Kind.DEVICE_RETURN_INSTRUCTIONS),
]


@pytest.mark.parametrize(("body", "kind"), MONEY_AND_CLOSURE)
def test_refunds_passed_to_finance_closures_done_and_fees_still_owed(analyser, body, kind):
    assert kind_of(analyser, body) is kind


SALE_VOIDS = [
    "尊敬的商户，您的终端发起的撤销交易已处理成功。\n\n商户编号：SP310000882047\n原交易：消费 86.00元\n撤销结果：撤销成功，原交易已作废。",
    "閣下終端發起的消費撤銷已完成。\n\n原交易：消費 HK$120.00\n撤銷結果：撤銷成功。",
]


@pytest.mark.parametrize("body", SALE_VOIDS)
def test_a_voided_sale_described_under_its_original_is_no_cancellation(analyser, body):
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED


REFUNDS_UNDER_WAY = [
    "本次核准退款金额：1,280.00元\n退款状态：财务审核通过，待出款",
    "您的服务费退款368.00元已提交银行代付，目前处于银行处理中，尚未到账。",
    "扣除提前解约违约金200.00元后，实际退款300.00元。该笔退款已于3月10日提交财务审批，预计10个工作日内退至您的结算账户。",
]


@pytest.mark.parametrize("body", REFUNDS_UNDER_WAY)
def test_a_refund_approved_but_not_paid_out_is_in_progress(analyser, body):
    assert kind_of(analyser, body) is Kind.REFUND_PROCESSING


def test_a_fee_to_settle_before_an_accepted_cancellation_is_a_fee_notice(analyser):
    body = "您的注销申请已受理。在注销办结前，请先结清剩余服务费：月服务费36.00元 × 3期 = 108.00元。"
    assert kind_of(analyser, body) is Kind.FEE_NOTICE


def test_a_refused_refund_in_english_is_a_refund_rejection(analyser):
    body = ("We have reviewed your request for a refund of the terminal fee of RMB 399.00.\n"
            "Unfortunately we are unable to approve it: the terminal was activated more than 30 days ago.")
    assert kind_of(analyser, body) is Kind.REFUND_REJECTED


def test_a_phish_in_traditional_chinese_from_a_look_alike_domain_is_marketing(analyser):
    body = "您的刷卡服務已成功取消。請於24小時內點擊下方連結驗證信用卡資料以領取退款，逾期將自動作廢。"
    result = analyser.analyse(message(body, sender="refund@huitong-hk-refund.test"))
    assert result.kind is Kind.MARKETING and result.provider == "unknown"


DENIED_ELSEWHERE = [
    "前台系统里您这台机器显示是“已注销”，但是后台还没同步，所以目前还不算真正注销完成。\n机身号 前台状态\nSP5Q0093817264 已注销",
    "您上个月那个单子之前已经取消了，钱也退了。\n\n您这次问的这个SXF20250402377105还在审核，还没取消下来。",
    "很多人以为在APP里点了注销就注销成功了，其实点完只是提交了申请。您这台机器未满服务期，申请被驳回了，现在注销不了。",
]


@pytest.mark.parametrize("body", DENIED_ELSEWHERE)
def test_a_status_the_text_denies_anywhere_or_calls_a_belief_never_confirms(analyser, body):
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED


def test_an_attribute_not_yet_cancelled_does_not_deny_a_confirmation(analyser):
    body = "您的终端已注销成功。您名下尚未注销的其他终端仍可正常使用。"
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


COLLOQUIAL_REFUSALS_AND_ASKS = [
    ("您这台机器还不满12个月，按协议是不能提前注销的，所以您这个申请后台给驳回了，现在注销不了哈。", Kind.CANCEL_REJECTED),
    ("确定要取消的话麻烦您回我一句“确认取消”，我这边马上就给您撤掉。", Kind.INFO_REQUESTED),
]


@pytest.mark.parametrize(("body", "kind"), COLLOQUIAL_REFUSALS_AND_ASKS)
def test_an_agents_refusal_or_request_for_confirmation_in_colloquial_words(analyser, body, kind):
    assert kind_of(analyser, body) is kind


def test_an_acknowledgement_naming_the_order_is_no_automatic_reply_for_its_set_phrase(analyser):
    body = ("您提交的机具退订申请我们已收到，现由专人跟进核实中。\n原订单：LKL-2409-61728840\n机身号：N8G0A1277305\n"
            "核实完成后将短信告知结果。")
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


def test_a_set_phrase_receipt_that_names_nothing_stays_an_automatic_reply(analyser):
    assert kind_of(analyser, "您的来信已收到，我们将由专人跟进处理，请耐心等待。") is Kind.AUTO_REPLY


def test_an_english_sentence_ends_its_clause_for_the_negation_before_a_match(analyser):
    body = ("Completing the form does not terminate your service. Our Merchant Services team will review "
            "your request within 5 business days.")
    assert kind_of(analyser, body, sender="merchant@huitong-hk.example") is Kind.CANCEL_ACKNOWLEDGED


AGENTS_IN_CHAT = [
    ("您说的那台机器 注销以经办好了 后面不会再扣那台的流量费了", Kind.CANCEL_CONFIRMED),
    ("我按您说的单号给您注消好了 已经关了 不会再扣费 您放心", Kind.CANCEL_CONFIRMED),
    ("搞定了 已经给您关掉了 后面不会再扣服务费了", Kind.CANCEL_CONFIRMED),
    ("Done la~ 你張單已經幫你取消咗，之後唔會再收月費", Kind.CANCEL_CONFIRMED),
    ("退了 您查下银行卡\n99块钱原路退的 今天上午退的", Kind.REFUND_COMPLETED),
    ("筆錢已經原路退返去你張信用卡度啦，你睇下到帳未。", Kind.REFUND_COMPLETED),
    ("您那个退款我刚帮您问了 财务那边还在走流程 估计下周能到", Kind.REFUND_PROCESSING),
    ("您拍个营业执照照片发我一下 核对完了才能给您提注销", Kind.INFO_REQUESTED),
    ("撤单我这边帮您提交了哈 成不成功得等风控那边审", Kind.CANCEL_ACKNOWLEDGED),
    ("您好 机器今天给您发了哈 中通两三天到", Kind.SHIPPED),
    ("审核过了 恭喜老板 商户号给您开好了", Kind.APPLICATION_APPROVED),
]


@pytest.mark.parametrize(("body", "kind"), AGENTS_IN_CHAT)
def test_an_agent_writing_as_in_a_chat_is_read_as_a_template_is(analyser, body, kind):
    assert kind_of(analyser, body) is kind


CHAT_NOT_DONE = [
    "钱原路退了吗？我这边帮您查下",
    "您的订单还没给您关，等风控审完再关",
    "這張單取消咗未？我幫你問下",
]


@pytest.mark.parametrize("body", CHAT_NOT_DONE)
def test_a_chat_question_or_not_yet_is_no_completion(analyser, body):
    assert kind_of(analyser, body) not in (Kind.CANCEL_CONFIRMED, Kind.REFUND_COMPLETED)


REVERSED_OR_OTHER_THINGS = [
    ("状态记录：\n2025-02-04 15:40 | 撤单成功 | —\n2025-02-05 11:16 | 商户撤回撤单申请 | —\n"
     "2025-02-05 11:30 | 订单已恢复 | 按原订单继续办理\n2025-02-06 17:05 | 已出库发货 | 顺丰速运"),
    "您的订单已于1月23日取消成功。\n\n【更正说明】经复核，上述取消操作已被系统回滚，订单已恢复为有效状态，取消未生效。",
    ("We have cancelled your request CR-250214-0093 because it duplicates your earlier closure request. "
     "Please note that this does NOT close your merchant account."),
    "您收到的服务费账单（账单号 BL2503010288，金额360.00元）因计费周期有误，已取消作废，无需支付。",
]


@pytest.mark.parametrize("body", REVERSED_OR_OTHER_THINGS)
def test_a_cancellation_rolled_back_or_of_a_request_or_bill_confirms_nothing(analyser, body):
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED



CONTACT_LINES_REMAINDERS_AND_REFUSED_REFUNDS = [
    ("您在拉卡拉提交的收款设备申请已受理，付款已确认。如需咨询或变更申请，请发送邮件至 service@lakala.example。",
     Kind.APPLICATION_RECEIVED),
    ("退机申请已通过。请按以下方式寄回设备：收件地址 东莞市松山湖园区工业北路8号。"
     "仓库签收并检测后，设备服务费扣除已缴费用后的余额将按原路退回。", Kind.DEVICE_RETURN_INSTRUCTIONS),
    ("閣下提出之服務費退款申請（人民幣480.00元）經審核後不獲批准。閣下的終止服務申請將另行處理。", Kind.REFUND_REJECTED),
]


@pytest.mark.parametrize(("body", "kind"), CONTACT_LINES_REMAINDERS_AND_REFUSED_REFUNDS)
def test_contact_lines_refund_remainders_and_refused_refunds(analyser, body, kind):
    assert kind_of(analyser, body) is kind


PROGRESS_TABLES = [
    ("撤机进度如下：\n序号 步骤 状态\n1 申请提交 已完成\n2 资料审核 进行中\n3 撤机完成 未开始\n", Kind.CANCEL_ACKNOWLEDGED),
    ("解约申请当前进度：\n1 受理 ✔ 已完成\n2 清算 ● 处理中\n3 解约完成(停止计费) ○ 待办\n", Kind.CANCEL_ACKNOWLEDGED),
    ("您的注销申请正在复核。第3步显示“已完成”时，代表商户已注销。", Kind.CANCEL_ACKNOWLEDGED),
    ("注销进度：\n1 申请提交 已完成\n2 网点欠费核查 已完成\n3 终端回收 处理中\n", Kind.CANCEL_ACKNOWLEDGED),
]


@pytest.mark.parametrize(("body", "kind"), PROGRESS_TABLES)
def test_a_step_not_reached_or_defined_in_a_legend_is_no_status(analyser, body, kind):
    assert kind_of(analyser, body) is kind


def test_a_sibling_terminal_cancelled_in_a_list_is_not_the_one_asked_about(analyser):
    body = ("经查，您名下的终端如下：\n  QM8B2130461101 已于9月3日注销\n  QM8B2130461187 正常\n"
            "QM8B2130461187 仍在合约期内，暂时无法办理注销。")
    assert kind_of(analyser, body, subject="申请注销终端QM8B2130461187") is Kind.CANCEL_REJECTED


def test_the_terminal_asked_about_cancelled_beside_a_sibling_still_active_confirms(analyser):
    body = "终端 QM8B2130461187 已注销，不再计费。\n另一台 QM8B2130461101 保持正常使用。"
    assert kind_of(analyser, body, subject="申请注销终端QM8B2130461187") is Kind.CANCEL_CONFIRMED


CLOSED_IN_OTHER_WORDS = [
    "您名下商户已做闭户处理，今后不再产生费用。",
    "您与本公司签订的《特约商户服务协议》已于12月1日正式解除。",
    "您的POS机具已从系统中移除，无需寄回。",
    "您的销户申请已于今日正式生效，终端不能再交易。",
    "您的便民缴费网点已撤销，终端不再承接业务。",
    "跟您说一声，您那台机器的撤机流程已经走完了。",
    "我刚查了，后台已经是“注销”状态了，不会再扣钱。",
    "您申请解约的那台终端已处理完毕，不再收取服务费。",
]


@pytest.mark.parametrize("body", CLOSED_IN_OTHER_WORDS)
def test_a_closure_in_other_words_confirms(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


NOT_CLOSED_IN_OTHER_WORDS = [
    "您的撤机申请已处理完毕，处理结果为驳回，原因：合约期未满。",
    "其余三台已注销的终端无需处理，本次申请的终端仍在审核中。",
    "本月变动：已取消的附加业务：来电显示包；主业务正常。本期应缴 ¥66.00。",
    "您的终端因长期未交易已下线，如需恢复请联系客服。",
]


@pytest.mark.parametrize("body", NOT_CLOSED_IN_OTHER_WORDS)
def test_a_processed_refusal_another_terminal_an_add_on_or_a_dormant_terminal_confirms_nothing(analyser, body):
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED


def test_a_periodic_bill_is_no_fee_notice(analyser):
    body = "宽带通 11月账单\n本期应缴：¥99.00\n缴费截止：2024-12-25\n主业务：正常"
    assert kind_of(analyser, body, sender="bill@kdt-isp.example") is Kind.UNRELATED


MONEY_AND_FORMS = [
    ("我们已收到您支付的提前解约违约金，您的注销申请已重新受理，正在处理中。", Kind.CANCEL_ACKNOWLEDGED),
    ("通讯服务费：36.00元/年\n扣收方式：于4月1日从结算资金中扣收", Kind.FEE_NOTICE),
    ("附件是解约确认函，麻烦您签字盖章后扫描回传，我们收到后即办理。", Kind.INFO_REQUESTED),
    ("您提交的退押金申请（订单号：LKL20250301123456）经复核不予通过。", Kind.REFUND_REJECTED),
]


@pytest.mark.parametrize(("body", "kind"), MONEY_AND_FORMS)
def test_fees_paid_or_deducted_forms_to_sign_and_refused_deposits(analyser, body, kind):
    assert kind_of(analyser, body) is kind


def test_a_providers_case_notice_citing_a_promotion_is_no_marketing(analyser):
    body = ("您提交的押金退还申请（订单号：LKL20250301123456）经审核未通过。\n"
            "原因：该终端参加了“激活返现”活动，押金已以返现形式发放。")
    assert kind_of(analyser, body) is Kind.REFUND_REJECTED


TYPED_ON_A_PHONE = [
    ("收到 明天一早就帮你提交注销 提交完有短信", Kind.CANCEL_ACKNOWLEDGED),
    ("你那台的取校已经好了 后面不扣钱了", Kind.CANCEL_CONFIRMED),
    ("老板 你这单还在走撤机流程 财务审完就好", Kind.CANCEL_ACKNOWLEDGED),
    ("撤单这个我们下周统一提交哈", Kind.CANCEL_ACKNOWLEDGED),
    ("要销的话 麻烦发我一下营业执照照片和身份证正反面", Kind.INFO_REQUESTED),
    ("你的解约申请被风控驳回了 原因是还有欠费", Kind.CANCEL_REJECTED),
    ("提醒一下 这台今年没达标 要扣服务费69块 月底从结算款扣", Kind.FEE_NOTICE),
    ("恭喜老板 审合通过啦 明天就能刷", Kind.APPLICATION_APPROVED),
    ("款收到了 已经给你下单了 过两天发货", Kind.APPLICATION_RECEIVED),
]


@pytest.mark.parametrize(("body", "kind"), TYPED_ON_A_PHONE)
def test_an_agent_typing_you_and_homophone_slips_is_read_as_a_template(analyser, body, kind):
    assert kind_of(analyser, body) is kind


TAKEN_BACK = [
    "前天跟你说撤单好了 是我搞错了 那是另外一家商户的 你这单还在审核",
    "等取消好了再跟你说退款的事",
    "閣下的訂單狀態曾誤將顯示為「已取消」，現更正為有效。",
]


@pytest.mark.parametrize("body", TAKEN_BACK)
def test_an_agents_slip_taken_back_or_a_wait_never_confirms(analyser, body):
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED


LEGENDS = [
    ("Your refund has been approved and sent to the bank.\nCurrent status: Processing\n\n"
     "Status legend\nProcessing - sent to the bank\nCompleted - refund credited to your account\n", Kind.REFUND_PROCESSING),
    ("您的注销申请已受理，当前状态：审核中。\n\n状态释义\n已注销：服务已终止，不再收费\n已驳回：申请未获通过\n",
     Kind.CANCEL_ACKNOWLEDGED),
]


@pytest.mark.parametrize(("body", "kind"), LEGENDS)
def test_a_legend_below_its_title_defines_statuses_and_states_none(analyser, body, kind):
    assert kind_of(analyser, body) is kind


def test_the_current_status_above_a_legend_on_the_same_paragraph_is_still_read(analyser):
    body = "撤单申请进度：\n当前状态 审核中\n状态说明：已受理 → 审核中 → 已撤销。"
    assert kind_of(analyser, body) is Kind.CANCEL_ACKNOWLEDGED


# blind83/84: closures in the words of letters and chat, wrapped lines, and what is not one.
CLOSED_IN_OTHER_WORDS = [
    # An agreement ended "as applied for", a contract ending with the account, a chat line.
    "贵店与我司签订的《特约商户受理协议》已按贵方要求于2025年4月2日解除,特此告知。",
    "贵商户的收款账户(编号 SP77120)已于2025年3月30日正式结束,机具租赁合同亦一并终止。",
    "李哥,你那单我后台帮你撤掉了,机器留着就行。",
    "贵网点的撤网手续已全部办结,系统账号已收回。",
    "贵店与本平台的代收合作,已于2025年5月31日终止。",
    # A result grid: the item names the service ended, the result says done.
    "业务办理结果\n变更事项 终止银行卡收单服务(商户退网)\n办理结果 已办结\n",
    "Hello,\n\nThis is to confirm that agreement 55012 was closed on 3 March and no fees remain.",
    "Your merchant contract with us came to an end on 30 April 2025.",
    # A sentence wrapped by the sender's client, in the middle of its words.
    "经复核,贵司在我司办理的两台收款终端均已按补充协议约定完成回收,对应的商户服务协议已于今日正式\n终止,此后不再产生任何费用。",
]

NOT_CLOSED = [
    # Before the closure is done: a fee taken meanwhile.
    "撤机完成前,终端通讯费照常计收,本月已扣收通讯费 12.00 元。",
    # The device swapped out earlier is the one cancelled; this case's is still to return.
    "终端A11002200 已注销(换机后旧机),终端A11009900 待回收,请于7日内寄回。",
    # A first review passed and a cooling-off period to wait out.
    "您的销户申请已通过初审,现进入10天冷静期,期满后系统自动办理。",
    # One terminal switched off, the rest still running.
    "Terminal 1 was deactivated today. Terminal 2 will remain live until the final batch clears,"
    " so your termination is still in progress.",
]


@pytest.mark.parametrize("body", CLOSED_IN_OTHER_WORDS)
def test_a_closure_in_the_words_of_a_letter_a_grid_or_a_chat_confirms(analyser, body):
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


@pytest.mark.parametrize("body", NOT_CLOSED)
def test_a_closure_not_yet_done_or_of_another_device_never_confirms(analyser, body):
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED


def test_a_provider_named_by_mail_from_an_unlisted_address_is_about_a_case(analyser):
    body = "陈老板,您那台星驿付的押金退款审批已经通过了,财务审核中,大概一周内打到您卡上。"
    assert kind_of(analyser, body, sender="agent.chen@163.example") is Kind.REFUND_PROCESSING


def test_a_couriers_notice_naming_a_provider_is_no_case(analyser):
    body = "您寄往拉卡拉回收中心的包裹已签收,运单号SF1234567890123。退款已到账请忽略本短信。"
    assert kind_of(analyser, body, sender="notice@express.example") is Kind.UNRELATED


def test_a_refund_whose_reason_says_the_device_was_returned_is_not_paid(analyser):
    body = "您的退款申请审批已通过。\n退款原因:撤机(机具已寄回)\n当前状态:待财务打款"
    assert kind_of(analyser, body) is Kind.REFUND_PROCESSING


def test_a_cancellation_whose_review_failed_is_refused_even_with_a_price_to_reapply(analyser):
    body = ("您的注销申请(单号:LKL-2501-0001)审批未通过。\n如仍需解约,需先缴清:\n  违约金 ¥300.00\n"
            "缴清后方可重新提交。")
    assert kind_of(analyser, body) is Kind.CANCEL_REJECTED


def test_an_agent_on_a_personal_mailbox_speaks_for_the_one_provider_named(analyser):
    body = "赵姐,您那台随行付机器的押金已经给您打回来了,199块,您查下银行短信。"
    result = analyser.analyse(message(body, sender="xiaozhou.pos@163.example"))
    assert (result.kind, result.provider) == (Kind.REFUND_COMPLETED, "vbill")


def test_an_unlisted_company_domain_naming_a_provider_is_not_that_provider(analyser):
    body = "您的随行付终端押金退款已经给您打回来了,199块,请查收。"
    result = analyser.analyse(message(body, sender="notice@pos-refund-center.example"))
    assert result.provider == "unknown"


# blind85/86: machine-made mail: field templates, progress rows, weekly digests.
TEMPLATES = [
    ("【业务类型】终端撤机\n【商户编号】123456789\n【当前状态】处理中\n", Kind.CANCEL_ACKNOWLEDGED),
    ("Case type: Merchant account closure\nCase No.: 7781\nStatus: Under review\n", Kind.CANCEL_ACKNOWLEDGED),
    ("撤机进度\n1. 提交申请 ✔ 已完成\n2. 机具回收 ✔ 已完成\n3. 终端注销 ✔ 已完成\n", Kind.CANCEL_CONFIRMED),
    ("您申请撤销的收款终端已办理完毕,自即日起不再产生费用。", Kind.CANCEL_CONFIRMED),
    # Another order's row closed as a duplicate; this one's refused.
    ("工单 类型 结果\nT-1 重复下单撤销 已关闭(订单已取消)\nT-2 退机解约 未通过:未满合约期,暂不予办理\n", Kind.CANCEL_REJECTED),
    # A policy line in a digest states no fee.
    ("平台公告:违约金、服务费标准未作调整,详见官网。", Kind.UNRELATED),
    ("您提交的收款码开通申请,我们已经收到,正在初审。", Kind.APPLICATION_RECEIVED),
    # The return's waybill asked for; the device received and the closure going on.
    ("尚未查到您寄回的设备,请回复寄回快递的公司及运单号。", Kind.INFO_REQUESTED),
    ("您寄回的终端已签收(寄回运单号 YT1234567890123),我们将继续办理您的撤机,预计5个工作日办结。",
     Kind.CANCEL_ACKNOWLEDGED),
]


@pytest.mark.parametrize(("body", "kind"), TEMPLATES)
def test_field_templates_progress_rows_and_digests_are_read_by_their_fields(analyser, body, kind):
    assert kind_of(analyser, body) is kind


# blind87: a merchant group's two months.
GROUP_MONTHS = [
    ("现将费用扣收事项告知如下:\n费用项目:流量卡年费\n扣收金额:¥48.00\n", Kind.FEE_NOTICE),
    ("您的撤机申请正在审核中。经核算,名下终端存在2项未结清费用,需结清后方可完成撤机。", Kind.FEE_NOTICE),
    ("王会计好,你们要退那台机器的话麻烦发我营业执照和法人身份证照片。", Kind.INFO_REQUESTED),
    ("贵司申请退还的剩余年费,经审核通过,应退金额 RMB 120.00,款项将于7个工作日内划出。", Kind.REFUND_PROCESSING),
    ("您提交的入网资料,系统已成功接收。\n\n温馨提示:如需补充资料会有专人联系。", Kind.APPLICATION_RECEIVED),
]


@pytest.mark.parametrize(("body", "kind"), GROUP_MONTHS)
def test_fees_withheld_agents_asking_refunds_approved_and_applications_received(analyser, body, kind):
    assert kind_of(analyser, body) is kind


# blind88: the newest reply on a long thread.
THREAD_REPLIES = [
    ("核对过了,您这张单的作废手续已经办完,商户号已经是「停用」状态,不会再扣费。", Kind.CANCEL_CONFIRMED),
    ("您的撤机流程正在进行中,撤机时需缴清下列费用:\n机具服务费 ¥120.00\n", Kind.FEE_NOTICE),
    # The merchant's fee for a new order arrived: no refund.
    ("您的新申请LKL20250601000123已受理,开通费99元已到账,审核结果将短信通知。", Kind.APPLICATION_RECEIVED),
]


@pytest.mark.parametrize(("body", "kind"), THREAD_REPLIES)
def test_the_newest_reply_on_a_thread_is_read_in_its_own_words(analyser, body, kind):
    assert kind_of(analyser, body) is kind


# blind89 (an agency's month) and blind90 (hard structure).
AGENCY_MONTH = [
    # An application with its number in brackets, then done or under way.
    ("撤机申请(受理号 CX-20250611-88)我们已办妥,终端即日起停止计费。", Kind.CANCEL_CONFIRMED),
    ("您的注销申请(编号:ZX2025061100)已进入复核阶段,请耐心等待。", Kind.CANCEL_ACKNOWLEDGED),
    ("来信已收悉,已转交专人跟进,有结果第一时间告诉您。", Kind.CANCEL_ACKNOWLEDGED),
    ("收到,已经转后台处理了,结果出来另行通知。", Kind.CANCEL_ACKNOWLEDGED),
    # Still missing things; sent again.
    ("要退网的话,还缺营业执照和身份证复印件,拍照发我就行。", Kind.INFO_REQUESTED),
    ("为继续办理撤机,请补传一张机身背面的清晰照片。", Kind.INFO_REQUESTED),
    ("Please drop your terminal off at the nearest branch; our staff will log the return.",
     Kind.DEVICE_RETURN_INSTRUCTIONS),
]


@pytest.mark.parametrize(("body", "kind"), AGENCY_MONTH)
def test_bracketed_numbers_handovers_missing_papers_and_drop_offs_are_read(analyser, body, kind):
    assert kind_of(analyser, body) is kind


STILL_ACTIVE = [
    # Something else was cancelled; the merchant is said to be still active, after a condition too.
    "已按要求停用账单短信,操作已取消成功。如果您要注销的是整个商户,那是另一项业务,目前商户和终端都仍为正常状态。",
    "您申请关闭的短信推送已取消成功。请知悉:贵店的机具目前仍可正常交易,注销需另行提交申请。",
]


@pytest.mark.parametrize("body", STILL_ACTIVE)
def test_a_merchant_said_to_be_still_active_is_not_confirmed_cancelled(analyser, body):
    assert kind_of(analyser, body) is not Kind.CANCEL_CONFIRMED


def test_an_application_sent_back_for_papers_is_no_refund(analyser):
    body = "您提交的解约申请因缺少法人签字页,已退回,请补签后重新提交。"
    assert kind_of(analyser, body) is Kind.INFO_REQUESTED


def test_money_sent_back_is_still_a_refund(analyser):
    body = "您的退款申请已审核通过,已退回至您尾号6612的银行卡。"
    assert kind_of(analyser, body) is Kind.REFUND_COMPLETED


def test_an_old_order_closed_beside_the_asked_one_refused_is_a_refusal_of_the_asked_one(analyser):
    body = ("核实结果如下:\n1. 您去年申请的订单 LKL20230911000456 已于2023年10月办结注销;\n"
            "2. 本次要撤销的订单 LKL20250301000789 已激活超过30天,无法撤销。\n\n"
            "-----原始邮件-----\n发件人: 张三 <shop@qq.example>\n主题: 撤销订单\n\n"
            "你好,我要撤销订单LKL20250301000789,麻烦尽快。")
    result = analyser.analyse(message(body, subject="答复: 撤销订单"))
    assert (result.kind, result.order_number) == (Kind.CANCEL_REJECTED, "LKL20250301000789")


def test_a_corrected_number_is_not_overruled_by_the_merchants_quoted_one(analyser):
    body = ("您好,您提供的订单号有误,正确的订单号应为LKL20250301000789,该订单已取消成功。\n\n"
            "-----原始邮件-----\n发件人: 张三 <shop@qq.example>\n主题: 取消订单\n\n"
            "请取消订单LKL20250301000798。")
    result = analyser.analyse(message(body, subject="回复: 取消订单"))
    assert (result.kind, result.order_number) == (Kind.CANCEL_CONFIRMED, "LKL20250301000789")


@pytest.mark.parametrize(("body", "field", "value"), [
    ("We have received your cancellation request. Terminal S/N (QX20458813) stays active until it is approved.",
     "terminal_sn", "QX20458813"),
    ("您名下商户(编号 898520074419306)的撤机申请已受理。", "merchant_id", "898520074419306"),
    ("We have received your cancellation request for merchant no. 822290012345678.", "merchant_id",
     "822290012345678"),
])
def test_identifiers_in_brackets_or_after_lower_case_labels_are_read(analyser, body, field, value):
    assert getattr(analyser.analyse(message(body)), field) == value


def test_a_providers_manager_on_a_personal_mailbox_is_the_provider_named(analyser):
    result = analyser.analyse(message("弄好了,商户已经给您销掉了,下个月起不会再扣费。", subject="回复:中付POS注销",
                                      sender='"中付-客户经理 李" <li_pos@qq.example>'))
    assert (result.kind, result.provider) == (Kind.CANCEL_CONFIRMED, "zhongfu")


def test_a_providers_newsletter_with_a_digest_heading_is_marketing_though_it_names_cancellation(analyser):
    body = ("商户之家 · 第12期\n\n【本期导读】\n1. 新版收款码上线,扫码更快\n2. 注销业务可在线办理,最快3个工作日办结\n\n"
            "不想再收到此类邮件?点此退订。")
    assert kind_of(analyser, body, subject="商户之家第12期:注销可在线办理") is Kind.MARKETING


# blind92 (the end of a cancellation): a provider's routine payment notices are no case step.
ROUTINE_NOTICES = [
    ("【乐刷】资金结算到账提醒\n结算日期:2025-04-02\n交易笔数:18\n结算金额:¥3,205.40\n状态:已到账", "结算到账提醒"),
    ("持卡人就您3月5日的一笔交易发起拒付,经仲裁持卡人胜诉,¥650.00已从结算款中扣除并退还持卡人。", "拒付处理结果"),
    ("电子签购单\n交易类型:消费撤销\n金额:RMB -128.00\n状态:撤销成功\n原交易款项将退回持卡人账户。", "签购单"),
]


@pytest.mark.parametrize(("body", "subject"), ROUTINE_NOTICES)
def test_settlements_chargebacks_and_voided_sales_are_unrelated(analyser, body, subject):
    assert kind_of(analyser, body, subject=subject) is Kind.UNRELATED


def test_a_routine_notice_that_speaks_of_the_exit_is_still_read(analyser):
    body = "结算到账提醒:本期结算款已扣除撤机违约金¥300.00,您的撤机申请已办结,终端已注销。"
    assert kind_of(analyser, body) is Kind.CANCEL_CONFIRMED


def test_a_refund_bounced_because_the_payee_card_was_closed_is_no_confirmation(analyser):
    body = "您的押金退款被银行退回,退票原因:收款卡已注销。我们已按您提供的新账户重新发起退款,预计3个工作日到账。"
    assert kind_of(analyser, body) is Kind.REFUND_PROCESSING


# blind91 (bilingual and Hong Kong mail).
BILINGUAL = [
    ("The pick-up booked for Friday has been cancelled. Your termination is not yet completed; please return the "
     "terminal to our service centre.", Kind.DEVICE_RETURN_INSTRUCTIONS),
    ("Your merchant agreement was wound up on 3 March. There is no need to send the terminal back to us.",
     Kind.CANCEL_CONFIRMED),
    ("I have lodged a termination request for you today; our team will action it within 5 working days.",
     Kind.CANCEL_ACKNOWLEDGED),
    ("Good news: your application has passed our review and your merchant account is now live.",
     Kind.APPLICATION_APPROVED),
    ("唔好意思,你想退返嘅開通費我哋審批唔到,因為部機已經用咗超過一個月。", Kind.REFUND_REJECTED),
]


@pytest.mark.parametrize(("body", "kind"), BILINGUAL)
def test_english_and_cantonese_statuses_are_read_in_their_own_words(analyser, body, kind):
    assert kind_of(analyser, body) is kind


CLOSING_ACCOUNTS = [
    ("贵司与我司的代理关系已于2025年4月1日解除,名下终端同步停用。", Kind.CANCEL_CONFIRMED),
    ("Your merchant services agreement has been brought to an end as of 1 April; no further fees apply.",
     Kind.CANCEL_CONFIRMED),
    ("关于贵网点的保证金,已于5月6日通过对公账户汇回,请注意查收。", Kind.REFUND_COMPLETED),
    ("经检测,退回设备外壳破损,合计需承担费用80.00元,请于7日内在商户后台完成缴纳。", Kind.FEE_NOTICE),
    ("感恩回馈月!月交易满5万送好礼,活动最终解释权归本公司所有。立即报名>>", Kind.MARKETING),
]


@pytest.mark.parametrize(("body", "kind"), CLOSING_ACCOUNTS)
def test_partnerships_ended_money_sent_back_damage_charged_and_campaigns_are_read(analyser, body, kind):
    assert kind_of(analyser, body) is kind


def test_a_couriers_delivery_notice_of_a_returned_terminal_is_unrelated(analyser):
    body = "【中通快递】您寄往拉卡拉退机中心的快件已签收,签收人:前台。托寄物:POS机1台。"
    assert kind_of(analyser, body, subject="您的快件ZTO73312045591已签收",
                   sender="notice@zto-express.example") is Kind.UNRELATED
