"""Listing columns for the admin that read as Japanese words, not Python values."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column


YES = _("はい")
NO = _("いいえ")


class YesNoColumn(Column):
    """A boolean shown as words staff read (「はい」/「いいえ」, or labels of its own).

    Wagtail lists a plain BooleanField as ``True``/``False``.
    """

    cell_template_name = "admin_ui/yes_no_cell.html"

    def __init__(self, name: str, *, yes=YES, no=NO, **kwargs) -> None:
        super().__init__(name, **kwargs)
        self.yes_label = yes
        self.no_label = no

    def get_value(self, instance) -> bool:
        return bool(super().get_value(instance))
