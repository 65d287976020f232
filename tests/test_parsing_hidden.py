"""Elements a mail client never shows are cut before the HTML's text is read."""

from pipeline.parsing import html
from pipeline.parsing.hidden import cut


def test_a_hidden_preheader_is_not_read_and_the_visible_text_is():
    markup = ('<body><span class="preheader" style="display:none !important;mso-hide:all">取消成功！</span>'
              '<p>很抱歉，设备已发出，<b>无法取消</b>。</p></body>')
    assert html.to_text(markup) == "很抱歉，设备已发出，无法取消。"


def test_nested_elements_of_the_same_name_are_cut_whole():
    markup = '<div style="visibility: hidden"><div>旧状态</div><div>处理中</div></div><div>已注销</div>'
    assert html.to_text(markup) == "已注销"


def test_markup_that_hides_nothing_is_returned_as_is():
    markup = '<p style="border:none">订单已关闭</p><img style="display:none" src="x.png">后文'
    assert cut('<p style="border:none">订单已关闭</p>') == '<p style="border:none">订单已关闭</p>'
    assert html.to_text(markup) == "订单已关闭\n后文"


def test_an_unclosed_hidden_element_hides_the_rest():
    assert html.to_text('<p>可见</p><div style="display:none">隐藏<p>也隐藏') == "可见"


def test_complete_character_references_in_a_text_part_are_decoded_and_nothing_else():
    assert html.references("应缴金额 &#165; 300.00，退款&#xFFE5;199.00&nbsp;元") == "应缴金额 ¥ 300.00，退款￥199.00\u00a0元"
    assert html.references("AT&T 与 R&D，&nothing here") == "AT&T 与 R&D，&nothing here"


def test_white_text_is_hidden_unless_a_coloured_background_stands_behind_it():
    markup = ('<p style="color:#ffffff">旧状态</p><a style="background:#1890ff;color:#fff">查看</a>'
              '<td bgcolor="#2e7d32"><span style="color:white">已注销</span></td><span style="font-size:0">x</span>')
    text = cut(markup)
    assert "旧状态" not in text and "查看" in text and "已注销" in text and ">x<" not in text
