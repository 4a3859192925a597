"""Customer pages and emails are written in one English, American: "canceled", "color", "recognize"."""
import re

from i18n.test_catalogues import source_messages

BRITISH = re.compile(r"\b(cancell(ed|ing)|colour\w*|licence\w*|organis\w*|recognis\w*|"
                     r"authoris\w*|customis\w*|finalis\w*|favour\w*|behaviour\w*|centre\w*|cheque\w*|catalogue\w*|"
                     r"analys(e|ed|ing)|apologis\w*|summaris\w*|prioritis\w*|enrol(led|ling|ment)?)\b", re.IGNORECASE)


def test_every_customer_facing_message_is_in_american_english():
    british = {message: places for message, places in source_messages().items()
               if BRITISH.search(" ".join(message) if isinstance(message, tuple) else message)}
    assert not british, "\n".join(f"{message!r} at {', '.join(places)}" for message, places in british.items())
