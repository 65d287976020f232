"""Column tables: a header row of labels over a row of values reads as 'label: value'."""

from pipeline.parsing.tables import pairs

STATUS = """<table><tr><th>订单号</th><th>商户编号</th><th>当前状态</th></tr>
<tr><td style="width:120px">LKL20250302123456</td><td><b>849301123700</b></td><td>已撤单</td></tr></table>"""


def test_a_header_row_over_a_value_row_pairs_each_label_with_its_value():
    assert pairs(STATUS) == "订单号: LKL20250302123456\n商户编号: 849301123700\n当前状态: 已撤单"


def test_rows_without_end_tags_and_with_entities_are_read():
    markup = "<TABLE><TR><TD>机身号<TD>状态<TR><TD>N6&nbsp;12345678<TD>已停用</TABLE>"
    assert pairs(markup) == "机身号: N6 12345678\n状态: 已停用"


def test_label_value_rows_and_tables_without_a_header_row_give_nothing():
    side_by_side = "<table><tr><td>订单号</td><td>LKL20250302123456</td></tr><tr><td>状态</td><td>已撤单</td></tr></table>"
    assert pairs(side_by_side) == ""
    assert pairs("<table><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>") == ""
    assert pairs("<p>no table here</p>") == ""


def test_rows_of_different_widths_are_not_paired():
    markup = "<table><tr><td>订单号</td><td>状态</td><td>备注</td></tr><tr><td>LKL2025030212</td><td>已撤单</td></tr></table>"
    assert pairs(markup) == ""
