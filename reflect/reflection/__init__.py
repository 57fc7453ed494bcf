"""Reflecting on a session: loading and checking prompt sets (`promptsets`), the interview's
logic (`interview`), recording free text, answers files and drafts (`recording`), what is
private (`privacy`), and what the supervision models make of answers (`results`).
May import the journal and the layers below it, and `reflect.goals` (its own layer).
"""
