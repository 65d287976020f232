"""HTML to text: tables stay on one line per row, script and style vanish."""

from pipeline.parsing import html


def test_table_rows_become_lines_with_cells_side_by_side():
    text = html.to_text("<table><tr><td>订单号</td><td>LKL2024</td></tr><tr><td>SN</td><td>N1</td></tr></table>")
    assert text.splitlines() == ["订单号 LKL2024", "SN N1"]


def test_script_and_style_content_is_not_text():
    text = html.to_text("<html><head><style>p{}</style></head><body><script>x='取消成功'</script><p>已发货</p></body></html>")
    assert text == "已发货"


def test_line_breaks_and_entities_are_kept():
    assert html.to_text("第一行<br>第二行&nbsp;完") == "第一行\n第二行 完"


def test_garbage_markup_does_not_raise():
    assert isinstance(html.to_text("<<<>>></div></td>&&&"), str)


def test_an_images_alt_text_is_text_as_a_client_blocking_images_shows_it():
    markup = '<table><tr><td><img src="cid:l1" alt="订单号"></td><td>UMP2025022600418</td></tr></table><img src="x.gif">'
    assert html.to_text(markup) == "订单号 UMP2025022600418"
