"""Every customer-facing message in the sources has a checked translation in every offered language (LOCALES)."""
import io
import os
import re
import shutil
from gettext import GNUTranslations

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from portal_site.i18n import LOCALES, compile_catalogs

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TRANSLATIONS = os.path.join(ROOT, "portal_site", "translations")
TRANSLATED = [code for code in LOCALES if code != "en"]
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([sdifr%])")


def source_messages(root=ROOT):
    """What `make extract-messages` would extract from `root` right now, as {msgid: ["file:line", ...]}."""
    with open(os.path.join(ROOT, "babel.cfg"), encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(root, method_map, options_map):
        found.setdefault(message, []).append(f"{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def sources():
    return source_messages()


def catalogue(code):
    with open(os.path.join(TRANSLATIONS, code, "LC_MESSAGES", "messages.po"), "rb") as po_file:
        return read_po(po_file, locale=code, abort_invalid=True)


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def forms(value):
    return list(value) if isinstance(value, tuple | list) else [value]


def test_the_sources_are_extracted_but_not_the_dashboard(sources):
    places = [place for where in sources.values() for place in where]
    assert any(place.startswith("templates/auth/") for place in places)
    assert any(place.startswith("templates/email/") for place in places)
    assert "Sign in to manage your billing" in sources
    assert not [place for place in places if place.startswith(("templates/admin/", "portal_site/admin/"))]


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_customer_facing_message_is_translated(code, sources):
    translated = catalogue(code)
    problems = []
    for msgid, where in sources.items():
        entry = translated.get(msgid)
        if entry is None or not all(forms(entry.string)):
            problems.append(f"untranslated {msgid!r} ({', '.join(where)})")
        elif entry.fuzzy:
            problems.append(f"fuzzy {msgid!r} ({', '.join(where)})")
    assert not problems, (
        f"{len(problems)} message(s) need a {code} translation; run `make update-messages` and translate them in "
        f"portal_site/translations/{code}/LC_MESSAGES/messages.po:\n" + "\n".join(problems))


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_the_placeholders_of_the_english(code):
    problems = []
    for entry in catalogue(code):
        if not entry.id or not entry.string:
            continue
        originals = forms(entry.id)
        for index, text in enumerate(forms(entry.string)):
            original = originals[min(index, len(originals) - 1)]
            if placeholders(text) != placeholders(original):
                problems.append(f"{original!r} -> {text!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalogue_compiles_and_passes_babel_checks(code):
    translated = catalogue(code)
    errors = [f"{message.id!r}: {'; '.join(map(str, found))}" for message, found in translated.check()]
    assert not errors, "\n".join(errors)
    compiled = io.BytesIO()
    write_mo(compiled, translated)
    compiled.seek(0)
    translations = GNUTranslations(compiled)
    assert translations.info()["language"] == code
    for entry in translated:
        if entry.id and entry.python_format:
            values = {name: "x" for name, _kind in PLACEHOLDER.findall(forms(entry.id)[0]) if name}
            for text in forms(entry.string):
                text % values


def test_extraction_finds_a_new_message_that_has_no_translation(tmp_path):
    """The guard works: a string added to a customer template or module is found, a dashboard one is not."""
    (tmp_path / "templates" / "auth").mkdir(parents=True)
    (tmp_path / "templates" / "admin").mkdir()
    (tmp_path / "portal_site" / "account").mkdir(parents=True)
    (tmp_path / "templates" / "auth" / "new.html").write_text('{{ _("A brand new sentence nobody translated yet") }}')
    (tmp_path / "templates" / "admin" / "new.html").write_text('{{ _("Dashboard only") }}')
    (tmp_path / "portal_site" / "account" / "new.py").write_text('FLASH = _l("A new flash message")\n')
    found = source_messages(tmp_path)
    assert found == {"A brand new sentence nobody translated yet": ["templates/auth/new.html:1"],
                     "A new flash message": ["portal_site/account/new.py:1"]}
    assert catalogue("fr").get("A brand new sentence nobody translated yet") is None


def test_the_app_compiles_missing_and_stale_catalogues_at_start(tmp_path):
    """A fresh checkout has no .mo files (git ignores them); start-up builds them, and rebuilds edited ones."""
    for code in TRANSLATED:
        (tmp_path / code / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy(os.path.join(TRANSLATIONS, code, "LC_MESSAGES", "messages.po"), tmp_path / code / "LC_MESSAGES")
    compile_catalogs(str(tmp_path))
    mo = tmp_path / "fr" / "LC_MESSAGES" / "messages.mo"
    with open(mo, "rb") as compiled:
        assert GNUTranslations(compiled).gettext("Sign in") == "Se connecter"

    po = tmp_path / "fr" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Se connecter"', 'msgstr "Connexion"'),
                  encoding="utf-8")
    os.utime(mo, (0, 0))
    compile_catalogs(str(tmp_path))
    with open(mo, "rb") as compiled:
        assert GNUTranslations(compiled).gettext("Sign in") == "Connexion"
