"""Feeds every content type shares: text made safe for XML."""

import re

# Characters XML 1.0 cannot carry at all; a title pasted with one must not break the feed.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text):
    return NOT_XML.sub("", text)
