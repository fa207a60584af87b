from django import template

from line_delivery.flex_html import render_message


register = template.Library()


@register.filter
def line_message(message: dict):
    """Render a LINE message dict as the phone would show it."""
    return render_message(message)


@register.filter
def mask_line_ids(text) -> str:
    """Free text (LINE's error messages) with any LINE user id masked."""
    from cms.masking import mask_line_ids as mask

    return mask(text)
