"""One rule for matching what applicants type against what HR wrote.

Japanese text comes in several widths: an IME gives ＩＣＴ or ９：００, old systems
half-width ｶﾀｶﾅ. Both sides of a search are brought to one form (Unicode NFKC,
then case folded), so ＩＣＴ, ICT and ict, or ｶﾀｶﾅ and カタカナ, find each other on
SQLite and PostgreSQL alike. Items keep their searchable text in this form in a
column of their own (Publishable.search_text), refreshed whenever they are saved
with their rows.
"""

import unicodedata


def normalize(text):
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())
