from django import template

from confide.screening.forms import InstrumentForm, Question, extra_questions_of, questions_of

register = template.Library()


@register.filter
def questions(form: InstrumentForm) -> list[Question]:
    return questions_of(form)


@register.filter
def extra_questions(form: InstrumentForm) -> list[Question]:
    return extra_questions_of(form)
