"""``{% plan_coverage plan %}``: the coverage table of a plan, for the plan page to embed."""

from django import template

from tuyentruyen.work.queries import coverage_for_plan

register = template.Library()


@register.inclusion_tag("work/coverage/_table.html")
def plan_coverage(plan):
    return {"coverage": coverage_for_plan(plan)}
