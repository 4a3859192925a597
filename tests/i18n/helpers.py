"""Plain helpers shared by the language and accessibility tests."""
import re

from tests.conftest import Mailbox

CODE_IN_TEXT = re.compile(r"^\s+(\d{3}) (\d{3})\s*$", re.MULTILINE)


def code_from(message):
    """The passcode in an email's text part, as the customer would type it."""
    match = CODE_IN_TEXT.search(Mailbox.text(message))
    assert match, Mailbox.text(message)
    return match.group(1) + match.group(2)
