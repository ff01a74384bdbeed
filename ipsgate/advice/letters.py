"""Drafting a disclosure letter from the person's own answers. Pure text, no Django.

The structure follows the usual advice for disclosure letters (Unlock, Nacro): say what happened briefly
and honestly, say what has changed, then turn to the job. The person's words are kept as they wrote them;
the draft only adds the frame, and the specialist edits it with them.
"""

from __future__ import annotations


def _paragraph(text: str) -> str:
    cleaned = " ".join(text.split())
    if cleaned and cleaned[-1] not in ".!?":
        cleaned += "."
    return cleaned


def _continue_sentence(text: str) -> str:
    """Lower-case the first letter so the text can follow "Since then,", unless it starts with "I" or an
    acronym or a name-like word in capitals."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    if not first or first == "I" or first.startswith(("I'", "I’")) or (len(first) > 1 and first[1].isupper()):
        return text
    return text[0].lower() + text[1:]


def draft_disclosure_letter(
    *, name: str, purpose: str, what_happened: str, what_has_changed: str, why_this_job: str
) -> str:
    """A first draft in the first person, built around the person's own three answers."""
    changed = _paragraph(what_has_changed)
    paragraphs = [
        "Dear Sir or Madam,",
        f"I am applying for {purpose.strip()}. I want to be open with you about my criminal record, so that you "
        "hear about it from me.",
        _paragraph(what_happened),
        f"Since then, {_continue_sentence(changed)}" if changed else "",
        _paragraph(why_this_job),
        "I am happy to talk about any of this at interview. Thank you for considering my application.",
        f"Yours faithfully,\n{name}",
    ]
    return "\n\n".join(p for p in paragraphs if p)
