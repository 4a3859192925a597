"""The address forms' country list: named in the customer's language, in its alphabetical order, worked out once."""
from portal_site.i18n import addresses


def test_the_country_list_is_sorted_for_the_language_and_kept(app):
    with app.test_request_context("/?locale=fr"):
        french = addresses.countries()
        names = [name for _code, name in french]
        assert names.index("Danemark") < names.index("Égypte") < names.index("Espagne") < names.index("Fidji")
        assert ("US", "États-Unis") in french and "ZZ" not in dict(french)
    with app.test_request_context("/?locale=fr"):
        assert addresses.countries() is french
    with app.test_request_context("/?locale=de"):
        assert ("DE", "Deutschland") in addresses.countries()
