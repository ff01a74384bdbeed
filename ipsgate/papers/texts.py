"""Every participant-facing sentence the papers build in Python (headings, the frame of each line), through Django's
translation machinery so that they render in Welsh when the person chose Welsh (`locale/cy/LC_MESSAGES/django.po`).

The templates of the papers (`templates/papers/document*.html`) hold the rest, as `{% translate "..." %}`. The
catalogue check (`ipsgate translations --check`) reads both lists: every string here (`MESSAGES`) and every
`translate` tag in those templates must have a Welsh entry that is neither empty nor fuzzy.

Plain English rules (issue 19): short sentences, no abbreviations, one idea a line."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

MESSAGES: list[str] = []


def _(message: str) -> Promise:
    """`gettext_lazy`, remembering the message for the catalogue check (xgettext reads `_` too)."""
    MESSAGES.append(message)
    return gettext_lazy(message)


# Plan sections, as the person reads them.
PLAN_HEADINGS = {
    "goal": _("My goal"),
    "steps": _("My next steps"),
    "appointments": _("My next appointments"),
    "contacts": _("Who to contact"),
    "money": _("My money"),
    "disclosure": _("What to say about my conviction"),
    "support": _("Support in work"),
}
CV_HEADINGS = {
    "about": _("About me"),
    "experience": _("Work experience"),
    "qualifications": _("Qualifications and training"),
    "strengths": _("Strengths"),
}
LETTER_HEADING = _("About my criminal record")

# My goal.
GOAL_JOBS = _("The work I want: %(jobs)s.")

# My next steps.
STEP_LINE = _("By %(date)s: %(step)s")

# My next appointments: one idea a line.
APPOINTMENT_WHEN = _("%(what)s: %(date)s at %(time)s.")
APPOINTMENT_WHERE = _("Where: %(place)s.")
APPOINTMENT_WHO = _("Who with: %(who)s.")
APPOINTMENT_BRING = _("Bring: %(things)s")
APPOINTMENT_KINDS = {
    "prison_visit": _("A visit in prison"),
    "post_release_meeting": _("A meeting after you leave prison"),
    "interview": _("A job interview"),
    "induction": _("A first day of training at work"),
    "job_start": _("Your first day at work"),
    "probation": _("A probation appointment"),
    "cmht": _("A mental health team appointment"),
    "other": _("An appointment"),
}

# Who to contact.
CONTACT_SPECIALIST = _("Your employment specialist: %(name)s.")
CONTACT_SPECIALIST_WHERE = _("Where they work: %(place)s.")
CONTACT_MENTOR = _("Your peer mentor: %(name)s (%(organisation)s).")
CONTACT_PHONE = _("Phone: %(phone)s.")
CONTACT_HOURS = _("Open: %(hours)s.")

# My money: one sentence and three numbers.
MONEY_SENTENCE = _("In this job you would have about £%(better)s a month more than now.")
MONEY_WORSE = _("In this job you would have about £%(worse)s a month less than now. Talk to us before you decide.")
MONEY_NOW = _("Money each month now: £%(amount)s.")
MONEY_IN_WORK = _("Money each month in this job: £%(amount)s.")
MONEY_DIFFERENCE = _("The difference each month: £%(amount)s.")
MONEY_JOB = _("This is for %(hours)s hours a week at £%(pay)s an hour.")

# The promise of support in work.
SUPPORT_LINES = [
    _("We will keep helping you when you start work."),
    _("We can help for as long as you need."),
    _("We can talk to your manager with you, if you want us to."),
    _("If work gets hard, tell us. We will help you sort it out."),
]

# The letter's frame.
LETTER_AGREED = _("I have read this letter. It says what I want to say.")
LETTER_SIGNED = _("Signed:")
LETTER_DATE = _("Date:")

# Titles and the frame around every paper.
TITLES = {
    "plan": _("My plan"),
    "cv": _("My CV"),
    "letter": _("A letter to an employer"),
}
ISSUED_ON = _("Made with my employment specialist on %(date)s.")
