"""Fill catalogue entries from a JSON file: `python -m scripts.translations new.json`.

The file maps each English msgid to its translations, `{"Save card": {"fr": "Enregistrer la carte", ...}}`; a plural
msgid (filled under its singular) takes a list with one text per plural form of the language (`pl` has three, `ar`
six, `ja` one). Only the languages named are touched; each text must keep the msgid's `%(name)s` placeholders.
Catalogues are rewritten the way `make update-messages` writes them (no source locations)."""
import json
import os
import re
import sys

from babel.messages.pofile import read_po, write_po

TRANSLATIONS = os.path.join("portal_site", "translations")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _placeholders(msgid: str | tuple[str, ...]) -> set[str]:
    return set(PLACEHOLDER.findall(" ".join(msgid) if isinstance(msgid, tuple) else msgid))


def fill(data: dict, directory: str = TRANSLATIONS) -> list[str]:
    """Write the translations in `data` into each named language's catalogue; the problems found, if any
    (then nothing is written for that language)."""
    by_language: dict[str, dict[str, str | list[str]]] = {}
    for msgid, texts in data.items():
        for code, text in texts.items():
            by_language.setdefault(code, {})[msgid] = text
    problems = []
    for code, entries in by_language.items():
        path = os.path.join(directory, code, "LC_MESSAGES", "messages.po")
        with open(path, "rb") as po_file:
            catalog = read_po(po_file, locale=code)
        found = []
        for msgid, text in entries.items():
            message = catalog.get(msgid) or next((m for m in catalog if isinstance(m.id, tuple) and m.id[0] == msgid), None)
            forms = [text] if isinstance(text, str) else list(text)
            wanted = catalog.num_plurals if message is not None and isinstance(message.id, tuple) else 1
            if message is None:
                found.append(f"{code}: no msgid {msgid!r} (run `make update-messages` first)")
            elif len(forms) != wanted:
                found.append(f"{code}: {msgid!r} needs {wanted} form(s), got {len(forms)}")
            elif any(set(PLACEHOLDER.findall(form)) != _placeholders(message.id) for form in forms):
                found.append(f"{code}: {msgid!r} must keep the placeholders {sorted(_placeholders(message.id))}")
            else:
                message.string = tuple(forms) if isinstance(message.id, tuple) else forms[0]
                message.flags.discard("fuzzy")
        problems += found
        if not found:
            with open(path, "wb") as po_file:
                write_po(po_file, catalog, omit_header=False, no_location=True, width=76)
    return problems


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as source:
        problems = fill(json.load(source))
    print("\n".join(problems) or "filled")
    sys.exit(1 if problems else 0)
