"""StreamField blocks for page bodies.

Every block has an icon, a template and a preview value. ``get_api_representation``
is overridden where the API (and later the LINE Flex builder) needs resolved URLs
rather than database ids.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageChooserBlock


PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "hr"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("見出し"), max_length=80)
    size = blocks.ChoiceBlock(
        label=_("大きさ"),
        choices=[("h2", _("大見出し")), ("h3", _("小見出し"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("見出し")
        template = "home/blocks/heading_block.html"
        description = _("本文を区切る見出し")
        preview_value = {"text": "変更の内容", "size": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("段落")
        template = "home/blocks/paragraph_block.html"
        description = _("本文の文章")
        preview_value = "<p>燃えるごみの収集日が変更になります。</p>"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("画像"))
    alt_text = blocks.CharBlock(
        label=_("代替テキスト"),
        max_length=200,
        help_text=_("画像が見えない方のための説明。例: 収集日カレンダーの表"),
    )
    caption = blocks.CharBlock(label=_("キャプション"), max_length=200, required=False)

    class Meta:
        icon = "image"
        label = _("画像")
        template = "home/blocks/image_block.html"
        description = _("説明付きの画像")

    def get_api_representation(self, value, context=None):
        image = value["image"]
        rendition = image.get_rendition("max-1200x1200") if image else None
        return {
            "image": image.pk if image else None,
            "url": rendition.url if rendition else "",
            "width": rendition.width if rendition else None,
            "height": rendition.height if rendition else None,
            "alt_text": value["alt_text"],
            "caption": value["caption"],
        }


class ButtonLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        label=_("ボタンの文字"),
        max_length=20,
        help_text=_("20文字まで（LINEのボタンの上限）。例: 詳しく見る"),
    )
    page = blocks.PageChooserBlock(label=_("サイト内のページ"), required=False)
    url = blocks.URLBlock(label=_("外部のURL"), required=False)

    class Meta:
        icon = "link"
        label = _("ボタンリンク")
        template = "home/blocks/button_link_block.html"
        description = _("ページやURLへのボタン")
        preview_value = {"label": "詳しく見る", "url": "https://www.example.jp/"}

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _(
                            "「サイト内のページ」か「外部のURL」のどちらか一つを指定してください。"
                        )
                    )
                }
            )
        return value

    @staticmethod
    def target_url(value) -> str:
        page = value.get("page")
        if page:
            return page.specific.full_url or page.url or ""
        return value.get("url") or ""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["href"] = self.target_url(value)
        return context

    def get_api_representation(self, value, context=None):
        page = value.get("page")
        return {
            "label": value["label"],
            "url": self.target_url(value),
            "page": page.pk if page else None,
        }


class BodyTableBlock(TableBlock):
    class Meta:
        icon = "table"
        label = _("表")
        template = "home/blocks/table_block.html"
        description = _("行と列の表（1行目を見出しにできます）")
        preview_value = {
            "first_row_is_header": True,
            "data": [["日付", "内容"], ["12月30日", "燃えるごみの収集"]],
        }


class BodyStreamBlock(blocks.StreamBlock):
    """The body of news and disaster notices."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    button = ButtonLinkBlock()
    table = BodyTableBlock()

    class Meta:
        block_counts = {"heading": {"max_num": 20}}
