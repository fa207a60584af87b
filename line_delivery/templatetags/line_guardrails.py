"""配信前の確認 in the approval dialog (``delivery_reports.approval``)."""

from django import template

from line_delivery.delivery_reports.approval import guardrail_for_task_state


register = template.Library()


@register.simple_tag
def line_approval_guardrail(task_state):
    """The guardrail of an approval that delivers a page to LINE, else None."""
    _page, result = guardrail_for_task_state(task_state)
    return result
