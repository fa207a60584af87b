from django import template

from line_delivery.flex_html import render_message


register = template.Library()


@register.filter
def line_message(message: dict):
    """Render a LINE message dict as the phone would show it."""
    return render_message(message)
