"""`python -m scripts.translations`: fills any language's catalogue, with its number of plural forms, or refuses."""
import os
import shutil

from babel.messages.pofile import read_po

from scripts.translations import TRANSLATIONS, fill

MINUTES = "Please wait %(num)s minute before requesting another code."


def catalogue(directory, code):
    with open(os.path.join(directory, code, "LC_MESSAGES", "messages.po"), "rb") as po_file:
        return read_po(po_file, locale=code)


def test_fills_plain_and_plural_messages_in_each_named_language(tmp_path):
    shutil.copytree(TRANSLATIONS, tmp_path, dirs_exist_ok=True)
    problems = fill({"Save card": {"ja": "カードを登録", "pl": "Zapisz kartę"},
                     MINUTES: {"pl": ["Czekaj %(num)s minutę.", "Czekaj %(num)s minuty.", "Czekaj %(num)s minut."],
                               "ja": ["%(num)s分お待ちください。"]}}, str(tmp_path))
    assert problems == []
    assert catalogue(tmp_path, "ja").get("Save card").string == "カードを登録"
    polish = catalogue(tmp_path, "pl")
    assert polish.get("Save card").string == "Zapisz kartę"
    assert polish.get((MINUTES, MINUTES.replace("minute", "minutes"))).string[1] == "Czekaj %(num)s minuty."
    assert catalogue(tmp_path, "fr").get("Save card").string == "Enregistrer la carte"


def test_refuses_a_wrong_number_of_forms_or_a_lost_placeholder(tmp_path):
    shutil.copytree(TRANSLATIONS, tmp_path, dirs_exist_ok=True)
    problems = fill({MINUTES: {"pl": ["Czekaj %(num)s minut."]}, "Invoice %(number)s": {"de": "Rechnung"},
                     "Not a message": {"it": "Niente"}}, str(tmp_path))
    assert problems == [f"pl: {MINUTES!r} needs 3 form(s), got 1",
                        "de: 'Invoice %(number)s' must keep the placeholders ['number']",
                        "it: no msgid 'Not a message' (run `make update-messages` first)"]
    assert catalogue(tmp_path, "de").get("Invoice %(number)s").string == "Rechnung %(number)s"
